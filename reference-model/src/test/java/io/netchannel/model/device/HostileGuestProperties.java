package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.Queue;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Any bytes in the ring pages and any index values: the device never throws, never makes an
 * access the page table refuses (MEM-2, MEM-3, MEM-5), and writes in a ring page only req_event,
 * rsp_prod and response bytes (RING-10).
 */
class HostileGuestProperties {

    /** One step of a hostile guest, host or wire. */
    sealed interface Action permits Scribble, Kick, Frame, Revoke, Reset {
    }

    /** The guest writes {@code bytes} at {@code offset} of a ring page of context 1 or 2. */
    record Scribble(int context, boolean tx, int offset, byte[] bytes) implements Action {
    }

    /** A doorbell. */
    record Kick(int context, boolean tx) implements Action {
    }

    /** A frame of {@code length} bytes for context 1 or 2 (or nobody, as context 3). */
    record Frame(int context, int length) implements Action {
    }

    /** The guest takes back a data page or a ring page. */
    record Revoke(int context, int gref) implements Action {
    }

    /** The host resets a context. */
    record Reset(int context) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> context = Arbitraries.integers().between(1, 2);
        Arbitrary<Action> scribble = Combinators.combine(context, Arbitraries.of(true, false),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 4090)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(48))
                .as((c, tx, offset, bytes) -> new Scribble(c, tx, offset, clip(bytes, offset)));
        Arbitrary<Action> smallScribble = Combinators.combine(context, Arbitraries.of(true, false),
                Arbitraries.of(0, 8, 12), Arbitraries.integers().between(-3, 300))
                .as((c, tx, field, value) -> new Scribble(c, tx, field, le(value)));
        Arbitrary<Action> kick = Combinators.combine(context, Arbitraries.of(true, true, false)).as(Kick::new);
        Arbitrary<Action> frame = Combinators.combine(Arbitraries.integers().between(1, 3),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 100), Arbitraries.integers().between(4000, 66000)))
                .as(Frame::new);
        Arbitrary<Action> revoke = Combinators.combine(context, Arbitraries.integers().between(0, 12)).as(Revoke::new);
        Arbitrary<Action> reset = context.map(Reset::new);
        return Arbitraries.frequencyOf(
                Tuple.of(6, scribble), Tuple.of(4, smallScribble), Tuple.of(6, kick),
                Tuple.of(3, frame), Tuple.of(1, revoke), Tuple.of(1, reset))
                .list().ofMaxSize(40);
    }

    private static byte[] clip(byte[] bytes, int offset) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, 4096 - offset));
    }

    private static byte[] le(int value) {
        byte[] bytes = new byte[4];
        Guest.putU32(bytes, 0, value);
        return bytes;
    }

    @Property(tries = 300)
    void required_RING10_anyRingBytesNeverCrashTheDeviceOrCauseAStrayAccess(@ForAll("actions") List<Action> actions) {
        Rig rig = new Rig().create(1, 0).create(2, -100);
        for (int i = 0; i < 6; i++) {
            rig.queueSimple(1, i, i, Rig.frame(Rig.mac(2), Rig.mac(1), 60 + i));
            rig.postRx(2, i, i);
        }
        rig.publishTx(1);
        for (Action action : actions) {
            rig.memory.writes().clear();
            apply(rig, action);

            assertThat(rig.memory.findings()).as("refused accesses after %s", action).isEmpty();
            for (PageTable.Write write : rig.memory.writes()) {
                assertAllowedWrite(write);
            }
        }
    }

    private static void apply(Rig rig, Action action) {
        if (action instanceof Scribble scribble) {
            byte[] page = scribble.tx() ? rig.tx(scribble.context()) : rig.rx(scribble.context());
            System.arraycopy(scribble.bytes(), 0, page, scribble.offset(), scribble.bytes().length);
        } else if (action instanceof Kick kick) {
            rig.device.kick(kick.context(), kick.tx() ? Queue.TX : Queue.RX);
        } else if (action instanceof Frame frame) {
            byte[] bytes = Rig.frame(Rig.mac(frame.context()), Math.max(frame.length(), 6));
            rig.device.receive(0, bytes, 0, frame.length());
        } else if (action instanceof Revoke revoke) {
            int gref = revoke.gref() < 10 ? Rig.dataGref(revoke.context(), revoke.gref())
                    : revoke.gref() == 10 ? Rig.txGref(revoke.context()) : Rig.rxGref(revoke.context());
            rig.memory.revoke(gref);
            if (revoke.gref() == 11) {
                rig.memory.grant(gref, revoke.context(), Access.READ_ONLY);
            }
        } else if (action instanceof Reset reset) {
            rig.device.control(Caller.HOST, new ControlRequest.ResetContext(reset.context()));
        }
    }

    /** RING-10: in a ring page only req_event, rsp_prod and response bytes; TX responses are 4 bytes. */
    private static void assertAllowedWrite(PageTable.Write write) {
        boolean txRing = write.gref() == Rig.txGref(write.context());
        boolean rxRing = write.gref() == Rig.rxGref(write.context());
        if (!txRing && !rxRing) {
            assertThat(write.gref()).as("only RX buffers are written outside the rings: %s", write)
                    .isBetween(Rig.dataGref(write.context(), 0), Rig.dataGref(write.context(), 19));
            assertThat(write.offset()).isZero();
            return;
        }
        if (write.offset() < 64) {
            assertThat(write.offset()).as("header write %s", write).isIn(4, 8);
            assertThat(write.length()).isEqualTo(4);
        } else if (txRing) {
            assertThat((write.offset() - 64) % 12).as("TX response at an entry start %s", write).isZero();
            assertThat(write.length()).isEqualTo(4);
            assertThat(write.offset()).isLessThan(64 + 256 * 12);
        } else {
            assertThat((write.offset() - 64) % 8).as("RX response at an entry start %s", write).isZero();
            assertThat(write.length()).isEqualTo(8);
            assertThat(write.offset()).isLessThan(64 + 256 * 8);
        }
    }
}
