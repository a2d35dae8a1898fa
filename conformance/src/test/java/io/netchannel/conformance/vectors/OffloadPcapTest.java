package io.netchannel.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.harness.Providers;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.properties.OffloadBench;
import io.netchannel.conformance.properties.OffloadFrames;
import io.netchannel.conformance.properties.OffloadOracle;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An external oracle for chapter 11: a device segments TSO packets (IPv4 and IPv6, tagged and
 * untagged, with IP options, IPv6 extension headers and TCP options) and completes csum_blank TCP
 * and UDP packets, every frame it puts on the wire is written to a pcap file, and Wireshark's own
 * dissectors — not the suite's checksum code — must report every IPv4 header, TCP and UDP checksum
 * good and no frame malformed (the pattern payloads decoded as plain data). Runs on the fast NIC and on the reference model; skipped with the
 * reason when tshark is missing (.ci/run installs it) or the device does not claim the profiles.
 */
class OffloadPcapTest {

    /** Wireshark's expert severity "Error" (PI_ERROR): malformed packets, bad checksums. */
    private static final long EXPERT_ERROR = 0x0080_0000L;

    /** The super-frames and csum_blank frames of the run: every shape section 3 parses, a fixed list so the capture is the same every time. */
    static List<OffloadFrames.Shape> shapes(boolean segment) {
        List<OffloadFrames.Shape> shapes = new ArrayList<>();
        int seed = 1;
        int[] payloads = segment ? new int[] {1, 700, 1460, 2921, 8000, 30_000} : new int[] {0, 1, 2, 57, 1000, 1471, 8000};
        for (int version : new int[] {4, 6}) {
            for (int vid : new int[] {0, 100}) {
                for (int variant = 0; variant < 3; variant++) {
                    for (int payload : payloads) {
                        int proto = segment || (seed & 1) == 0 ? OffloadOracle.TCP : OffloadOracle.UDP;
                        int ipOptions = version == 4 && variant == 1 ? 3 : 0;
                        List<Integer> extensions = version == 6 && variant == 1 ? List.of(0, 60) : version == 6 && variant == 2 ? List.of(60) : List.of();
                        int tcpOptions = variant == 2 ? 3 : variant == 1 ? 1 : 0;
                        int flags = OffloadOracle.ACK | (seed % 3 == 0 ? OffloadOracle.PSH : 0) | (seed % 5 == 0 ? OffloadOracle.FIN : 0)
                                | (seed % 7 == 0 ? OffloadOracle.CWR : 0);
                        long seq = seed % 4 == 0 ? 0xFFFF_FF00L : 1000L * seed;
                        int id = seed % 4 == 1 ? 0xFFFE : seed * 11;
                        int trailing = !segment && seed % 3 == 1 ? 6 : 0;
                        shapes.add(new OffloadFrames.Shape(vid, version, ipOptions, extensions, 0, proto, tcpOptions, flags, seq, id, payload, trailing,
                                (seed * 7919) & 0xFFFF, seed, OffloadFrames.Defect.NONE));
                        seed++;
                    }
                }
            }
        }
        return shapes;
    }

