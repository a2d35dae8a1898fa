package io.netchannel.conformance.relocation;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON data model a document denotes (RFC 8259), with integers kept exact: what the parser
 * builds from JSON or YAML, what the reader checks and what the canonical writer prints.
 */
sealed interface Node permits Node.Obj, Node.Arr, Node.Str, Node.Int, Node.Dec, Node.Bool, Node.Null {

    /** How a message names this kind of value. */
    String kind();

    /** An object; members in document order (the writer sorts them). */
    record Obj(Map<String, Node> members) implements Node {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        @Override
        public String kind() {
            return "an object";
        }
    }

    /** A list. */
    record Arr(List<Node> items) implements Node {
        public Arr {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A string. */
    record Str(String value) implements Node {
        @Override
        public String kind() {
            return "the string \"" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "\"";
        }
    }

    /**
     * An integer. One written with more digits than any range of the document allows is
     * {@code huge}: it is not converted, and {@code value} is then 10 to the power MAX_EXACT_DIGITS,
     * outside every range, with its sign.
     */
    record Int(BigInteger value, boolean huge) implements Node {
        Int(BigInteger value) {
            this(value, false);
        }

        static Int huge(boolean negative) {
            BigInteger beyond = BigInteger.TEN.pow(Parse.MAX_EXACT_DIGITS);
            return new Int(negative ? beyond.negate() : beyond, true);
        }

        @Override
        public String kind() {
            return huge ? "an integer of more than " + Parse.MAX_EXACT_DIGITS + " digits" : "the integer " + value;
        }

        static Int of(long value) {
            return new Int(BigInteger.valueOf(value));
        }

        static Int unsigned(int value) {
            return new Int(BigInteger.valueOf(Integer.toUnsignedLong(value)));
        }
    }

    /** A number with a fraction or an exponent; never an integer here, so kept as text. */
    record Dec(String text) implements Node {
        @Override
        public String kind() {
            return "the non-integer number " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
        }
    }

    /** true or false. */
    record Bool(boolean value) implements Node {
        @Override
        public String kind() {
            return "the boolean " + value;
        }
    }

    /** null. */
    record Null() implements Node {
        @Override
        public String kind() {
            return "null";
        }
    }
}
