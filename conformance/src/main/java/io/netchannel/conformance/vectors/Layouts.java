package io.netchannel.conformance.vectors;

import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.RxRequestLayout;
import io.netchannel.api.layout.RxResponseLayout;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout kind of vector (spec 05, section 4): a structure's fields and its bytes, checked both
 * ways — encoding the fields gives exactly the bytes, decoding the bytes gives exactly the fields —
 * with the offsets of the contract's {@code io.netchannel.api.layout} classes (Xen's netif.h and
 * ring.h).
 */
public final class Layouts {

    /** One little-endian field: its name, byte offset, width in bytes, and whether it is signed. */
    record Field(String name, int offset, int width, boolean signed) {
    }

    /** A structure: its vector name, length in bytes and fields. */
    record Layout(String name, int length, List<Field> fields) {
    }

    static final List<Layout> ALL = List.of(
            new Layout("ring-header", SharedRingLayout.ENTRIES, List.of(
                    new Field("reqProd", SharedRingLayout.REQ_PROD, 4, false), new Field("reqEvent", SharedRingLayout.REQ_EVENT, 4, false),
                    new Field("rspProd", SharedRingLayout.RSP_PROD, 4, false), new Field("rspEvent", SharedRingLayout.RSP_EVENT, 4, false))),
            new Layout("tx-request", TxRequestLayout.LENGTH, List.of(
                    new Field("gref", TxRequestLayout.GREF, 4, false), new Field("offset", TxRequestLayout.OFFSET, 2, false),
                    new Field("flags", TxRequestLayout.FLAGS, 2, false), new Field("id", TxRequestLayout.ID, 2, false),
                    new Field("size", TxRequestLayout.SIZE, 2, false))),
            new Layout("tx-response", TxResponseLayout.LENGTH, List.of(
                    new Field("id", TxResponseLayout.ID, 2, false), new Field("status", TxResponseLayout.STATUS, 2, true))),
            new Layout("rx-request", RxRequestLayout.LENGTH, List.of(
                    new Field("id", RxRequestLayout.ID, 2, false), new Field("gref", RxRequestLayout.GREF, 4, false))),
            new Layout("rx-response", RxResponseLayout.LENGTH, List.of(
                    new Field("id", RxResponseLayout.ID, 2, false), new Field("offset", RxResponseLayout.OFFSET, 2, false),
                    new Field("flags", RxResponseLayout.FLAGS, 2, false), new Field("status", RxResponseLayout.STATUS, 2, true))),
            new Layout("extra-info", ExtraInfoLayout.LENGTH, List.of(
                    new Field("type", ExtraInfoLayout.TYPE, 1, false), new Field("flags", ExtraInfoLayout.FLAGS, 1, false),
                    new Field("u16at2", 2, 2, false), new Field("u16at4", 4, 2, false), new Field("u16at6", 6, 2, false))));

    private Layouts() {
    }

    /** The structure called {@code name}. */
    static Layout named(String name) {
        return ALL.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown layout: " + name + " (known: " + ALL.stream().map(Layout::name).toList() + ")"));
    }

    /** Encodes {@code fields} (every field of the layout named, each in range) into the structure's bytes. */
    public static byte[] encode(String layout, Map<String, Long> fields) {
        Layout l = named(layout);
        if (!fields.keySet().equals(l.fields().stream().map(Field::name).collect(java.util.stream.Collectors.toSet()))) {
            throw new IllegalArgumentException(layout + " has fields " + l.fields().stream().map(Field::name).toList() + ", not " + fields.keySet());
        }
        byte[] bytes = new byte[l.length()];
        for (Field f : l.fields()) {
            long value = fields.get(f.name());
            long min = f.signed() ? -(1L << (8 * f.width() - 1)) : 0;
            long max = f.signed() ? (1L << (8 * f.width() - 1)) - 1 : (1L << (8 * f.width())) - 1;
            if (value < min || value > max) {
                throw new IllegalArgumentException(layout + "." + f.name() + " outside " + min + ".." + max + ": " + value);
            }
            for (int b = 0; b < f.width(); b++) {
                bytes[f.offset() + b] = (byte) (value >>> (8 * b));
            }
        }
        return bytes;
    }

    /** Decodes a structure's bytes into its fields, in layout order. */
    public static Map<String, Long> decode(String layout, byte[] bytes) {
        Layout l = named(layout);
        if (bytes.length != l.length()) {
            throw new IllegalArgumentException(layout + " is " + l.length() + " bytes, not " + bytes.length);
        }
        Map<String, Long> fields = new LinkedHashMap<>();
        for (Field f : l.fields()) {
            long value = 0;
            for (int b = f.width() - 1; b >= 0; b--) {
                value = value << 8 | (bytes[f.offset() + b] & 0xFF);
            }
            if (f.signed() && value >= 1L << (8 * f.width() - 1)) {
                value -= 1L << (8 * f.width());
            }
            fields.put(f.name(), value);
        }
        return fields;
    }

    /** Null when the test's fields and hex agree both ways; otherwise what differs. */
    static String check(VectorFile.Test test) {
        try {
            byte[] encoded = encode(test.layout(), test.fields());
            String expected = test.hex();
            if (!Hex.encode(encoded).equals(expected)) {
                return "encoding " + test.fields() + " as " + test.layout() + ": expected " + expected + ", observed " + Hex.encode(encoded);
            }
            Map<String, Long> decoded = decode(test.layout(), Hex.decode(expected));
            if (!decoded.equals(new LinkedHashMap<>(test.fields()))) {
                return "decoding " + expected + " as " + test.layout() + ": expected " + test.fields() + ", observed " + decoded;
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "malformed layout test: " + e.getMessage();
        }
    }
}
