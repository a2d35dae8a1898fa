package io.netchannel.model.offload;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds TCP and UDP frames byte by byte from the header figures of RFC 791, 8200, 793 and 768,
 * with checksums from {@link #onesSum}: an oracle written apart from the model's
 * {@link InternetChecksum} (the sum of 16-bit words modulo 0xFFFF, the representation of zero
 * chosen as RFC 1071 does), so a test that compares the two checks the model against the
 * definition, not against itself.
 */
public final class TestFrames {

    /** TCP flag bits. */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private TestFrames() {
    }

    /**
     * The 16-bit ones' complement sum of {@code bytes} (odd last byte padded), computed as the sum
     * of the words modulo 0xFFFF, with a multiple of 0xFFFF written 0xFFFF ("negative zero")
     * unless every word is zero.
     */
    public static int onesSum(byte[] bytes) {
        long total = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            int high = bytes[i] & 0xFF;
            int low = i + 1 < bytes.length ? bytes[i + 1] & 0xFF : 0;
            total += high * 256L + low;
        }
        long residue = total % 0xFFFF;
        return residue == 0 && total != 0 ? 0xFFFF : (int) residue;
    }

    /** The checksum of {@code bytes}: 0xFFFF minus their ones' complement sum. */
    public static int checksumOf(byte[] bytes) {
        return 0xFFFF - onesSum(bytes);
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    /** Bytes from unsigned values, for writing frames as figures. */
    public static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    /** Bytes from hex digits, spaces ignored. */
    public static byte[] hex(String digits) {
        String clean = digits.replace(" ", "");
        byte[] result = new byte[clean.length() / 2];
        for (int i = 0; i < result.length; i++) {
            result[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return result;
    }

    static int u16(byte[] frame, int at) {
        return (frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF);
    }

    static long u32(byte[] frame, int at) {
        return (long) u16(frame, at) << 16 | u16(frame, at + 2);
    }

    static void put16(byte[] frame, int at, int value) {
        frame[at] = (byte) (value >>> 8);
        frame[at + 1] = (byte) value;
    }

    /** A payload of {@code length} bytes counting from {@code seed}. */
    public static byte[] payload(int length, int seed) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (seed + i * 13);
        }
        return payload;
    }

    /** A new TCP frame builder: IPv4, untagged, ACK, 100 payload bytes. */
    public static Builder tcp() {
        return new Builder(6);
    }

    /** A new UDP frame builder: IPv4, untagged, 100 payload bytes. */
    public static Builder udp() {
        return new Builder(17);
    }

    /** What the builder writes into the L4 checksum field. */
    public enum Sum {
        /** The correct checksum (a UDP zero sent as 0xFFFF). */
        CORRECT,
        /** 0x0000 whatever is due. */
        ZERO,
        /** The correct checksum plus one: wrong. */
        WRONG
    }

    /** A frame under construction; every field has a plain default. */
    public static final class Builder {
        private final int proto;
        private byte[] dst = hex("020000000002");
        private byte[] src = hex("020000000001");
        private int tpid = -1;
        private int tci;
        private int version = 4;
        private int tos;
        private int id = 0x1c46;
        private int fragment = 0x4000; // DF
        private int ttl = 64;
        private byte[] ipv4Options = new byte[0];
        private byte[] src4 = hex("c0a80001");
        private byte[] dst4 = hex("c0a800c7");
        private byte[] src6 = hex("20010db8000000000000000000000001");
        private byte[] dst6 = hex("20010db8000000000000000000000002");
        private int flowWord = 0x6000_0000;
        private int hopLimit = 64;
        private final List<byte[]> extensions = new ArrayList<>();
        private final List<Integer> extensionTypes = new ArrayList<>();
        private int sport = 40000;
        private int dport = 80;
        private long seq = 0x1000;
        private long ackNumber = 0x2000;
        private int flags = ACK;
        private int reservedBits;
        private int window = 0xFFFF;
        private int urgent;
        private byte[] tcpOptions = new byte[0];
        private byte[] payload = TestFrames.payload(100, 1);
        private byte[] trailing = new byte[0];
        private Sum sum = Sum.CORRECT;
        private boolean ipChecksumWrong;
        private int udpLengthDelta;

        private Builder(int proto) {
            this.proto = proto;
        }

        public Builder macs(byte[] destination, byte[] source) {
            dst = destination.clone();
            src = source.clone();
            return this;
        }

        /** One 802.1Q tag with {@code vid}. */
        public Builder vlan(int vid) {
            tpid = 0x8100;
            tci = vid;
            return this;
        }

        /** One tag with another TPID (0x88A8 for 802.1ad). */
        public Builder tag(int protocolId, int vid) {
            tpid = protocolId;
            tci = vid;
            return this;
        }

        public Builder ipv6() {
            version = 6;
            return this;
        }

        public Builder ttl(int value) {
            ttl = value;
            hopLimit = value;
            return this;
        }

        public Builder id(int value) {
            id = value;
            return this;
        }

        public Builder fragment(int flagsAndOffset) {
            fragment = flagsAndOffset;
            return this;
        }

        public Builder ipv4Options(byte[] options) {
            ipv4Options = options.clone();
            return this;
        }

        /** An IPv6 extension header of {@code type} taking {@code units} × 8 bytes; byte 3 (segments left for routing) is {@code byte3}. */
        public Builder extension(int type, int units, int byte3) {
            byte[] header = new byte[8 * units];
            header[1] = (byte) (units - 1);
            header[2] = 0;
            header[3] = (byte) byte3;
            extensions.add(header);
            extensionTypes.add(type);
            return this;
        }

        public Builder ports(int source, int destination) {
            sport = source;
            dport = destination;
            return this;
        }

        public Builder seq(long value) {
            seq = value;
            return this;
        }

        public Builder ack(long value) {
            ackNumber = value;
            return this;
        }

        public Builder flags(int value) {
            flags = value;
            return this;
        }

        /** The low four bits of TCP byte 12: three reserved bits and NS. */
        public Builder reservedBits(int value) {
            reservedBits = value;
            return this;
        }

        public Builder window(int value) {
            window = value;
            return this;
        }

        public Builder tcpOptions(byte[] options) {
            tcpOptions = options.clone();
            return this;
        }

        public Builder payload(byte[] value) {
            payload = value.clone();
            return this;
        }

        public Builder trailing(byte[] value) {
            trailing = value.clone();
            return this;
        }

        public Builder sum(Sum value) {
            sum = value;
            return this;
        }

        public Builder wrongIpChecksum() {
            ipChecksumWrong = true;
            return this;
        }

        /** A UDP length field {@code delta} away from the datagram's L4 length. */
        public Builder udpLengthDelta(int delta) {
            udpLengthDelta = delta;
            return this;
        }

        /** The frame, checksums per {@link #sum(Sum)}. */
        public byte[] build() {
            byte[] l4 = proto == 6 ? tcpHeader() : udpHeader();
            byte[] segment = concat(l4, payload);
            int l4Length = segment.length;
            byte[] pseudo;
            byte[] ip;
            if (version == 4) {
                int ihl = 20 + ipv4Options.length;
                ip = new byte[ihl];
                ip[0] = (byte) (0x40 | ihl / 4);
                ip[1] = (byte) tos;
                put16(ip, 2, ihl + l4Length);
                put16(ip, 4, id);
                put16(ip, 6, fragment);
                ip[8] = (byte) ttl;
                ip[9] = (byte) proto;
                System.arraycopy(src4, 0, ip, 12, 4);
                System.arraycopy(dst4, 0, ip, 16, 4);
                System.arraycopy(ipv4Options, 0, ip, 20, ipv4Options.length);
                put16(ip, 10, checksumOf(ip) + (ipChecksumWrong ? 1 : 0));
                pseudo = concat(src4, dst4, bytes(0, proto, l4Length >>> 8, l4Length));
            } else {
                byte[] chain = new byte[0];
                int next = proto;
                for (int i = extensions.size() - 1; i >= 0; i--) {
                    byte[] header = extensions.get(i).clone();
                    header[0] = (byte) next;
                    chain = concat(header, chain);
                    next = extensionTypes.get(i);
                }
                ip = new byte[40];
                ip[0] = (byte) (flowWord >>> 24);
                ip[1] = (byte) (flowWord >>> 16);
                ip[2] = (byte) (flowWord >>> 8);
                ip[3] = (byte) flowWord;
                put16(ip, 4, chain.length + l4Length);
                ip[6] = (byte) next;
                ip[7] = (byte) hopLimit;
                System.arraycopy(src6, 0, ip, 8, 16);
                System.arraycopy(dst6, 0, ip, 24, 16);
                ip = concat(ip, chain);
                pseudo = concat(src6, dst6, bytes(l4Length >>> 24, l4Length >>> 16, l4Length >>> 8, l4Length, 0, 0, 0, proto));
            }
            int field = proto == 6 ? 16 : 6;
            int checksum = checksumOf(concat(pseudo, segment));
            if (proto == 17 && checksum == 0) {
                checksum = 0xFFFF;
            }
            switch (sum) {
                case CORRECT -> put16(segment, field, checksum);
                case ZERO -> put16(segment, field, 0);
                case WRONG -> put16(segment, field, checksum + 1);
            }
            byte[] l2 = tpid < 0
                    ? concat(dst, src, bytes(version == 4 ? 0x08 : 0x86, version == 4 ? 0x00 : 0xDD))
                    : concat(dst, src, bytes(tpid >>> 8, tpid, tci >>> 8, tci, version == 4 ? 0x08 : 0x86, version == 4 ? 0x00 : 0xDD));
            return concat(l2, ip, segment, trailing);
        }

        private byte[] tcpHeader() {
            int thl = 20 + tcpOptions.length;
            byte[] header = new byte[thl];
            put16(header, 0, sport);
            put16(header, 2, dport);
            put16(header, 4, (int) (seq >>> 16));
            put16(header, 6, (int) seq);
            put16(header, 8, (int) (ackNumber >>> 16));
            put16(header, 10, (int) ackNumber);
            header[12] = (byte) (thl / 4 << 4 | reservedBits);
            header[13] = (byte) flags;
            put16(header, 14, window);
            put16(header, 18, urgent);
            System.arraycopy(tcpOptions, 0, header, 20, tcpOptions.length);
            return header;
        }

        private byte[] udpHeader() {
            byte[] header = new byte[8];
            put16(header, 0, sport);
            put16(header, 2, dport);
            put16(header, 4, 8 + payload.length + udpLengthDelta);
            return header;
        }
    }

    /** A copy of {@code frame} with {@code length} bytes at {@code at} zeroed: a field a comparison leaves out. */
    public static byte[] without(byte[] frame, int at, int length) {
        byte[] copy = frame.clone();
        Arrays.fill(copy, at, at + length, (byte) 0);
        return copy;
    }
}