    /** One csum_blank UDP datagram whose checksum computes to zero (CSUM-2: it goes out as 0xFFFF). */
    static byte[] udpZero() {
        byte[] frame = OffloadFrames.build(new OffloadFrames.Shape(0, 4, 0, List.of(), 0, OffloadOracle.UDP, 0, 0, 0, 7, 40, 0, 0, 9, OffloadFrames.Defect.NONE),
                OffloadBench.STRANGER, OffloadBench.TX_MAC);
        OffloadOracle.Parsed p = OffloadOracle.parse(frame);
        OffloadOracle.put16(frame, p.l4() + 8, 0);
        OffloadOracle.put16(frame, p.l4() + 8, OffloadOracle.rawL4Checksum(frame, p));
        return frame;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fast", "reference"})
    @Requirement({"TSO-2", "TSO-3", "TSO-4", "CSUM-1", "CSUM-2"})
    void wiresharkFindsEveryChecksumOfEverySegmentAndCompletedFrameGood(String name, @TempDir Path dir) throws IOException, InterruptedException {
        Optional<Path> tshark = onPath("tshark");
        assumeTrue(tshark.isPresent(), "tshark is not on the PATH (.ci/run installs it)");
        DeviceProvider provider = Providers.find(name);
        assumeTrue(provider.profiles().containsAll(List.of(Profile.CHECKSUM, Profile.TSO)),
                "provider '" + name + "' does not claim checksum and tso (claims " + provider.profiles() + ")");

        List<byte[]> wire = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        int expected = 0;
        for (boolean segment : new boolean[] {true, false}) {
            for (OffloadFrames.Shape shape : shapes(segment)) {
                VlanPolicy policy = shape.vid() == 0 ? VlanPolicy.UNTAGGED : new VlanPolicy.Trunk(List.of(shape.vid()));
                OffloadBench bench = OffloadBench.start(provider, policy, VlanPolicy.UNTAGGED);
                byte[] frame = OffloadFrames.build(shape, OffloadBench.STRANGER, OffloadBench.TX_MAC);
                int mss = segment ? List.of(536, 1448, 1460, 9000).get(shape.seed() % 4) : 0;
                TxSlot.Extra gso = segment ? TxSlot.Extra.gso(mss, shape.version() == 4 ? ExtraInfoLayout.GSO_TYPE_TCPV4 : ExtraInfoLayout.GSO_TYPE_TCPV6, false)
                        : null;
                OffloadBench.Sent sent = bench.send(List.of(bench.place(frame, segment ? 0 : TxRequestLayout.FLAG_CSUM_BLANK, gso, 1024, shape.seed() * 977)));
                assertThat(sent.status(0)).as("%s: the packet %s answered OKAY", name, shape).isEqualTo(NetifStatus.OKAY);
                int count = segment ? OffloadOracle.segments(shape.payload(), mss) : 1;
                assertThat(sent.frames()).as("%s: frames for %s", name, shape).hasSize(count);
                expected += count;
                for (byte[] f : sent.frames()) {
                    wire.add(f);
                    sources.add(shape + (segment ? ", MSS " + mss : ", csum_blank"));
                }
            }
        }
        OffloadBench bench = OffloadBench.start(provider, VlanPolicy.UNTAGGED, VlanPolicy.UNTAGGED);
        OffloadBench.Sent zero = bench.send(List.of(bench.place(udpZero(), TxRequestLayout.FLAG_CSUM_BLANK, null)));
        wire.addAll(zero.frames());
        sources.add("a UDP datagram whose checksum computes to 0x0000, csum_blank");
        expected++;
        assertThat(wire).hasSize(expected);

        Path capture = dir.resolve(name + "-offloads.pcap");
        Pcap.write(wire, capture);
        List<String> lines = tshark(tshark.get(), capture, dir);
        assertThat(lines).as("one tshark line per frame").hasSize(wire.size());
        List<String> problems = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String[] f = (lines.get(k) + "\t\t\t\t\t\t\t").split("\t", -1);
            // frame.number, ip.checksum.status, tcp.checksum.status, udp.checksum.status, udp.checksum, _ws.malformed, _ws.expert.severity, frame.protocols
            boolean ipv4 = f[7].contains(":ip:");
            boolean tcp = f[7].contains(":tcp");
            String what = "frame " + (k + 1) + " (" + sources.get(k) + ", protocols " + f[7] + ")";
            if (ipv4 && !f[1].equals("1")) {
                problems.add(what + ": IPv4 header checksum status " + f[1]);
            }
            if (tcp && !f[2].equals("1")) {
                problems.add(what + ": TCP checksum status " + f[2]);
            }
            if (!tcp && !f[3].equals("1")) {
                problems.add(what + ": UDP checksum status " + f[3]);
            }
            if (!f[5].isEmpty()) {
                problems.add(what + ": malformed " + f[5]);
            }
            for (String severity : f[6].split(",")) {
                if (!severity.isEmpty() && Long.decode(severity) >= EXPERT_ERROR) {
                    problems.add(what + ": expert info of severity " + severity);
                }
            }
            if (!(f[7].contains(":ip:") || f[7].contains(":ipv6")) || !(f[7].contains(":tcp") || f[7].contains(":udp"))) {
                problems.add(what + ": not decoded as IP and TCP or UDP");
            }
        }
        // the zero-sum datagram: Wireshark reads the 0xFFFF that RFC 768 asks for (CSUM-2)
        assertThat(lines.get(lines.size() - 1).split("\t", -1)[4]).as("the UDP checksum field of the zero-sum datagram").isEqualTo("0xffff");
        assertThat(problems).as("what Wireshark found wrong in the %d frames %s sent (capture %s)", wire.size(), name, capture).isEmpty();
    }

    /** tshark's fields, one line per frame, with checksum validation on and only the link, IP and transport dissectors enabled. */
    private static List<String> tshark(Path tshark, Path capture, Path dir) throws IOException, InterruptedException {
        Path stdout = dir.resolve("tshark.out");
        Path stderr = dir.resolve("tshark.err");
        List<String> command = new ArrayList<>(List.of(tshark.toString(), "-r", capture.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                // no sequence analysis across the unrelated flows, and the pattern payloads read as data, not as DNS (port 53) or HTTP (80)
                "-o", "tcp.analyze_sequence_numbers:FALSE", "-d", "udp.port==53,data", "-d", "tcp.port==80,data"));
        command.addAll(List.of("-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "frame.number", "-e", "ip.checksum.status", "-e", "tcp.checksum.status", "-e", "udp.checksum.status", "-e", "udp.checksum",
                "-e", "_ws.malformed", "-e", "_ws.expert.severity", "-e", "frame.protocols"));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tshark did not finish within 120 s; stderr:%n%s", Files.readString(stderr));
        }
        String output = Files.readString(stdout, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("tshark exited %d; stdout:%n%s%nstderr:%n%s", process.exitValue(), output, Files.readString(stderr));
        }
        return output.lines().filter(line -> !line.isBlank()).toList();
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
                // a malformed PATH entry cannot hold tshark; look at the next one
            }
        }
        return Optional.empty();
    }
}
