package io.netchannel.model.txfilter;

import io.netchannel.api.IpPrefix;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address read from a frame, network order.
 *
 * @param octets 4 (IPv4) or 16 (IPv6) octets
 */
public record IpAddress(byte[] octets) {

    /** Copies the octets; rejects a size other than 4 or 16. */
    public IpAddress {
        octets = octets.clone();
        if (octets.length != 4 && octets.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 octets: octets=" + octets.length);
        }
    }

    /** The address at {@code offset} of {@code bytes}, {@code size} octets. */
    static IpAddress read(byte[] bytes, int offset, int size) {
        return new IpAddress(Arrays.copyOfRange(bytes, offset, offset + size));
    }

    /** True for an IPv6 address. */
    public boolean isIpv6() {
        return octets.length == 16;
    }

    /** True when this address lies in {@code prefix}; never across families, even for a /0 (TXF-7). */
    public boolean in(IpPrefix prefix) {
        return prefix.isIpv6() == isIpv6() && prefix.contains(octets, 0);
    }

    /** The octets (a copy). */
    @Override
    public byte[] octets() {
        return octets.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && Arrays.equals(address.octets, octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    /** {@code 10.0.0.1}, or IPv6 as eight groups without compression (the form of {@link IpPrefix}). */
    @Override
    public String toString() {
        String prefix = new IpPrefix(octets, octets.length * 8).toString();
        return prefix.substring(0, prefix.indexOf('/'));
    }
}
