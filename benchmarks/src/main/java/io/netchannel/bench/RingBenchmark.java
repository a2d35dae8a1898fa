package io.netchannel.bench;

import io.netchannel.api.layout.SharedRingLayout;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * R1 and R2: the descriptor ring alone, on one thread, against JCTools' {@link SpscArrayQueue} in
 * the same run.
 *
 * <p>Every benchmark moves the same {@value #BATCH} TX descriptors (gref, offset, flags, id, size)
 * from a producer to a consumer: the producer fills each descriptor, the consumer reads all five
 * fields. An invocation publishes {@value #BATCH} (a whole ring) and then consumes
 * {@value #BATCH}, and counts as {@value #BATCH} operations, so one op is one descriptor offered
 * and polled: a pair.
 * <ul>
 *   <li>{@link #ringPerRequest}: {@code req_prod} published after every request and the slot
 *       handed back after every request, like JCTools' per-element ordered stores (R1).</li>
 *   <li>{@link #ringPerBatch}: {@code req_prod} published once for the batch and the slots handed
 *       back once, as {@code RING_PUSH_REQUESTS} after a batch (R2).</li>
 *   <li>{@link #jctoolsSpsc}: the peer, like for like; pooled mutable descriptor objects
 *       (nothing allocated) filled by the producer and read by the consumer, through
 *       {@code SpscArrayQueue(1024)} offer then poll (the capacity of the performance anchors'
 *       measurement). R1 and R2 divide by this one.</li>
 *   <li>{@link #jctoolsSpscBoxed}: the performance anchors' own baseline, pre-boxed
 *       {@code Integer}s offered and polled with no descriptor to fill or read. It moves less
 *       information than the ring does, and is here so the ratios the goals were first set from
 *       can be recomputed in the same run.</li>
 * </ul>
 * The ring here is the protocol on the api layout, as a device and a driver run it over a page;
 * one thread plays both sides, so the figures are the cost of the layout and the ordering, not
 * of cross-core cache traffic.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class RingBenchmark {

    /** Descriptors per invocation: one whole ring. */
    static final int BATCH = SharedRingLayout.RING_SIZE;
    private static final int QUEUE_CAPACITY = 1024;

    /** A mutable TX descriptor, pooled so the JCTools side allocates nothing. */
    static final class Descriptor {
        int gref;
        int offset;
        int flags;
        int id;
        int size;
    }

    /** The ring page and the queue, with the sequence number both producers draw values from. */
    @State(Scope.Thread)
    public static class Rings {
        final PageRing ring = new PageRing();
        final SpscArrayQueue<Descriptor> queue = new SpscArrayQueue<>(QUEUE_CAPACITY);
        final Descriptor[] pool = new Descriptor[BATCH];
        final SpscArrayQueue<Integer> boxedQueue = new SpscArrayQueue<>(QUEUE_CAPACITY);
        final Integer[] boxed = new Integer[BATCH];
        int expected;

        /** Fills the pool and checks one invocation of each variant moves every descriptor intact. */
        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < BATCH; i++) {
                pool[i] = new Descriptor();
            }
            for (int i = 0; i < BATCH; i++) {
                expected += gref(i) + offset(i) + id(i) + PipelineGuest.FRAME_BYTES;
                boxed[i] = Integer.valueOf(gref(i) + offset(i) + id(i) + PipelineGuest.FRAME_BYTES);
            }
            verify();
        }

        /** Checks again at the end, so a variant that went wrong while timed is not reported. */
        @TearDown(Level.Trial)
        public void tearDown() {
            verify();
        }

        private void verify() {
            check("ringPerRequest", perRequest(this));
            check("ringPerBatch", perBatch(this));
            check("jctoolsSpsc", jctools(this));
            check("jctoolsSpscBoxed", jctoolsBoxed(this));
        }

        private void check(String variant, int sum) {
            if (sum != expected) {
                throw new IllegalStateException(variant + " lost or changed descriptors: sum=" + sum
                        + " expected=" + expected);
            }
        }
    }

    /** One op: one descriptor published and consumed, {@code req_prod} and {@code rsp_prod} released per request. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int ringPerRequest(Rings state) {
        return perRequest(state);
    }

    /** One op: one descriptor published and consumed, indices released once per batch of {@value #BATCH}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int ringPerBatch(Rings state) {
        return perBatch(state);
    }

    /** One op: one descriptor offered to and polled from a JCTools SpscArrayQueue. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int jctoolsSpsc(Rings state) {
        return jctools(state);
    }

    /** One op: one pre-boxed Integer offered to and polled from a JCTools SpscArrayQueue (the anchors' setup). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int jctoolsSpscBoxed(Rings state) {
        return jctoolsBoxed(state);
    }

    static int perRequest(Rings state) {
        PageRing ring = state.ring;
        byte[] page = ring.page;
        int prod = ring.producerIndex();
        int limit = prod + ring.freeSlots(prod);
        for (int i = 0; i < BATCH; i++) {
            if (prod == limit) {
                throw new IllegalStateException("ring full at request " + i);
            }
            PageRing.put(page, prod, gref(i), offset(i), 0, id(i), PipelineGuest.FRAME_BYTES);
            prod++;
            ring.publishRequests(prod);
        }
        ring.producerIndex(prod);
        int cons = ring.consumerIndex();
        int seen = cons;
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            if (cons == seen) {
                seen = ring.published(); // re-read req_prod only once every known request is consumed
                if (cons == seen) {
                    throw new IllegalStateException("ring empty at request " + i);
                }
            }
            sum += PageRing.get(page, cons);
            cons++;
            ring.publishConsumed(cons);
        }
        ring.consumerIndex(cons);
        return sum;
    }

    static int perBatch(Rings state) {
        PageRing ring = state.ring;
        byte[] page = ring.page;
        int prod = ring.producerIndex();
        if (ring.freeSlots(prod) < BATCH) {
            throw new IllegalStateException("ring has " + ring.freeSlots(prod) + " free slots, expected " + BATCH);
        }
        for (int i = 0; i < BATCH; i++) {
            PageRing.put(page, prod + i, gref(i), offset(i), 0, id(i), PipelineGuest.FRAME_BYTES);
        }
        ring.publishRequests(prod + BATCH);
        ring.producerIndex(prod + BATCH);
        int cons = ring.consumerIndex();
        int end = ring.published();
        if (end - cons != BATCH) {
            throw new IllegalStateException("ring holds " + (end - cons) + " requests, expected " + BATCH);
        }
        int sum = 0;
        for (; cons != end; cons++) {
            sum += PageRing.get(page, cons);
        }
        ring.publishConsumed(cons);
        ring.consumerIndex(cons);
        return sum;
    }

    static int jctools(Rings state) {
        SpscArrayQueue<Descriptor> queue = state.queue;
        Descriptor[] pool = state.pool;
        for (int i = 0; i < BATCH; i++) {
            Descriptor d = pool[i];
            d.gref = gref(i);
            d.offset = offset(i);
            d.flags = 0;
            d.id = id(i);
            d.size = PipelineGuest.FRAME_BYTES;
            if (!queue.offer(d)) {
                throw new IllegalStateException("queue full at element " + i);
            }
        }
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            Descriptor d = queue.poll();
            if (d == null) {
                throw new IllegalStateException("queue empty at element " + i);
            }
            sum += d.gref + d.offset + d.flags + d.id + d.size;
        }
        return sum;
    }

    static int jctoolsBoxed(Rings state) {
        SpscArrayQueue<Integer> queue = state.boxedQueue;
        Integer[] values = state.boxed;
        for (int i = 0; i < BATCH; i++) {
            if (!queue.offer(values[i])) {
                throw new IllegalStateException("queue full at element " + i);
            }
        }
        int sum = 0;
        for (int i = 0; i < BATCH; i++) {
            Integer value = queue.poll();
            if (value == null) {
                throw new IllegalStateException("queue empty at element " + i);
            }
            sum += value;
        }
        return sum;
    }

    private static int gref(int i) {
        return 16 + (i & 31);
    }

    private static int offset(int i) {
        return (i & 63) << 6;
    }

    private static int id(int i) {
        return i & SharedRingLayout.SLOT_MASK;
    }
}
