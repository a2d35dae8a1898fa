package io.netchannel.conformance.relocation;

import java.util.ArrayList;
import java.util.List;

/**
 * The canonical text of a document tree (spec 12, section 5.2, RELOC-10): no whitespace, members
 * sorted by name in code-point order, integers in plain decimal printed exactly at any size,
 * strings escaped only where RFC 8259 requires (as RFC 8785 escapes them).
 */
final class Canonical {

    private Canonical() {
    }

    static String text(Node node) {
        StringBuilder out = new StringBuilder(1024);
        write(node, out);
        return out.toString();
    }

    private static void write(Node node, StringBuilder out) {
        if (node instanceof Node.Obj object) {
            List<String> names = new ArrayList<>(object.members().keySet());
            names.sort(Canonical::byCodePoint);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(names.get(i), out);
                out.append(':');
                write(object.members().get(names.get(i)), out);
            }
            out.append('}');
        } else if (node instanceof Node.Arr list) {
            out.append('[');
            for (int i = 0; i < list.items().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.items().get(i), out);
            }
            out.append(']');
        } else if (node instanceof Node.Str string) {
            string(string.value(), out);
        } else if (node instanceof Node.Int number) {
            out.append(number.value().toString()); // BigInteger: exact, no exponent, no leading zero
        } else if (node instanceof Node.Bool bool) {
            out.append(bool.value());
        } else if (node instanceof Node.Null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("a canonical document holds no non-integer number: " + node.kind());
        }
    }

    /** Code-point order, which differs from {@link String#compareTo}'s UTF-16 order above U+FFFF. */
    static int byCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
