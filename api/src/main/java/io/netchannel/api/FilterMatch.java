package io.netchannel.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a TX filter rule selects (spec 07, TXF-7). Every present field must hold; an absent field
 * matches anything, so {@link #ANY} matches every frame. Fields are read from the frame the guest
 * sent, after at most one 802.1Q tag.
 *
 * @param etherType the EtherType after the tag, 0..0xFFFF
 * @param source the IPv4 or IPv6 source address lies in this prefix
 * @param destination the IPv4 or IPv6 destination address lies in this prefix
 * @param protocol the IP protocol (IPv4) or final next header (IPv6), 0..255
 * @param sourcePort the TCP or UDP source port lies in this range
 * @param destinationPort the TCP or UDP destination port lies in this range
 */
public record FilterMatch(OptionalInt etherType, Optional<IpPrefix> source, Optional<IpPrefix> destination, OptionalInt protocol,
        Optional<PortRange> sourcePort, Optional<PortRange> destinationPort) {

    /** Matches every frame. */
    public static final FilterMatch ANY = builder().build();

    /** Rejects nulls and field values out of their range. */
    public FilterMatch {
        Objects.requireNonNull(etherType, "etherType");
        Objects.requireNonNull(protocol, "protocol");
        if (etherType.isPresent() && (etherType.getAsInt() < 0 || etherType.getAsInt() > 0xFFFF)) {
            throw new IllegalArgumentException("an EtherType is 16 bits: etherType=" + etherType.getAsInt());
        }
        if (protocol.isPresent() && (protocol.getAsInt() < 0 || protocol.getAsInt() > 0xFF)) {
            throw new IllegalArgumentException("an IP protocol is 8 bits: protocol=" + protocol.getAsInt());
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(sourcePort, "sourcePort");
        Objects.requireNonNull(destinationPort, "destinationPort");
    }

    /** A builder with every field absent. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FilterMatch}. */
    public static final class Builder {
        private OptionalInt etherType = OptionalInt.empty();
        private Optional<IpPrefix> source = Optional.empty();
        private Optional<IpPrefix> destination = Optional.empty();
        private OptionalInt protocol = OptionalInt.empty();
        private Optional<PortRange> sourcePort = Optional.empty();
        private Optional<PortRange> destinationPort = Optional.empty();

        private Builder() {
        }

        /** Selects frames with this EtherType (after the tag). */
        public Builder etherType(int value) {
            etherType = OptionalInt.of(value);
            return this;
        }

        /** Selects IP frames whose source address lies in {@code prefix}. */
        public Builder source(IpPrefix prefix) {
            source = Optional.of(prefix);
            return this;
        }

        /** Selects IP frames whose destination address lies in {@code prefix}. */
        public Builder destination(IpPrefix prefix) {
            destination = Optional.of(prefix);
            return this;
        }

        /** Selects IP frames carrying this protocol. */
        public Builder protocol(int value) {
            protocol = OptionalInt.of(value);
            return this;
        }

        /** Selects TCP and UDP frames whose source port lies in {@code range}. */
        public Builder sourcePort(PortRange range) {
            sourcePort = Optional.of(range);
            return this;
        }

        /** Selects TCP and UDP frames whose destination port lies in {@code range}. */
        public Builder destinationPort(PortRange range) {
            destinationPort = Optional.of(range);
            return this;
        }

        /** The match. */
        public FilterMatch build() {
            return new FilterMatch(etherType, source, destination, protocol, sourcePort, destinationPort);
        }
    }
}
