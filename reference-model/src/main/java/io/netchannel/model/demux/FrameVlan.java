package io.netchannel.model.demux;

/**
 * The VLAN a frame from the wire belongs to, read from its TPID position, octets 12–13
 * (spec 06, section 3, DEMUX-1).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  octets 0..11: destination MAC, source MAC                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  TPID 0x8100 (octets 12-13)   | PCP |D|  VID (low 12 bits)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public sealed interface FrameVlan permits FrameVlan.None, FrameVlan.Untagged, FrameVlan.Tagged {

    /** The 802.1Q tag protocol identifier. */
    int TPID_8021Q = 0x8100;
    /** The 802.1ad service tag, outside the core profile. */
    int TPID_8021AD = 0x88A8;
    /** The pre-standard service tag, outside the core profile. */
    int TPID_QINQ = 0x9100;
    /** Octet offset of the TPID position. */
    int TPID_OFFSET = 12;
    /** Octet offset of the TCI of an 802.1Q tag. */
    int TCI_OFFSET = 14;
    /** Length of an 802.1Q tag (TPID and TCI). */
    int TAG_LENGTH = 4;
    /** Shortest frame that can carry an 802.1Q tag and an EtherType after it. */
    int MIN_TAGGED = 18;
    /** Shortest frame with an Ethernet header. */
    int MIN_UNTAGGED = 14;
    /** Lowest VID a frame or a policy may name; 0 marks a priority tag. */
    int VID_MIN = 1;
    /** Highest VID a frame or a policy may name; 0xFFF is reserved. */
    int VID_MAX = 4094;

    /** The frame belongs to no VLAN and is dropped. */
    FrameVlan NONE = new None();
    /** The frame carries no tag. */
    FrameVlan UNTAGGED = new Untagged();

    /** No VLAN: a priority tag, a reserved VID, a short tagged frame or a service tag. */
    record None() implements FrameVlan {
    }

    /** No tag in the TPID position. */
    record Untagged() implements FrameVlan {
    }

    /**
     * An 802.1Q tag with a usable VID.
     *
     * @param vid 1..4094
     */
    record Tagged(int vid) implements FrameVlan {
    }

    /** The VLAN of the {@code length} bytes at {@code offset} of {@code frame} (DEMUX-1). */
    static FrameVlan of(byte[] frame, int offset, int length) {
        if (length < MIN_UNTAGGED) {
            return NONE; // no TPID position at all; RX-6 drops such a runt before demux
        }
        int tpid = u16(frame, offset + TPID_OFFSET);
        if (tpid == TPID_8021AD || tpid == TPID_QINQ) {
            return NONE; // DEMUX-1: service tags are outside core
        }
        if (tpid != TPID_8021Q) {
            return UNTAGGED; // DEMUX-1
        }
        if (length < MIN_TAGGED) {
            return NONE; // DEMUX-1: a tag with nothing after it
        }
        int vid = u16(frame, offset + TCI_OFFSET) & 0xFFF;
        if (vid < VID_MIN || vid > VID_MAX) {
            return NONE; // DEMUX-1: priority-tagged (0) or reserved (0xFFF)
        }
        return new Tagged(vid);
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }
}
