package io.netchannel.conformance.properties;

import io.netchannel.api.Coalescing;
import io.netchannel.api.Queue;
import io.netchannel.api.TxRate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's own reading of chapter 09, written from the spec and independent of the reference
 * model: the token bucket in exact integer arithmetic (QOS-3), its change at run time (QOS-8), the
 * TX walk of one context under a limit (QOS-4 to QOS-7) and the window law over observed steps.
 */
public final class QosOracle {

    private QosOracle() {
    }

    // ------------------------------------------------------------------ the bucket (QOS-3)

    /**
     * One context's token bucket: the level in byte·ns units (credit in bytes × periodNanos) and
     * the time it was last brought up to date.
     */
    public static final class Bucket {
        private final TxRate rate;
        private BigInteger level;
        private long at;

        private Bucket(TxRate rate, BigInteger level, long at) {
            if (rate.unlimited() || !rate.valid()) {
                throw new IllegalArgumentException("a bucket needs a valid limit: rate=" + rate);
            }
            this.rate = rate;
            this.level = level;
            this.at = at;
        }

        /** A full bucket at {@code now}: a create with a limit, or an update from no limit (RFC 2697). */
        public static Bucket full(TxRate rate, long now) {
            return new Bucket(rate, cap(rate), now);
        }

        private static BigInteger cap(TxRate rate) {
            return BigInteger.valueOf(rate.burstBytes()).multiply(BigInteger.valueOf(rate.periodNanos()));
        }

        /** The limit. */
        public TxRate rate() {
            return rate;
        }

        /** The level in byte·ns units. */
        public BigInteger level() {
            return level;
        }

        /** The time of the last accrual. */
        public long at() {
            return at;
        }

        /** Accrual to {@code t}: {@code L := min(L + (t − at)·bytes, burst·period)}. */
        public void accrue(long t) {
            if (t < at) {
                throw new IllegalArgumentException("time never goes back: at=" + at + " t=" + t);
            }
            level = level.add(BigInteger.valueOf(t - at).multiply(BigInteger.valueOf(rate.bytes()))).min(cap(rate));
            at = t;
        }

        /** Whether a packet of charge {@code s} conforms now (after {@link #accrue}). */
        public boolean conforms(long s) {
            return level.compareTo(charge(s, rate)) >= 0;
        }

        /** Subtracts the charge of a conforming packet. */
        public void take(long s) {
            if (!conforms(s)) {
                throw new IllegalStateException("charging a packet that does not conform: s=" + s + " level=" + level);
            }
            level = level.subtract(charge(s, rate));
        }

        /** {@code at + ceil((s·period − L) / bytes)}: when a packet of charge {@code s} that does not conform now will. */
        public long due(long s) {
            BigInteger missing = charge(s, rate).subtract(level);
            if (missing.signum() <= 0) {
                throw new IllegalStateException("a conforming packet has no due time: s=" + s + " level=" + level);
            }
            BigInteger[] qr = missing.divideAndRemainder(BigInteger.valueOf(rate.bytes()));
            BigInteger wait = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
            return BigInteger.valueOf(at).add(wait).longValueExact();
        }

        /**
         * QOS-8, limited to another limit at {@code now}: accrue under the old limit, then the new
         * level is {@code min(floor(L_old / period_old), burst_new) · period_new}, at now.
         */
        public Bucket changedTo(TxRate next, long now) {
            accrue(now);
            BigInteger bytes = level.divide(BigInteger.valueOf(rate.periodNanos())).min(BigInteger.valueOf(next.burstBytes()));
            return new Bucket(next, bytes.multiply(BigInteger.valueOf(next.periodNanos())), now);
        }

        @Override
        public String toString() {
            return "Bucket[" + rate + ", level=" + level + " byte·ns, at=" + at + "]";
        }
    }

    /** {@code s · period} in byte·ns units. */
    static BigInteger charge(long s, TxRate rate) {
        return BigInteger.valueOf(s).multiply(BigInteger.valueOf(rate.periodNanos()));
    }

    /** Nanoseconds to accrue {@code bytes} of credit under {@code rate}, rounded up, capped at {@code max}. */
    public static long timeFor(long bytes, TxRate rate, long max) {
        BigInteger t = charge(bytes, rate).add(BigInteger.valueOf(rate.bytes() - 1)).divide(BigInteger.valueOf(rate.bytes()));
        return t.min(BigInteger.valueOf(max)).longValueExact();
    }

    // ------------------------------------------------------------------ the window law (QOS-3)

    /**
     * What one step of a run let out of one context: its time, the time before it, whether it was an
     * instant (a kick, a send or a control call at {@code time}) or an advance (the frames left at
     * some time in {@code (before, time]}), and the bytes charged for the frames observed in it.
     */
    public record Observed(long before, long time, boolean instant, long bytes) {
    }

