package io.netchannel.model.ring;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RING-8: notify exactly when the event index lies in (old, new] modulo 2^32 (Xen ring.h). */
class EventIndexTest {

    @Test
    void required_RING8_xenExampleOld10New13NotifiesForEvents11To13Only() {
        for (int event = 0; event <= 20; event++) {
            boolean expected = event >= 11 && event <= 13;
            assertThat(EventIndex.mustNotify(10, 13, event)).as("event=%d", event).isEqualTo(expected);
        }
    }

    @Test
    void required_RING8_xenWrapExampleNotifies() {
        assertThat(EventIndex.mustNotify(0xFFFF_FFFE, 2, 0xFFFF_FFFF)).isTrue();
        assertThat(EventIndex.mustNotify(0xFFFF_FFFE, 2, 0)).isTrue();
        assertThat(EventIndex.mustNotify(0xFFFF_FFFE, 2, 2)).isTrue();
        assertThat(EventIndex.mustNotify(0xFFFF_FFFE, 2, 0xFFFF_FFFE)).isFalse();
        assertThat(EventIndex.mustNotify(0xFFFF_FFFE, 2, 3)).isFalse();
    }

    @Property
    void required_RING8_emptyPushNeverNotifies(@ForAll int prod, @ForAll int event) {
        assertThat(EventIndex.mustNotify(prod, prod, event)).isFalse();
    }

    @Property
    void required_RING8_notifiesExactlyWhenTheEventIsOneOfTheIndicesPushed(
            @ForAll int old, @ForAll @IntRange(min = 0, max = 256) int pushed, @ForAll @IntRange(min = -300, max = 300) int offset) {
        int event = old + offset;
        boolean reached = false;
        for (int step = 1; step <= pushed; step++) {
            reached = reached || old + step == event;
        }
        assertThat(EventIndex.mustNotify(old, old + pushed, event)).isEqualTo(reached);
    }

    @Property
    void required_RING9_armingAsksForTheVeryNextItem(@ForAll int consumed) {
        assertThat(EventIndex.mustNotify(consumed, consumed + 1, EventIndex.nextItem(consumed))).isTrue();
    }
}
