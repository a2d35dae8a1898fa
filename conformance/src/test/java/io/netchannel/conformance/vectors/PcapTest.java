package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pcap export against the file format by hand, and against Wireshark's own decoder. */
class PcapTest {

    private static final HexFormat HEX = HexFormat.of();

    // Written from pcap-savefile(5), little-endian, one field per group.
    private static final String GLOBAL_HEADER = "d4c3b2a1" // magic 0xa1b2c3d4
            + "0200" + "0400" //                               version 2.4
            + "00000000" //                                    thiszone
            + "00000000" //                                    sigfigs
            + "ffff0000" //                                    snaplen 65535
            + "01000000"; //                                   LINKTYPE_ETHERNET

    @Test
    void headersMatchTheFormatByteForByte() {
        byte[] first = new byte[60];
        Arrays.fill(first, (byte) 0xab);
        byte[] second = new byte[42];

        byte[] file = Pcap.write(List.of(first, second));

        assertThat(file).hasSize(24 + 16 + 60 + 16 + 42);
        assertThat(Arrays.copyOfRange(file, 0, 24)).isEqualTo(HEX.parseHex(GLOBAL_HEADER));
        assertThat(Arrays.copyOfRange(file, 24, 40)).isEqualTo(HEX.parseHex(
                "00000000" // ts_sec: frame 0
                        + "00000000" // ts_usec
                        + "3c000000" // incl_len 60
                        + "3c000000")); // orig_len 60
        assertThat(Arrays.copyOfRange(file, 40, 100)).isEqualTo(first);
        assertThat(Arrays.copyOfRange(file, 100, 116)).isEqualTo(HEX.parseHex(
                "01000000" // ts_sec: frame 1, one second later
                        + "00000000"
                        + "2a000000" // 42
                        + "2a000000"));
        assertThat(Arrays.copyOfRange(file, 116, 158)).isEqualTo(second);
    }

    @Test
    void noFramesIsJustTheGlobalHeader() {
        assertThat(Pcap.write(List.of())).isEqualTo(HEX.parseHex(GLOBAL_HEADER)).hasSize(24);
    }