    /**
     * The first window of steps {@code i..j} whose frames break the window law, as a message, or
     * null. Frames seen in steps {@code i..j} left at times in {@code [a, time_j]} with {@code a}
     * the time of step i for an instant and more than {@code before_i} for an advance, so the law
     * {@code Σ charges ≤ burst + bytes·(b − a)/period} over the real window implies the checked,
     * weaker {@code Σ·period ≤ burst·period + bytes·(time_j − a_i)} with {@code a_i = time_i} or
     * {@code before_i}: a conforming device never fails it, and one that sends past the cap at an
     * instant, or faster than the rate over any stretch, does.
     */
    public static String windowViolation(TxRate rate, List<Observed> steps) {
        BigInteger period = BigInteger.valueOf(rate.periodNanos());
        BigInteger burst = BigInteger.valueOf(rate.burstBytes()).multiply(period);
        BigInteger perNano = BigInteger.valueOf(rate.bytes());
        for (int i = 0; i < steps.size(); i++) {
            Observed first = steps.get(i);
            long a = first.instant() ? first.time() : first.before();
            long sum = 0;
            for (int j = i; j < steps.size(); j++) {
                Observed last = steps.get(j);
                sum += last.bytes();
                if (last.bytes() == 0) {
                    continue; // the sum did not grow; a longer window only allows more
                }
                BigInteger charged = BigInteger.valueOf(sum).multiply(period);
                BigInteger allowed = burst.add(perNano.multiply(BigInteger.valueOf(last.time() - a)));
                if (charged.compareTo(allowed) > 0) {
                    return sum + " bytes left in steps " + (i + 1) + ".." + (j + 1) + " (times " + (first.instant() ? "[" : "(") + a + ", " + last.time()
                            + "] ns), more than burst + bytes·T/period = " + rate.burstBytes() + " + " + rate.bytes() + "·" + (last.time() - a) + "/"
                            + rate.periodNanos() + " allows";
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ one context's TX walk (QOS-4..QOS-8)

    /** What the TX checks make of a packet: it leaves (and needs credit), or is answered DROPPED or ERROR. */
    public enum Fate { SEND, DROP, ERROR }

    /** A packet the guest published: its number, charge (the first request's size), slots and fate. */
    public record Packet(int number, int size, int slots, Fate fate) {
    }

    /** A packet the device let out, and the time it left. */
    public record Left(Packet packet, long time) {
    }

    /**
     * One context's TX ring and bucket as chapter 09 drives them, and its TX queue's notifications
     * as chapter 10 decides them ({@link CoalescingOracle}; IMMEDIATE is chapter 03's), the guest
     * not acting during device calls. Indices are 32-bit ring indices (compared unsigned). The
     * caller feeds the same steps the device gets and reads what the device must have done.
     */
    public static final class Timeline {
        private final List<Packet> ring = new ArrayList<>();
        private TxRate rate = TxRate.UNLIMITED;
        private Bucket bucket;
        private boolean live;
        private int reqProd;
        private int reqCons;
        private int rspProd;
        private int reqEvent;
        private boolean waiting;
        private long due;
        private long limited;
        private long now;
        private final List<Left> left = new ArrayList<>();
        private final CoalescingOracle coalescing;
        private int answeredPackets;

        /** A context not created yet, its ring at {@code start} as the guest initialised it. */
        public Timeline(int start) {
            this.reqProd = start;
            this.reqCons = start;
            this.rspProd = start;
            this.reqEvent = start + 1;
            this.coalescing = new CoalescingOracle(start, 0, 0);
        }

        /** CreateContext at {@code now}: attach at rsp_prod (RING-14), a full bucket for a limit, counters 0. */
        public void create(TxRate limit, long at) {
            now = at;
            live = true;
            rate = limit;
            bucket = limit.unlimited() ? null : Bucket.full(limit, at);
            reqCons = rspProd;
            reqEvent = rspProd + 1;
            waiting = false;
            limited = 0;
            coalescing.reset(rspProd, 0, at);
            coalescing.retune(Queue.TX, Coalescing.IMMEDIATE, at); // a create starts from GuestConfig.DEFAULT
        }

        /** DestroyContext: the bucket, any wait and anything pending are gone. */
        public void destroy() {
            live = false;
            bucket = null;
            waiting = false;
            rate = TxRate.UNLIMITED;
            coalescing.fail();
        }

        /** ResetContext at {@code now}: the bucket is kept, a wait ends, the ring is re-attached at rsp_prod, nothing pending (COAL-9). */
        public void reset(long at) {
            now = at;
            waiting = false;
            reqCons = rspProd;
            reqEvent = rspProd + 1;
            coalescing.reset(rspProd, 0, at);
        }

        /** SetGuestConfig at {@code now} giving the TX queue {@code value} (COAL-7). */
        public void coalescing(Coalescing value, long at) {
            now = at;
            coalescing.retune(Queue.TX, value, at);
        }

        /** UpdateContext at {@code now} with {@code next} (QOS-8); a waiting context is re-evaluated at once. */
        public void update(TxRate next, long at) {
            now = at;
            if (next.equals(rate)) {
                return;
            }
            if (next.unlimited()) {
                bucket = null;
            } else if (bucket == null) {
                bucket = Bucket.full(next, at);
            } else {
                bucket = bucket.changedTo(next, at);
            }
            rate = next;
            if (waiting) {
                walk(at);
            }
        }

        /** The guest publishes {@code packets}; true when its push must kick (req_event passed, RING-9). */
        public boolean publish(List<Packet> packets) {
            int old = reqProd;
            for (Packet packet : packets) {
                ring.add(packet);
                reqProd += packet.slots();
            }
            return Integer.compareUnsigned(reqProd - reqEvent, reqProd - old) < 0;
        }

        /** The guest arms rsp_event. */
        public void rspEvent(int value) {
            coalescing.rspEvent(Queue.TX, value);
        }

        /** A kick at {@code now}. */
        public void kick(long at) {
            now = at;
            if (live) {
                walk(at);
            }
        }

        /**
         * advanceTo(t): every event due in (now, t] in order of its time, the clock at that time
         * while it runs; at one time the TX resumption before the TX decision (QOS-6, COAL-5).
         */
        public void advanceTo(long t) {
            while (true) {
                long resume = live && waiting ? due : Long.MAX_VALUE;
                long decide = live ? coalescing.nextDeadline() : Long.MAX_VALUE;
                long next = Math.min(resume, decide);
                if (next > t) {
                    break;
                }
                if (resume == next) {
                    walk(resume);
                } else {
                    coalescing.advanceTo(next);
                }
            }
            now = t;
        }

        /** The TX walk at {@code t} (chapter 03 section 7 with section C's stop). */
        private void walk(long t) {
            if (bucket != null) {
                bucket.accrue(t);
            }
            int published = rspProd;
            int answered = rspProd;
            int completions = 0;
            while (reqCons != reqProd) {
                Packet head = headPacket();
                if (head.fate() == Fate.SEND && bucket != null && !bucket.conforms(head.size())) {
                    if (!waiting) {
                        limited++; // QOS-7: once per wait
                        waiting = true;
                    }
                    due = bucket.due(head.size());
                    publish(published, answered, completions, t);
                    return; // section C: req_event is not written
                }
                if (head.fate() == Fate.SEND) {
                    if (bucket != null) {
                        bucket.take(head.size()); // QOS-4: before it leaves
                    }
                    left.add(new Left(head, t));
                }
                reqCons += head.slots();
                answered += head.slots();
                answeredPackets++;
                completions++;
            }
            waiting = false;
            publish(published, answered, completions, t);
            reqEvent = reqCons + 1; // RING-9; the re-check finds nothing new
        }

        /** A publish at {@code t}: a decision point of chapter 10 (with IMMEDIATE, RING-8's notification). */
        private void publish(int old, int answered, int completions, long t) {
            rspProd = answered;
            if (old != answered) {
                coalescing.publish(Queue.TX, answered, completions, t);
            }
        }

        /** The unconsumed packet at req_cons. */
        private Packet headPacket() {
            return ring.get(answeredPackets);
        }

        /** Packets that left so far, in order, with their times. */
        public List<Left> left() {
            return List.copyOf(left);
        }

        /** TX notifications so far. */
        public int notifications() {
            return coalescing.notifications().size();
        }

        /** The next event due: a resumption or a TX decision; {@link Long#MAX_VALUE} for none. */
        public long nextEvent() {
            return Math.min(live && waiting ? due : Long.MAX_VALUE, live ? coalescing.nextDeadline() : Long.MAX_VALUE);
        }

        /** TX_RATE_LIMITED as the device must show it. */
        public long rateLimited() {
            return live ? limited : 0;
        }

        /** The shared rsp_prod. */
        public int rspProd() {
            return rspProd;
        }

        /** The req_event the device last wrote. */
        public int reqEvent() {
            return reqEvent;
        }

        /** The shared req_prod. */
        public int reqProd() {
            return reqProd;
        }

        /** Whether the context is waiting for credit. */
        public boolean waiting() {
            return waiting;
        }

        /** The due time of the waiting packet (meaningful while {@link #waiting()}). */
        public long due() {
            return due;
        }

        /** Packets answered so far (a prefix of those published). */
        public int answeredPackets() {
            return answeredPackets;
        }

        /** Every packet published so far, in ring order. */
        public List<Packet> published() {
            return List.copyOf(ring);
        }

        /** The limit in force. */
        public TxRate rate() {
            return rate;
        }

        /** The bucket (null without a limit). */
        public Bucket bucket() {
            return bucket;
        }

        /** The time of the last step. */
        public long now() {
            return now;
        }

        /**
         * Nanoseconds after which every published packet has left, whatever the level now (at
         * least 0): each waits at most {@code ceil(s·period/bytes)} once the one before it left,
         * since the cap is at least its charge (QOS-5). Summed per packet, not over the sum of the
         * charges: at each release the credit accrued in its last nanosecond may pass the cap and
         * be lost. 0 without a limit.
         */
        public long timeToDrain() {
            if (bucket == null) {
                return 0;
            }
            long nanos = 0;
            for (Packet packet : ring.subList(answeredPackets, ring.size())) {
                if (packet.fate() == Fate.SEND) {
                    nanos += timeFor(packet.size(), rate, 1L << 50);
                }
            }
            return nanos;
        }
    }
}
