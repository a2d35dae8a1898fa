package io.netchannel.conformance.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Frames as a classic libpcap capture file (not pcapng), so Wireshark, tshark and tcpdump can
 * open what a vector sent or received.
 *
 * <p>Format: libpcap file format, https://www.tcpdump.org/manpages/pcap-savefile.5.txt. All
 * fields are written little-endian; readers detect the byte order from the magic number.
 *
 * <p>Global header, 24 bytes, once at the start of the file:
 * <pre>
 * offset | size | field
 * -------+------+---------------------------------------------------
 *      0 |    4 | magic_number  0xa1b2c3d4 (microsecond timestamps)
 *      4 |    2 | version_major 2
 *      6 |    2 | version_minor 4
 *      8 |    4 | thiszone      0 (timestamps are UTC)
 *     12 |    4 | sigfigs       0
 *     16 |    4 | snaplen       65535
 *     20 |    4 | network       1 = LINKTYPE_ETHERNET
 * </pre>
 *
 * <p>Record header, 16 bytes, before each frame's bytes:
 * <pre>
 * offset | size | field
 * -------+------+---------------------------------------------------
 *      0 |    4 | ts_sec   seconds; here the frame's index in the list
 *      4 |    4 | ts_usec  microseconds; here always 0
 *      8 |    4 | incl_len bytes of the frame stored in the file
 *     12 |    4 | orig_len bytes of the frame on the wire
 * </pre>
 *
 * <p>LINKTYPE_ETHERNET (1) is from https://www.tcpdump.org/linktypes.html: each frame starts
 * with the destination MAC and has no preamble or FCS.
 */
public final class Pcap {

    private static final int GLOBAL_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    // Frames are never cut, so the largest frame accepted is also the snaplen.
    private static final int MAX_FRAME_LENGTH = 65535;

    private static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    private static final short VERSION_MAJOR = 2;
    private static final short VERSION_MINOR = 4;
    private static final int LINKTYPE_ETHERNET = 1;

    private Pcap() {
    }

    /**
     * The capture file of {@code frames}, in order; frame {@code i} is stamped {@code i} seconds
     * after the epoch so the same frames always give the same bytes.
     *
     * @throws IllegalArgumentException if a frame is longer than 65535 bytes
     */
    public static byte[] write(List<byte[]> frames) {
        int size = GLOBAL_HEADER_LENGTH;
        for (int i = 0; i < frames.size(); i++) {
            int length = frames.get(i).length;
            // A longer frame would need truncating (incl_len < orig_len), which would hide bytes.
            if (length > MAX_FRAME_LENGTH) {
                throw new IllegalArgumentException("frame " + i + " is " + length
                        + " bytes, longer than the pcap snaplen of " + MAX_FRAME_LENGTH);
            }
            size += RECORD_HEADER_LENGTH + length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC_MICROSECONDS)
                .putShort(VERSION_MAJOR)
                .putShort(VERSION_MINOR)
                .putInt(0) // thiszone
                .putInt(0) // sigfigs
                .putInt(MAX_FRAME_LENGTH)
                .putInt(LINKTYPE_ETHERNET);
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            // Timestamps come from the index, never the clock: exports must be reproducible.
            out.putInt(i)
                    .putInt(0)
                    .putInt(frame.length)
                    .putInt(frame.length)
                    .put(frame);
        }
        return out.array();
    }

    /**
     * Writes the capture file of {@code frames} to {@code file}, replacing it.
     *
     * @throws IllegalArgumentException if a frame is longer than 65535 bytes
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(List<byte[]> frames, Path file) {
        byte[] bytes = write(frames);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pcap file " + file, e);
        }
    }
}
