package io.netchannel.api;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address prefix, {@code 10.1.0.0/16} or {@code 2001:db8::/32}. The address
 * bits beyond the prefix length must be zero, so each prefix has one spelling.
 *
 * @param address 4 octets (IPv4) or 16 (IPv6), network order
 * @param length prefix length in bits, 0..32 or 0..128
 */
public record IpPrefix(byte[] address, int length) {

    /** Copies the address; rejects a wrong size, a length out of range or host bits set. */
    public IpPrefix {
        address = address.clone();
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 octets: octets=" + address.length);
        }
        if (length < 0 || length > address.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: length=" + length + " bits=" + address.length * 8);
        }
        for (int bit = length; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("address bits beyond the prefix length must be zero: prefix="
                        + format(address) + "/" + length);
            }
        }
    }

    /** True for an IPv6 prefix. */
    public boolean isIpv6() {
        return address.length == 16;
    }

    /** The address octets (a copy). */
    @Override
    public byte[] address() {
        return address.clone();
    }

    /**
     * True when the {@code address.length} octets at {@code offset} of {@code bytes} are an
     * address inside this prefix.
     */
    public boolean contains(byte[] bytes, int offset) {
        for (int bit = 0; bit < length; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((bytes[offset + bit / 8] & mask) != (address[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code a.b.c.d/n} or an IPv6 address in RFC 4291 text form with {@code /n}. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a prefix is ADDRESS/LENGTH: prefix=" + text);
        }
        String host = text.substring(0, slash);
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefix length is not a number: prefix=" + text, e);
        }
        return new IpPrefix(host.contains(":") ? parseIpv6(host, text) : parseIpv4(host, text), length);
    }

    private static byte[] parseIpv4(String host, String text) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("an IPv4 address is four decimal octets: prefix=" + text);
        }
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value;
            try {
                value = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a decimal octet in IPv4 address: prefix=" + text, e);
            }
            if (value < 0 || value > 255 || parts[i].length() > 3) {
                throw new IllegalArgumentException("IPv4 octet out of range: prefix=" + text);
            }
            octets[i] = (byte) value;
        }
        return octets;
    }

    private static byte[] parseIpv6(String host, String text) {
        int gap = host.indexOf("::");
        if (gap >= 0 && host.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("'::' may appear once in an IPv6 address: prefix=" + text);
        }
        String[] head = gap < 0 ? host.split(":", -1) : splitGroups(host.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : splitGroups(host.substring(gap + 2));
        int groups = head.length + tail.length;
        if (gap < 0 ? groups != 8 : groups > 7) {
            throw new IllegalArgumentException("an IPv6 address has eight 16-bit groups: prefix=" + text);
        }
        byte[] octets = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(octets, i, head[i], text);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(octets, 8 - tail.length + i, tail[i], text);
        }
        return octets;
    }

    private static String[] splitGroups(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static void putGroup(byte[] octets, int index, String group, String text) {
        if (group.isEmpty() || group.length() > 4) {
            throw new IllegalArgumentException("an IPv6 group is 1 to 4 hex digits: prefix=" + text);
        }
        int value;
        try {
            value = Integer.parseInt(group, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hex group in IPv6 address: prefix=" + text, e);
        }
        octets[2 * index] = (byte) (value >>> 8);
        octets[2 * index + 1] = (byte) value;
    }

    private static String format(byte[] octets) {
        if (octets.length == 4) {
            return (octets[0] & 0xFF) + "." + (octets[1] & 0xFF) + "." + (octets[2] & 0xFF) + "." + (octets[3] & 0xFF);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(((octets[2 * i] & 0xFF) << 8) | (octets[2 * i + 1] & 0xFF)));
        }
        return text.toString();
    }

    /** {@code 10.1.0.0/16}, or IPv6 as eight groups without compression; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return format(address) + "/" + length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpPrefix prefix && prefix.length == length && Arrays.equals(prefix.address, address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + length;
    }
}
