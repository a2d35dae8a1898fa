package io.netchannel.conformance.vectors.generate;

import io.netchannel.conformance.vectors.Hex;
import io.netchannel.conformance.vectors.Layouts;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Layout vectors: the ring header (chapter 03, section 3.1) and the netif entries (section 3.3)
 * as fields and bytes. Every test's bytes come from {@link Layouts#encode} and are checked here
 * against a second encoder written from the Xen offsets as literal numbers, and, for the worked
 * examples, against bytes written out by hand; any disagreement stops the generator.
 */
final class LayoutVectors {

    private LayoutVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(ringHeader(), txRequest(), txResponse(), rxRequest(), rxResponse(), extraInfo());
    }

    // ------------------------------------------------------------------ ring.h

    private static VectorBundle.Entry ringHeader() {
        Structure s = new Structure("ring", "ring-header-layout", "ring-header", 64,
                new String[] {"reqProd", "reqEvent", "rspProd", "rspEvent"}, new int[] {0, 4, 8, 12}, new int[] {4, 4, 4, 4}, 0);
        FileBuilder file = FileBuilder.layout("ring", "ring-header-layout",
                "The 64-byte shared ring header of Xen's ring.h: four little-endian u32 indices at 0, 4, 8 and 12, then 48 bytes the device "
                        + "never writes (spec 03, section 3.1).");
        notes(file);
        file.note("IndexWrap", "EDGE_CASE", "indices at or near 2^32, where a free-running u32 wraps", "a codec that stores indices as "
                + "signed or wider values, or reduces them modulo the ring size, breaks here");
        s.add("shared-ring-init", "the header as SHARED_RING_INIT leaves it: producers 0, events 1", "RING-1")
                .hand("00000000" + "01000000" + "00000000" + "01000000" + zeros(48)).values(0, 1, 0, 1);
        s.add("all-zero", "every index 0", "RING-1").values(0, 0, 0, 0).flags("EdgeValue");
        s.add("distinct-bytes", "a different byte in every position, so a swapped or big-endian field shows",
                "RING-1").hand("01020304" + "05060708" + "090a0b0c" + "0d0e0f10" + zeros(48))
                .values(0x04030201L, 0x08070605L, 0x0c0b0a09L, 0x100f0e0dL).flags("ByteOrder");
        s.add("attach-at-0x12345678", "attached at rsp_prod 0x12345678: req_event is one past it", "RING-1")
                .hand("78563412" + "79563412" + "78563412" + "79563412" + zeros(48)).values(0x12345678L, 0x12345679L, 0x12345678L, 0x12345679L);
        s.add("all-ones", "every index 0xFFFFFFFF, the largest u32", "RING-1", "RING-4")
                .hand("ffffffff".repeat(4) + zeros(48)).values(0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL).flags("EdgeValue", "IndexWrap");
        s.add("events-wrapped-to-zero", "producers at 0xFFFFFFFF and both events one past, wrapped to 0", "RING-1", "RING-4")
                .values(0xFFFFFFFFL, 0, 0xFFFFFFFFL, 0).flags("IndexWrap");
        s.add("full-ring-across-wrap", "req_prod 0x80 with rsp_prod 0xFFFFFF80: 256 outstanding across the wrap", "RING-1", "RING-4")
                .values(0x80, 0xFFFFFF81L, 0xFFFFFF80L, 0xFFFFFF81L).flags("IndexWrap");
        s.add("signed-boundary", "indices either side of 2^31, where a signed 32-bit value changes sign", "RING-1", "RING-4")
                .values(0x80000000L, 0x80000001L, 0x7FFFFFFFL, 0x80000000L).flags("IndexWrap");
        s.add("req-prod-257-ahead", "req_prod 257 ahead of rsp_prod: the encoding is plain even when the ring is corrupt", "RING-1")
                .values(0x111, 0x11, 0x10, 0x11);
        s.add("rsp-event-far-ahead", "rsp_event half the index space ahead of rsp_prod, so no push reaches it soon", "RING-1")
                .values(0x20, 0x21, 0x20, 0x80000020L);
        return s.into(file);
    }

    // ------------------------------------------------------------------ netif.h, TX

    private static VectorBundle.Entry txRequest() {
        Structure s = new Structure("descriptor", "tx-request-layout", "tx-request", 12,
                new String[] {"gref", "offset", "flags", "id", "size"}, new int[] {0, 4, 6, 8, 10}, new int[] {4, 2, 2, 2, 2}, 0);
        FileBuilder file = FileBuilder.layout("descriptor", "tx-request-layout",
                "netif_tx_request, 12 bytes: gref u32 at 0, offset u16 at 4, flags u16 at 6, id u16 at 8, size u16 at 10 (spec 03, section 3.3; "
                        + "NETTXF_csum_blank 0x1, data_validated 0x2, more_data 0x4, extra_info 0x8).");
        notes(file);
        s.add("all-zero", "every field 0", "RING-2").values(0, 0, 0, 0, 0).flags("EdgeValue");
        s.add("distinct-bytes", "a different byte in every position, so a swapped or big-endian field shows", "RING-2")
                .hand("01020304" + "0506" + "0708" + "090a" + "0b0c").values(0x04030201L, 0x0605, 0x0807, 0x0a09, 0x0c0b).flags("ByteOrder");
        s.add("chapter-04-first-slot", "the first slot of chapter 04's example: page 7, offset 100, more_data, id 1, 3000 bytes", "RING-2", "DESC-2")
                .hand("07000000" + "6400" + "0400" + "0100" + "b80b").values(7, 100, 4, 1, 3000);
        s.add("ring-2-example", "gref 101, offset 16, no flags, id 0x1234, 60 bytes, as a guest writes it by hand", "RING-2")
                .hand("65000000" + "1000" + "0000" + "3412" + "3c00").values(101, 16, 0, 0x1234, 60);
        s.add("gref-max", "gref 0xFFFFFFFF, the largest grant reference", "RING-2").hand("ffffffff" + "0000" + "0000" + "0000" + "0000")
                .values(0xFFFFFFFFL, 0, 0, 0, 0).flags("EdgeValue");
        s.add("all-ones", "every field at its largest value", "RING-2").hand("ff".repeat(12))
                .values(0xFFFFFFFFL, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF).flags("EdgeValue");
        s.add("flag-csum-blank", "NETTXF_csum_blank alone, bit 0", "RING-2").values(3, 0, 0x1, 2, 60);
        s.add("flag-data-validated", "NETTXF_data_validated alone, bit 1", "RING-2").values(3, 0, 0x2, 2, 60);
        s.add("flag-more-data", "NETTXF_more_data alone, bit 2: a data slot follows", "RING-2", "DESC-2").values(3, 0, 0x4, 2, 1500);
        s.add("flag-extra-info", "NETTXF_extra_info alone, bit 3: an extra-info slot follows", "RING-2", "DESC-2")
                .hand("03000000" + "0000" + "0800" + "0200" + "3c00").values(3, 0, 0x8, 2, 60);
        s.add("flags-more-data-and-extra-info", "extra_info and more_data together, a first slot with extras and data slots", "RING-2", "DESC-2")
                .values(9, 128, 0xC, 0xFFFE, 4000);
        s.add("flags-all-four", "csum_blank, data_validated, more_data and extra_info together", "RING-2", "DESC-2").values(9, 0, 0xF, 5, 9000);
        s.add("flags-high-bits", "flag bits 4 to 15 set, which core ignores", "RING-2").values(9, 0, 0xFFF0, 5, 60);
        s.add("last-byte-of-page", "a one-byte fragment at offset 4095", "RING-2").values(12, 4095, 0, 7, 1).flags("EdgeValue");
        s.add("largest-packet", "size 65535, the largest packet a first slot can announce", "RING-2", "DESC-2").values(12, 0, 0x4, 8, 65535)
                .flags("EdgeValue");
        return s.into(file);
    }

    private static VectorBundle.Entry txResponse() {
        Structure s = new Structure("descriptor", "tx-response-layout", "tx-response", 4, new String[] {"id", "status"}, new int[] {0, 2},
                new int[] {2, 2}, 0b10);
        FileBuilder file = FileBuilder.layout("descriptor", "tx-response-layout",
                "netif_tx_response, 4 bytes over the start of a TX entry: id u16 at 0, status s16 at 2 (spec 03, section 3.3; NETIF_RSP_DROPPED −2, "
                        + "ERROR −1, OKAY 0, NULL 1).");
        notes(file);
        file.note("NegativeStatus", "EDGE_CASE", "a negative s16 status in two's complement", "a codec reading status unsigned reports 65535 for ERROR");
        s.add("okay", "id 0 answered OKAY (0)", "RING-2").hand("0000" + "0000").values(0, 0);
        s.add("error", "id 0xFFFF answered ERROR (−1)", "RING-2").hand("ffff" + "ffff").values(0xFFFF, -1).flags("NegativeStatus", "EdgeValue");
        s.add("null", "id 1 answered NULL (1), the answer to an extra-info slot", "RING-2").hand("0100" + "0100").values(1, 1);
        s.add("dropped", "NETIF_RSP_DROPPED (−2): defined by netif, never written by a Netchannel device", "RING-2").hand("3412" + "feff")
                .values(0x1234, -2).flags("NegativeStatus");
        s.add("null-for-hash-extra", "the NULL answer to a HASH extra slot echoes its type and flags bytes as id 0x0004", "RING-2", "DESC-14")
                .hand("0400" + "0100").values(4, 1);
        s.add("null-for-chained-gso-extra", "the NULL answer to a GSO extra with XEN_NETIF_EXTRA_FLAG_MORE echoes id 0x0101", "RING-2", "DESC-14")
                .values(0x0101, 1);
        s.add("ring-2-example", "id 0x1234 answered OKAY, as chapter 03's RING-2 property reads it", "RING-2", "DESC-14").hand("3412" + "0000")
                .values(0x1234, 0);
        s.add("status-min", "status −32768, the smallest s16", "RING-2").hand("0000" + "0080").values(0, -32768).flags("NegativeStatus", "EdgeValue");
        s.add("status-max", "status 32767, the largest s16", "RING-2").values(0xFFFF, 32767).flags("EdgeValue");
        return s.into(file);
    }

    // ------------------------------------------------------------------ netif.h, RX

    private static VectorBundle.Entry rxRequest() {
        Structure s = new Structure("descriptor", "rx-request-layout", "rx-request", 8, new String[] {"id", "gref"}, new int[] {0, 4},
                new int[] {2, 4}, 0);
        FileBuilder file = FileBuilder.layout("descriptor", "rx-request-layout",
                "netif_rx_request, 8 bytes: id u16 at 0, pad u16 at 2 (zero here), gref u32 at 4 (spec 03, section 3.3).");
        notes(file);
        s.add("all-zero", "id 0 and gref 0", "RING-3").values(0, 0).flags("EdgeValue");
        s.add("ring-3-example", "id 0xBEEF posting buffer page 200", "RING-3").hand("efbe" + "0000" + "c8000000").values(0xBEEF, 200);
        s.add("distinct-bytes", "a different byte in every field position, so a swapped or big-endian field shows", "RING-3")
                .hand("0102" + "0000" + "03040506").values(0x0201, 0x06050403L).flags("ByteOrder");
        s.add("all-ones", "id 0xFFFF and gref 0xFFFFFFFF", "RING-3").hand("ffff" + "0000" + "ffffffff").values(0xFFFF, 0xFFFFFFFFL)
                .flags("EdgeValue");
        s.add("gref-high-bit", "gref 0x80000000, negative as a signed 32-bit value", "RING-3").values(7, 0x80000000L).flags("EdgeValue");
        return s.into(file);
    }

    private static VectorBundle.Entry rxResponse() {
        Structure s = new Structure("descriptor", "rx-response-layout", "rx-response", 8, new String[] {"id", "offset", "flags", "status"},
                new int[] {0, 2, 4, 6}, new int[] {2, 2, 2, 2}, 0b1000);
        FileBuilder file = FileBuilder.layout("descriptor", "rx-response-layout",
                "netif_rx_response, 8 bytes: id u16 at 0, offset u16 at 2, flags u16 at 4, status s16 at 6 (spec 03, section 3.3; "
                        + "NETRXF_data_validated 0x1, csum_blank 0x2, more_data 0x4, extra_info 0x8, gso_prefix 0x10).");
        notes(file);
        file.note("NegativeStatus", "EDGE_CASE", "a negative s16 status in two's complement", "a codec reading status unsigned reports 65535 for ERROR");
        s.add("ring-3-example", "id 0xBEEF, offset 0, no flags, 100 bytes", "RING-3").hand("efbe" + "0000" + "0000" + "6400").values(0xBEEF, 0, 0, 100);
        s.add("all-zero", "id 0, a slot holding 0 bytes", "RING-3").values(0, 0, 0, 0).flags("EdgeValue");
        s.add("full-page-more-data", "a full 4096-byte slot with NETRXF_more_data, the frame continues", "RING-3", "RX-2")
                .hand("0500" + "0000" + "0400" + "0010").values(5, 0, 0x4, 4096);
        s.add("last-slot-of-9000", "the last slot of chapter 04's 9000-byte example: id 7, 808 bytes, no flags", "RING-3", "RX-2")
                .values(7, 0, 0, 808);
        s.add("error", "a bad-buffer slot answered ERROR (−1)", "RING-3", "RX-4").hand("0700" + "0000" + "0000" + "ffff").values(7, 0, 0, -1)
                .flags("NegativeStatus");
        s.add("dropped", "NETIF_RSP_DROPPED (−2), never written by a Netchannel device", "RING-3").values(8, 0, 0, -2).flags("NegativeStatus");
        s.add("every-flag", "all five NETRXF flags, 0x1F, none of which core sets but more_data", "RING-3").values(9, 0, 0x1F, 60);
        s.add("distinct-bytes", "a different byte in every position, so a swapped or big-endian field shows", "RING-3")
                .hand("0102" + "0304" + "0506" + "0708").values(0x0201, 0x0403, 0x0605, 0x0807).flags("ByteOrder");
        s.add("extremes", "id, offset and flags 0xFFFF with status −32768", "RING-3").hand("ffff" + "ffff" + "ffff" + "0080")
                .values(0xFFFF, 0xFFFF, 0xFFFF, -32768).flags("EdgeValue", "NegativeStatus");
        return s.into(file);
    }

    // ------------------------------------------------------------------ netif.h, extra info

    private static VectorBundle.Entry extraInfo() {
        Structure s = new Structure("descriptor", "extra-info-layout", "extra-info", 8, new String[] {"type", "flags", "u16at2", "u16at4", "u16at6"},
                new int[] {0, 1, 2, 4, 6}, new int[] {1, 1, 2, 2, 2}, 0);
        FileBuilder file = FileBuilder.layout("descriptor", "extra-info-layout",
                "netif_extra_info, 8 bytes in a 12-byte TX slot: type u8 at 0, flags u8 at 1 (bit 0 XEN_NETIF_EXTRA_FLAG_MORE), then six payload "
                        + "bytes read as three little-endian u16 at 2, 4 and 6 (GSO: size, type and pad, features; MCAST: the address in wire order; "
                        + "spec 03, section 3.3).");
        notes(file);
        s.add("gso-tcpv4", "GSO (type 1): MSS 1448 at 2, GSO type TCPv4 (1) at 4, pad and features 0", "DESC-2", "DESC-4")
                .hand("01" + "00" + "a805" + "01" + "00" + "0000").values(1, 0, 1448, 1, 0);
        s.add("gso-tcpv6-more", "GSO TCPv6 (2), MSS 9000, XEN_NETIF_EXTRA_FLAG_MORE: another extra follows", "DESC-2", "DESC-4")
                .values(1, 1, 9000, 2, 0);
        s.add("gso-size-zero", "a GSO extra with size 0, which DESC-4 makes fatal; the encoding itself is plain", "DESC-4").values(1, 0, 0, 1, 0)
                .flags("EdgeValue");
        s.add("gso-pad-and-features", "a GSO extra with pad 0xAB and features 0xCDEF, both ignored", "DESC-2", "DESC-4")
                .hand("01" + "00" + "dc05" + "02" + "ab" + "efcd").values(1, 0, 1500, 0xAB02, 0xCDEF);
        s.add("mcast-add", "MCAST_ADD (2) of 01:00:5e:00:00:01: the six address bytes in wire order", "DESC-2", "DESC-15")
                .hand("02" + "00" + "0100" + "5e00" + "0001").values(2, 0, 0x0001, 0x005E, 0x0100);
        s.add("mcast-del", "MCAST_DEL (3) of 33:33:00:00:00:01 with the MORE flag", "DESC-2", "DESC-15")
                .hand("03" + "01" + "3333" + "0000" + "0001").values(3, 1, 0x3333, 0, 0x0100);
        s.add("hash", "HASH (4) with six payload bytes a Netchannel device does not interpret", "DESC-2", "DESC-16")
                .hand("04" + "00" + "1122" + "3344" + "5566").values(4, 0, 0x2211, 0x4433, 0x6655);
        s.add("type-none", "type 0 (XEN_NETIF_EXTRA_TYPE_NONE), which DESC-4 makes fatal", "DESC-4").values(0, 0, 0, 0, 0).flags("EdgeValue");
        s.add("type-max", "type 5 (XEN_NETIF_EXTRA_TYPE_MAX), the first invalid type above HASH", "DESC-4").values(5, 0, 0, 0, 0);
        s.add("all-ones", "type 0xFF, flags 0xFF (bits above MORE ignored) and payload 0xFF", "DESC-2").hand("ff".repeat(8))
                .values(0xFF, 0xFF, 0xFFFF, 0xFFFF, 0xFFFF).flags("EdgeValue");
        return s.into(file);
    }

    // ------------------------------------------------------------------ shared

    private static void notes(FileBuilder file) {
        file.note("ByteOrder", "BASIC", "each byte of the encoding differs, so every field's position and byte order is pinned",
                "a codec with a field at the wrong offset or in big-endian order disagrees with Xen's headers");
        file.note("EdgeValue", "EDGE_CASE", "a field at 0 or at the largest value its width holds", "a codec that truncates or sign-extends "
                + "a field loses or corrupts it");
    }

    /**
     * {@code entry} with only the notes its tests use as flags. The generators declare a chapter's
     * notes once per file; a file keeps those its tests cite.
     */
    static VectorBundle.Entry withUsedNotes(VectorBundle.Entry entry) {
        VectorFile f = entry.file();
        Set<String> used = new TreeSet<>();
        for (VectorFile.Test test : f.tests()) {
            if (test.flags() != null) {
                used.addAll(test.flags());
            }
        }
        Map<String, VectorFile.Note> notes = new TreeMap<>(f.notes());
        notes.keySet().retainAll(used);
        return new VectorBundle.Entry(entry.path(), new VectorFile(f.schema(), f.specVersion(), f.kind(), f.chapter(), f.group(), f.preset(),
                f.generator(), f.numberOfTests(), f.header(), notes, f.groups()));
    }

    private static String zeros(int bytes) {
        return "00".repeat(bytes);
    }

    /**
     * One structure written from its Xen declaration: field names in declaration order with
     * literal byte offsets and widths, and which fields are signed.
     */
    private static final class Structure {
        private final String chapter;
        private final String group;
        private final String layout;
        private final int length;
        private final String[] names;
        private final int[] offsets;
        private final int[] widths;
        private final int signedMask;
        private final List<Case> cases = new ArrayList<>();

        Structure(String chapter, String group, String layout, int length, String[] names, int[] offsets, int[] widths, int signedMask) {
            this.chapter = chapter;
            this.group = group;
            this.layout = layout;
            this.length = length;
            this.names = names;
            this.offsets = offsets;
            this.widths = widths;
            this.signedMask = signedMask;
        }

        Case add(String name, String comment, String... reqs) {
            Case c = new Case(chapter + "." + group + "." + name, comment, List.of(reqs));
            cases.add(c);
            return c;
        }

        /** The bytes by the literal offsets above, two's complement for signed fields. */
        String byHand(long[] values) {
            byte[] bytes = new byte[length];
            for (int f = 0; f < names.length; f++) {
                long value = values[f];
                boolean signed = (signedMask >> f & 1) != 0;
                long max = signed ? (1L << (8 * widths[f] - 1)) - 1 : (1L << (8 * widths[f])) - 1;
                long min = signed ? -(1L << (8 * widths[f] - 1)) : 0;
                if (value < min || value > max) {
                    throw new IllegalStateException(layout + "." + names[f] + " out of range: " + value);
                }
                for (int b = 0; b < widths[f]; b++) {
                    bytes[offsets[f] + b] = (byte) (value >> (8 * b));
                }
            }
            return Hex.encode(bytes);
        }

        VectorBundle.Entry into(FileBuilder file) {
            List<VectorFile.Test> tests = new ArrayList<>();
            for (Case c : cases) {
                if (c.values == null || c.values.length != names.length) {
                    throw new IllegalStateException(c.id + ": " + names.length + " field values needed");
                }
                Map<String, Long> fields = new LinkedHashMap<>();
                for (int f = 0; f < names.length; f++) {
                    fields.put(names[f], c.values[f]);
                }
                String hex = Hex.encode(Layouts.encode(layout, fields));
                String hand = byHand(c.values);
                if (!hex.equals(hand)) {
                    throw new IllegalStateException(c.id + ": Layouts.encode gives " + hex + ", the Xen offsets give " + hand);
                }
                if (c.literal != null && !hex.equals(c.literal)) {
                    throw new IllegalStateException(c.id + ": Layouts.encode gives " + hex + ", the bytes written by hand are " + c.literal);
                }
                if (!Layouts.decode(layout, Hex.decode(hex)).equals(fields)) {
                    throw new IllegalStateException(c.id + ": decoding " + hex + " does not give " + fields);
                }
                tests.add(new VectorFile.Test(0, c.id, c.reqs, c.comment, c.flags, "valid", null, null, null, layout, fields, hex));
            }
            file.layoutGroup(layout + " encodings, each checked both ways", tests);
            return withUsedNotes(file.build());
        }
    }

    /** One layout test being written. */
    private static final class Case {
        private final String id;
        private final String comment;
        private final List<String> reqs;
        private String literal;
        private long[] values;
        private List<String> flags;

        Case(String id, String comment, List<String> reqs) {
            this.id = id;
            this.comment = comment;
            this.reqs = reqs;
        }

        /** The bytes as written out by hand from the Xen header. */
        Case hand(String hex) {
            literal = hex;
            return this;
        }

        /** The field values, in declaration order. */
        Case values(long... fieldValues) {
            values = fieldValues;
            return this;
        }

        Case flags(String... names) {
            flags = List.of(names);
            return this;
        }
    }
}
