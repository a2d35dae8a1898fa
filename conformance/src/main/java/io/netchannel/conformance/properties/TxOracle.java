package io.netchannel.conformance.properties;

import io.netchannel.api.Access;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.MacAddress;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.harness.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The outcome the spec gives a TX packet (chapter 04, section 3.4, the normative reference
 * procedure), computed from the raw 12-byte entries the guest published. It is written from the
 * rule text alone so that it can judge the reference model too. Given the sending context's
 * configuration it also applies chapter 07 to every frame chapter 04 accepts (section 3, through
 * {@link TxPolicyOracle}): a frame from a MAC the context does not own, or with a tag its VLAN
 * policy forbids, or that a filter rule drops, is {@link Kind#DROPPED}.
 */
public final class TxOracle {

    /**
     * How the spec decides a packet. {@code DROPPED}: a valid chain whose frame chapter 07 drops
     * (TXF-9: first and data slots answered DROPPED, extras NULL, one drop counter).
     */
    public enum Kind { VALID, ERROR, FATAL, MULTICAST_OK, MULTICAST_ERROR, DROPPED }

    /** One expected TX response. */
    public record Response(int id, short status) {
        @Override
        public String toString() {
            return "{id " + id + ", " + TxOracle.status(status) + "}";
        }
    }

    /**
     * The decision for one packet.
     *
     * @param kind the outcome
     * @param rule the requirement that decides it (the first that holds, in the procedure's order)
     * @param slots slots the packet spans (consumed and answered unless fatal)
     * @param responses expected responses, one per slot, in request order (empty when fatal)
     * @param frame the frame the guest sent, for a valid chain ({@code VALID} or {@code DROPPED}), else {@code null}
     * @param policy chapter 07's decision on that frame when the oracle knows the context's
     *     configuration, else {@code null}
     * @param wires the frames that leave for a {@code VALID} packet, in order: one, or the segments
     *     of a GSO packet (TSO-2), each with the checksums chapter 11 fills in; else empty
     */
    public record Outcome(Kind kind, String rule, int slots, List<Response> responses, byte[] frame, TxPolicyOracle.Decision policy,
            List<byte[]> wires) {

        /** An outcome that sends nothing. */
        Outcome(Kind kind, String rule, int slots, List<Response> responses, byte[] frame, TxPolicyOracle.Decision policy) {
            this(kind, rule, slots, responses, frame, policy, List.of());
        }

        /**
         * The one frame a {@code VALID} packet sends (the tag inserted for an Access context,
         * TXF-4, the L4 checksum filled in for csum_blank, CSUM-1), else {@code null}; a GSO packet
         * that leaves as several segments has no one frame: read {@link #wires()}.
         */
        public byte[] wire() {
            if (kind != Kind.VALID) {
                return null;
            }
            if (wires.size() != 1) {
                throw new IllegalStateException("a GSO packet leaves as " + wires.size() + " segments: read wires()");
            }
            return wires.get(0);
        }

        @Override
        public String toString() {
            return kind + " by " + rule + " over " + slots + " slot(s)" + (frame != null ? ", frame of " + frame.length + " bytes" : "")
                    + (wires.size() > 1 ? " sent as " + wires.size() + " segments" : "")
                    + (policy != null && kind == Kind.DROPPED ? " (" + policy + ")" : "");
        }
    }

    private final IntPredicate ringPage;
    private final IntFunction<Access> access;
    private final IntFunction<byte[]> pages;
    private final boolean checksum;
    private final boolean tso;
    private final int maxGroups;
    private final ContextConfig config;
    private final Set<MacAddress> groups = new LinkedHashSet<>();

    /**
     * An oracle of chapter 04 alone for one context: every valid chain is a {@code VALID} frame,
     * for a caller that applies chapter 07 itself.
     *
     * @param access what the context may do with a gref
     * @param ringPage whether a gref is one of the context's own ring pages (DESC-17)
     * @param pages the guest's page behind a gref, for the frame bytes
     * @param tso whether the device claims the tso profile (DESC-16), and with it checksum (OFF-1)
     * @param maxGroups the device's maxMulticastGroups
     */
    public TxOracle(IntFunction<Access> access, IntPredicate ringPage, IntFunction<byte[]> pages, boolean tso, int maxGroups) {
        this(access, ringPage, pages, tso, tso, maxGroups, null);
    }

    /** As the oracle of chapters 04 and 07 below, the device claiming checksum exactly when it claims tso (OFF-1). */
    public TxOracle(IntFunction<Access> access, IntPredicate ringPage, IntFunction<byte[]> pages, boolean tso, int maxGroups, ContextConfig config) {
        this(access, ringPage, pages, tso, tso, maxGroups, config);
    }

    /**
     * An oracle of chapters 04, 07 and 11 for one context whose host configuration is {@code config}
     * (its MACs, VLAN policy, filter rules and default: TXF-2 to TXF-9), or of chapters 04 and 11
     * alone when {@code config} is null.
     *
     * @param checksum whether the device claims the checksum profile (CSUM-1, CSUM-3)
     * @param tso whether the device claims the tso profile (DESC-16, TSO-1 to TSO-5)
     */
    public TxOracle(IntFunction<Access> access, IntPredicate ringPage, IntFunction<byte[]> pages, boolean checksum, boolean tso, int maxGroups,
            ContextConfig config) {
        this.checksum = checksum;
        this.access = access;
        this.ringPage = ringPage;
        this.pages = pages;
        this.tso = tso;
        this.maxGroups = maxGroups;
        this.config = config;
    }

    /** The multicast list as the multicast-control packets decided so far left it. */
    public Set<MacAddress> groups() {
        return groups;
    }

    /**
     * Decides the packet starting at {@code entries[from]}, where {@code entries} holds every entry
     * the guest published from the batch start up to {@code req_prod}.
     */
    public Outcome decide(List<byte[]> entries, int from) {
        int n = entries.size();
        int i = from;
        byte[] first = entries.get(i++);
        int firstFlags = Bytes.u16(first, TxRequestLayout.FLAGS);
        Map<Integer, byte[]> extras = new TreeMap<>();
        int extraCount = 0;
        if ((firstFlags & TxRequestLayout.FLAG_EXTRA_INFO) != 0) {
            while (true) {
                if (i == n) {
                    return fatal("DESC-3", i - from);
                }
                byte[] x = entries.get(i++);
                extraCount++;
                int type = x[ExtraInfoLayout.TYPE] & 0xFF;
                if (type == ExtraInfoLayout.TYPE_NONE || type >= ExtraInfoLayout.TYPE_MAX) {
                    return fatal("DESC-4", i - from);
                }
                if (type == ExtraInfoLayout.TYPE_GSO) {
                    int size = Bytes.u16(x, ExtraInfoLayout.GSO_SIZE);
                    int gsoType = x[ExtraInfoLayout.GSO_TYPE] & 0xFF;
                    if (size == 0 || (gsoType != ExtraInfoLayout.GSO_TYPE_TCPV4 && gsoType != ExtraInfoLayout.GSO_TYPE_TCPV6)) {
                        return fatal("DESC-4", i - from);
                    }
                }
                extras.put(type, x);
                if ((x[ExtraInfoLayout.FLAGS] & ExtraInfoLayout.FLAG_MORE) == 0) {
                    break;
                }
            }
        }
        if (extras.containsKey(ExtraInfoLayout.TYPE_MCAST_ADD) || extras.containsKey(ExtraInfoLayout.TYPE_MCAST_DEL)) {
            return multicast(entries, from, first, extraCount, extras);
        }
        List<byte[]> data = new ArrayList<>();
        byte[] prev = first;
        int count = 0;
        while ((Bytes.u16(prev, TxRequestLayout.FLAGS) & TxRequestLayout.FLAG_MORE_DATA) != 0) {
            if (i == n) {
                return fatal("DESC-3", i - from);
            }
            count++;
            if (count > TxRequestLayout.SLOTS_FATAL_ABOVE) {
                return fatal("DESC-6", i - from);
            }
            byte[] d = entries.get(i++);
            if (Bytes.u16(d, TxRequestLayout.OFFSET) + Bytes.u16(d, TxRequestLayout.SIZE) > GuestMemory.PAGE_SIZE) {
                return fatal("DESC-5", i - from);
            }
            data.add(d);
            prev = d;
        }
        long rest = 0;
        for (byte[] d : data) {
            rest += Bytes.u16(d, TxRequestLayout.SIZE);
        }
        int firstSize = Bytes.u16(first, TxRequestLayout.SIZE);
        int firstOffset = Bytes.u16(first, TxRequestLayout.OFFSET);
        long own = firstSize - rest;
        if (rest <= firstSize && firstOffset + own > GuestMemory.PAGE_SIZE) {
            return fatal("DESC-5", i - from);
        }
        int slots = i - from;
        String error = null;
        if (count == 19 || count == 20) {
            error = "DESC-6";
        } else if (rest > firstSize) {
            error = "DESC-7";
        } else if (own < TxRequestLayout.MIN_FIRST_SLOT) {
            error = "DESC-8";
        } else if (unreadable(first, own, data)) {
            error = "DESC-9";
        } else if (namesRingPage(first, data)) {
            error = "DESC-17";
        } else if (extras.containsKey(ExtraInfoLayout.TYPE_GSO) && !tso) {
            error = "DESC-16";
        }
        if (error != null) {
            return new Outcome(Kind.ERROR, error, slots, answers(entries, from, extraCount, slots, NetifStatus.ERROR), null, null);
        }
        ByteArrayOutputStream assembled = new ByteArrayOutputStream();
        assembled.write(pages.apply(Bytes.u32(first, TxRequestLayout.GREF)), firstOffset, (int) own);
        for (byte[] d : data) {
            int size = Bytes.u16(d, TxRequestLayout.SIZE);
            if (size > 0) {
                assembled.write(pages.apply(Bytes.u32(d, TxRequestLayout.GREF)), Bytes.u16(d, TxRequestLayout.OFFSET), size);
            }
        }
        byte[] frame = assembled.toByteArray();
        String rule = data.isEmpty() ? "TX-1" : "DESC-2";
        // chapter 11, judged on the frame as the guest built it, before chapter 07 (CSUM-3, TSO-1)
        byte[] gso = extras.get(ExtraInfoLayout.TYPE_GSO);
        boolean blank = checksum && (firstFlags & TxRequestLayout.FLAG_CSUM_BLANK) != 0;
        if (gso != null) {
            if (OffloadOracle.tsoRefusal(frame, gso[ExtraInfoLayout.GSO_TYPE] & 0xFF) != null) {
                return new Outcome(Kind.ERROR, "TSO-1", slots, answers(entries, from, extraCount, slots, NetifStatus.ERROR), null, null);
            }
            rule = "TSO-2";
        } else if (blank) {
            if (OffloadOracle.parse(frame) == null) {
                return new Outcome(Kind.ERROR, "CSUM-3", slots, answers(entries, from, extraCount, slots, NetifStatus.ERROR), null, null);
            }
            rule = "CSUM-1";
        }
        if (config == null) {
            return new Outcome(Kind.VALID, rule, slots, answers(entries, from, extraCount, slots, NetifStatus.OKAY), frame, null,
                    offloaded(frame, gso, blank));
        }
        // chapter 07, section 3: source MAC, VLAN policy, filter rules (TXF-1), once for a GSO packet (TSO-5)
        TxPolicyOracle.Decision decision = TxPolicyOracle.decide(config.macs(), config.vlan(), config.txRules(), config.txDefault(), frame);
        if (decision.verdict() == TxPolicyOracle.Verdict.SENT) {
            return new Outcome(Kind.VALID, rule, slots, answers(entries, from, extraCount, slots, NetifStatus.OKAY), frame, decision,
                    offloaded(decision.wire(), gso, blank));
        }
        return new Outcome(Kind.DROPPED, decision.why(), slots, answers(entries, from, extraCount, slots, NetifStatus.DROPPED), frame, decision);
    }

    /**
     * The frames that leave for {@code wire} (the frame as chapter 07 made it: a tag TXF-4 inserts
     * moves no L3 byte, so segmenting or completing it equals doing so before the tag): its
     * segments for a GSO packet (TSO-2 to TSO-4), the frame with its L4 checksum written for
     * csum_blank (CSUM-1), else the frame as queued (CSUM-4).
     */
    private static List<byte[]> offloaded(byte[] wire, byte[] gso, boolean blank) {
        if (gso != null) {
            return OffloadOracle.segment(wire, Bytes.u16(gso, ExtraInfoLayout.GSO_SIZE));
        }
        return List.of(blank ? OffloadOracle.complete(wire) : wire);
    }

    /** DESC-17: the first slot (its own length is at least 14 here) or a non-empty data slot names a ring page. */
    private boolean namesRingPage(byte[] first, List<byte[]> data) {
        if (ringPage.test(Bytes.u32(first, TxRequestLayout.GREF))) {
            return true;
        }
        for (byte[] d : data) {
            if (Bytes.u16(d, TxRequestLayout.SIZE) > 0 && ringPage.test(Bytes.u32(d, TxRequestLayout.GREF))) {
                return true;
            }
        }
        return false;
    }

    private boolean unreadable(byte[] first, long own, List<byte[]> data) {
        if (own > 0 && !access.apply(Bytes.u32(first, TxRequestLayout.GREF)).readable()) {
            return true;
        }
        for (byte[] d : data) {
            if (Bytes.u16(d, TxRequestLayout.SIZE) > 0 && !access.apply(Bytes.u32(d, TxRequestLayout.GREF)).readable()) {
                return true;
            }
        }
        return false;
    }

    private Outcome multicast(List<byte[]> entries, int from, byte[] first, int extraCount, Map<Integer, byte[]> extras) {
        boolean ok;
        byte[] add = extras.get(ExtraInfoLayout.TYPE_MCAST_ADD);
        if (add != null) {
            MacAddress address = MacAddress.read(add, ExtraInfoLayout.MCAST_ADDR);
            ok = address.isMulticast() && (groups.contains(address) || groups.size() < maxGroups);
            if (ok) {
                groups.add(address);
            }
        } else {
            groups.remove(MacAddress.read(extras.get(ExtraInfoLayout.TYPE_MCAST_DEL), ExtraInfoLayout.MCAST_ADDR));
            ok = true;
        }
        int slots = 1 + extraCount;
        List<Response> responses = answers(entries, from, extraCount, slots, ok ? NetifStatus.OKAY : NetifStatus.ERROR);
        return new Outcome(ok ? Kind.MULTICAST_OK : Kind.MULTICAST_ERROR, "DESC-15", slots, responses, null, null);
    }

    /** First slot and data slots get {@code status}; extras NULL; ids echo the entries as read (DESC-14, TXF-9). */
    private static List<Response> answers(List<byte[]> entries, int from, int extraCount, int slots, short status) {
        List<Response> responses = new ArrayList<>();
        for (int k = 0; k < slots; k++) {
            byte[] entry = entries.get(from + k);
            boolean extra = k >= 1 && k <= extraCount;
            responses.add(extra ? new Response(Bytes.u16(entry, 0), NetifStatus.NULL)
                    : new Response(Bytes.u16(entry, TxRequestLayout.ID), status));
        }
        return responses;
    }

    private static Outcome fatal(String rule, int slots) {
        return new Outcome(Kind.FATAL, rule, slots, List.of(), null, null);
    }

    /** A status as the spec names it. */
    public static String status(short status) {
        return switch (status) {
            case NetifStatus.OKAY -> "OKAY";
            case NetifStatus.ERROR -> "ERROR";
            case NetifStatus.NULL -> "NULL";
            case NetifStatus.DROPPED -> "DROPPED";
            default -> Short.toString(status);
        };
    }
}