    @Test
    void aFrameLongerThanTheSnaplenIsRejected() {
        assertThatThrownBy(() -> Pcap.write(List.of(new byte[60], new byte[65536])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame 1")
                .hasMessageContaining("65536");
        assertThat(Pcap.write(List.of(new byte[65535]))).hasSize(24 + 16 + 65535);
    }

    @Test
    void writesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("frames.pcap");
        List<byte[]> frames = List.of(new byte[60]);

        Pcap.write(frames, file);

        assertThat(Files.readAllBytes(file)).isEqualTo(Pcap.write(frames));
    }

    @Test
    void aFileThatCannotBeWrittenNamesThePath(@TempDir Path dir) {
        Path file = dir.resolve("missing").resolve("frames.pcap");

        assertThatThrownBy(() -> Pcap.write(List.of(), file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void tsharkDecodesExportedFrames(@TempDir Path dir) throws IOException, InterruptedException {
        Optional<Path> tshark = onPath("tshark");
        assumeTrue(tshark.isPresent(), "tshark is not on the PATH (.ci/run installs it)");
        Path capture = dir.resolve("frames.pcap");
        Pcap.write(List.of(ipv4Frame(), arpRequest()), capture);
        Path stdout = dir.resolve("tshark.out");
        Path stderr = dir.resolve("tshark.err");

        Process process = new ProcessBuilder(tshark.get().toString(), "-r", capture.toString(),
                "-T", "fields", "-e", "eth.dst", "-e", "eth.src", "-e", "eth.type")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()) // tshark warns when run as root; not an error
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tshark did not finish within 60 s; stderr:%n%s", Files.readString(stderr));
        }
        String output = Files.readString(stdout, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("tshark exited %d; stdout:%n%s%nstderr:%n%s", process.exitValue(), output, Files.readString(stderr));
        }

        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("tshark output:%n%s", output).hasSize(2);
        assertEthernet(lines.get(0), "02:00:00:00:00:01", "02:00:00:00:00:02", 0x0800);
        assertEthernet(lines.get(1), "ff:ff:ff:ff:ff:ff", "02:00:00:00:00:02", 0x0806);
    }

    @Test
    void tsharkOpensTheFramesOfABundledVectorExportedByTheCli(@TempDir Path dir) throws IOException, InterruptedException {
        Optional<Path> tshark = onPath("tshark");
        assumeTrue(tshark.isPresent(), "tshark is not on the PATH (.ci/run installs it)");
        Path capture = dir.resolve("vector.pcap");
        Path vectors = Path.of(System.getProperty("netchannel.root", "..")).resolve("vectors");
        int code = io.netchannel.conformance.cli.NetchannelCli.run("vectors", "export-pcap", "descriptor.rx-delivery.unicast-60-bytes",
                "--dir", vectors.toString(), "-o", capture.toString());
        assertThat(code).isZero();
        Path stdout = dir.resolve("tshark.out");
        Process process = new ProcessBuilder(tshark.get().toString(), "-r", capture.toString(), "-T", "fields", "-e", "frame.len", "-e", "eth.dst")
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("tshark.err").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tshark did not finish within 60 s");
        }
        assertThat(process.exitValue()).isZero();
        // the vector's one wire frame: 60 bytes to context 0's MAC
        assertThat(Files.readString(stdout).lines().filter(l -> !l.isBlank()).toList()).containsExactly("60\t02:00:00:00:00:01");
    }

    /** One tshark fields line: dst, src and ethertype, tab-separated. */
    private static void assertEthernet(String line, String dst, String src, int type) {
        String[] fields = line.split("\t");
        assertThat(fields).as(line).hasSize(3);
        assertThat(fields[0]).as(line).isEqualTo(dst);
        assertThat(fields[1]).as(line).isEqualTo(src);
        // Older tshark prints 0x0800, newer 0x00000800: compare the number, not the text.
        assertThat(fields[2]).as(line).startsWith("0x");
        assertThat(Integer.parseInt(fields[2].substring(2), 16)).as(line).isEqualTo(type);
    }

    /** An Ethernet II frame carrying a valid IPv4 header and payload, 60 bytes: the minimum frame without FCS. */
    private static byte[] ipv4Frame() {
        byte[] ethernet = HEX.parseHex("020000000001" + "020000000002" + "0800");
        byte[] ip = HEX.parseHex("45" // version 4, 5 words of header
                + "00" // DSCP/ECN
                + "002e" // total length 46 = 20 header + 26 payload
                + "0001" // identification
                + "4000" // don't fragment
                + "40" // TTL 64
                + "fd" // protocol 253, reserved for experiments: no further decoding expected
                + "0000" // checksum, filled in below
                + "c0000201" // 192.0.2.1 (TEST-NET-1)
                + "c0000202"); // 192.0.2.2
        int checksum = internetChecksum(ip);
        ip[10] = (byte) (checksum >>> 8);
        ip[11] = (byte) checksum;
        assertThat(internetChecksum(ip)).as("a header with its checksum sums to zero").isZero();
        byte[] payload = "netchannel pcap export ok".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[60];
        System.arraycopy(ethernet, 0, frame, 0, 14);
        System.arraycopy(ip, 0, frame, 14, 20);
        System.arraycopy(payload, 0, frame, 34, payload.length); // the last byte stays 0
        return frame;
    }

    /** An ARP request "who has 192.0.2.1? tell 192.0.2.2", 42 bytes. */
    private static byte[] arpRequest() {
        return HEX.parseHex("ffffffffffff" + "020000000002" + "0806" // broadcast, from us, ARP
                + "0001" // hardware: Ethernet
                + "0800" // protocol: IPv4
                + "06" + "04" // address lengths
                + "0001" // request
                + "020000000002" + "c0000202" // sender
                + "000000000000" + "c0000201"); // target
    }

    /** RFC 1071: the ones' complement of the ones' complement sum of the 16-bit words. */
    private static int internetChecksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (data.length % 2 != 0) {
            sum += (data[data.length - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The executable {@code name} in a PATH directory, found without running anything. */
    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(entry, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // A malformed PATH entry cannot hold tshark; look at the next one.
            }
        }
        return Optional.empty();
    }
}
