package io.netchannel.model.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Caller;
import io.netchannel.api.Coalescing;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * COAL-8, no lost wake-up, on the whole device: a guest that on every notification consumes what
 * is published and re-arms {@code rsp_event = rsp_cons + 1} hears of every response within
 * maxDelay of its publish (at once when immediate), and is not notified more often than
 * completions/maxFrames + elapsed/maxDelay + 1 times.
 */
class CoalescingProperties {

    /** One step of the run: TX packets pushed, frames from the wire, or time. */
    record Action(int kind, int amount) {
        static final int PUSH = 0;
        static final int RECEIVE = 1;
        static final int ADVANCE = 2;
    }

    @Provide
    Arbitrary<Coalescing> coalescing() {
        return Arbitraries.oneOf(
                Arbitraries.just(Coalescing.IMMEDIATE),
                Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.longs().between(1, 200_000)).as(Coalescing::new));
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 6).map(n -> new Action(Action.PUSH, n)),
                Arbitraries.integers().between(1, 3).map(n -> new Action(Action.RECEIVE, n)),
                Arbitraries.integers().between(0, 150_000).map(dt -> new Action(Action.ADVANCE, dt)));
        return action.list().ofMaxSize(60);
    }

    /** A guest that consumes on every notification; it remembers when each response was published. */
    private static final class Driver {
        final Rig rig = new Rig();
        final Map<Queue, Integer> consumed = new EnumMap<>(Queue.class);
        final Map<Queue, List<Long>> publishedAt = new EnumMap<>(Queue.class);
        final Map<Queue, Integer> notifications = new EnumMap<>(Queue.class);
        int reposted;
        long now;

        Driver(Coalescing tx, Coalescing rx) {
            rig.create(1, 0);
            GuestConfig config = GuestConfig.builder().coalescing(Queue.TX, tx).coalescing(Queue.RX, rx).build();
            assertThat(rig.device.control(Caller.guest(1), new ControlRequest.SetGuestConfig(1, config))).isEqualTo(ControlResult.OK);
            for (Queue queue : Queue.values()) {
                consumed.put(queue, 0);
                publishedAt.put(queue, new ArrayList<>());
                notifications.put(queue, 0);
            }
            for (int i = 0; i < 128; i++) {
                rig.postRx(1, i % 20, i);
            }
            rig.sink.onNotify = () -> {
                RecordingSink.Event last = rig.sink.events.get(rig.sink.events.size() - 1);
                Queue queue = ((RecordingSink.Notification) last).queue();
                byte[] ring = queue == Queue.TX ? rig.tx(1) : rig.rx(1);
                int rspProd = Guest.u32(ring, Guest.RSP_PROD);
                consumed.put(queue, rspProd);
                notifications.merge(queue, 1, Integer::sum);
                Guest.putU32(ring, Guest.RSP_EVENT, rspProd + 1); // RING-16: re-arm, then re-check (nothing new here)
            };
        }

        void act(Action action) {
            if (action.kind() == Action.PUSH) {
                int outstanding = publishedAt.get(Queue.TX).size() - consumed.get(Queue.TX);
                int count = Math.min(action.amount(), 256 - outstanding - 6);
                for (int i = 0; i < count; i++) {
                    rig.queueSimple(1, 0, i, Rig.frame(MacAddress.BROADCAST, Rig.mac(1), 60));
                }
                rig.pushTx(1);
            } else if (action.kind() == Action.RECEIVE) {
                for (int i = 0; i < action.amount(); i++) {
                    byte[] frame = Rig.frame(Rig.mac(1), 60);
                    rig.device.receive(0, frame, 0, frame.length);
                }
            } else {
                now += action.amount();
                rig.device.advanceTo(now);
            }
            recordPublishes();
            while (reposted < consumed.get(Queue.RX)) { // buffers back to the ring
                rig.postRx(1, reposted % 20, reposted);
                reposted++;
            }
        }

        /** Without a rate limit only kicks and deliveries publish, so what is new was published now. */
        void recordPublishes() {
            for (Queue queue : Queue.values()) {
                int rspProd = Guest.u32(queue == Queue.TX ? rig.tx(1) : rig.rx(1), Guest.RSP_PROD);
                List<Long> times = publishedAt.get(queue);
                while (times.size() < rspProd) {
                    times.add(now);
                }
            }
        }

        /** COAL-8: every response published at least maxDelay ago (any, when immediate) has been heard of. */
        void checkNothingOverdue(Queue queue, Coalescing coalescing) {
            long delay = coalescing.immediate() ? 0 : coalescing.maxDelayNanos();
            List<Long> times = publishedAt.get(queue);
            for (int index = consumed.get(queue); index < times.size(); index++) {
                assertThat(now).as("%s response %d published at %d is overdue at %d", queue, index, times.get(index), now)
                        .isLessThan(times.get(index) + delay);
            }
        }
    }

    @Property(tries = 300)
    void required_COAL8_everyResponseIsNotifiedWithinMaxDelayAndNotificationsAreBounded(@ForAll("coalescing") Coalescing tx,
            @ForAll("coalescing") Coalescing rx, @ForAll("actions") List<Action> actions) {
        Driver driver = new Driver(tx, rx);
        for (Action action : actions) {
            driver.act(action);
            driver.checkNothingOverdue(Queue.TX, tx);
            driver.checkNothingOverdue(Queue.RX, rx);
        }
        driver.act(new Action(Action.ADVANCE, 200_000)); // past every deadline
        driver.checkNothingOverdue(Queue.TX, tx);
        driver.checkNothingOverdue(Queue.RX, rx);

        for (Queue queue : Queue.values()) {
            Coalescing coalescing = queue == Queue.TX ? tx : rx;
            long completions = driver.publishedAt.get(queue).size(); // one slot per packet and per 60-byte frame here
            long heard = driver.notifications.get(queue);
            assertThat(driver.consumed.get(queue)).as("%s: every response heard of", queue).isEqualTo((int) completions);
            if (coalescing.immediate()) {
                assertThat(heard).isLessThanOrEqualTo(completions);
            } else {
                // heard ≤ completions/maxFrames + elapsed/maxDelay + 1, multiplied out
                long frames = coalescing.maxFrames();
                long delay = coalescing.maxDelayNanos();
                assertThat(heard * frames * delay).as("%s notifications=%d", queue, heard)
                        .isLessThanOrEqualTo(completions * delay + driver.now * frames + frames * delay);
            }
        }
    }
}
