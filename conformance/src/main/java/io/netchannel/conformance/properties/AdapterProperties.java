package io.netchannel.conformance.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.netchannel.api.DeviceProvider;
import io.netchannel.api.Profile;
import io.netchannel.conformance.Requirement;
import io.netchannel.conformance.stdio.RawSession;
import io.netchannel.conformance.stdio.SharedMemoryFile;
import io.netchannel.conformance.stdio.StdioProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Example;

/**
 * The adapter checks (spec 13, section 10; TCK group {@code Adapter}): scripted sessions that
 * drive the device's executable directly, line by line, over a memory file this class lays out
 * itself. They see what the bridge hides from the other checks: every raw line, the exit status,
 * a grant table of another size, requests the bridge never sends. The guest's side is written
 * here byte by byte from the Xen layouts, not through the harness, so a wrong page offset or a
 * {@code frame == gref} shortcut in the device shows.
 *
 * <p>Runs on a device that claims {@code adapter}, which the {@code stdio} bridge does for every
 * device it runs; the provider must be a {@link StdioProvider} to say which executable to start.
 */
public abstract class AdapterProperties {

    static final String SCHEMA_RESOURCE = "/netchannel/spec/schema/adapter-v1.schema.json";
    private static final Duration REPLY = Duration.ofSeconds(10);
    /** ADAPT-6's bound. */
    private static final Duration EXIT = Duration.ofSeconds(1);
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The implementation under test. */
    protected abstract DeviceProvider provider();

    // ------------------------------------------------------------------ the scripted session

    /** Grant references and frames of the script: no gref equals its frame, and one is the table's last entry. */
    record Layout(int grantEntries, int txRing, int rxRing, int data, int buffer) {
        static Layout of(int grantEntries) {
            return new Layout(grantEntries, grantEntries - 1, 3, grantEntries / 2 + 7, 1);
        }

        /** The frame of each gref: chosen so that none is its gref (SHM-1). */
        int frame(int gref) {
            if (gref == txRing) {
                return 11;
            }
            if (gref == rxRing) {
                return 5;
            }
            if (gref == data) {
                return 23;
            }
            return 2; // buffer
        }
    }

    /** What one run of the script printed and what it found. */
    record Run(List<String> printed, List<String> problems, ObjectNode initOk) {
    }

    static final String MAC = "02:00:00:00:00:11";
    /** A 60-byte broadcast frame from {@link #MAC}. */
    static final byte[] TX_FRAME = frame("ffffffffffff", "020000000011", 1);
    /** A 60-byte frame to {@link #MAC}. */
    static final byte[] RX_FRAME = frame("020000000011", "0200000000aa", 2);

    private static byte[] frame(String destination, String source, int fill) {
        byte[] frame = new byte[60];
        System.arraycopy(HEX.parseHex(destination + source + "0800"), 0, frame, 0, 14);
        for (int i = 14; i < frame.length; i++) {
            frame[i] = (byte) (i * fill);
        }
        return frame;
    }

    /**
     * Runs the script: init, create context 1, send one TX packet, receive one frame into a posted
     * buffer, advance, shutdown. Each call's reply is checked for the rules named in the problems.
     */
    Run script(int grantEntries) {
        List<String> problems = new ArrayList<>();
        Layout layout = Layout.of(grantEntries);
        try (RawSession session = RawSession.start(command(), grantEntries, 32, REPLY)) {
            SharedMemoryFile memory = session.memory();
            ObjectNode initOk = (ObjectNode) RawSession.parse(session.init());
            for (int gref : new int[] {layout.txRing(), layout.rxRing(), layout.data(), layout.buffer()}) {
                memory.writeEntry(gref, SharedMemoryFile.GTF_PERMIT_ACCESS, 1, layout.frame(gref));
            }
            ringInit(memory, layout.frame(layout.txRing()));
            ringInit(memory, layout.frame(layout.rxRing()));

            ObjectNode create = object();
            create.put("caller", "host").put("request", "create").put("ctx", 1);
            create.putArray("macs").add(MAC);
            create.put("txRing", layout.txRing()).put("rxRing", layout.rxRing()).put("promiscuousAllowed", false);
            JsonNode created = call(session, "control", create, problems);
            expect(created.path("result").path("outcome").asText().equals("ok"), "ADAPT-3", "create of context 1 answered " + created, problems);

            // TX: one 60-byte packet in slot 0 (netif_tx_request: gref, offset, flags, id, size)
            int txFrame = layout.frame(layout.txRing());
            memory.write(layout.frame(layout.data()), 100, TX_FRAME, 0, TX_FRAME.length);
            ByteBuffer request = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            request.putInt(layout.data()).putShort((short) 100).putShort((short) 0).putShort((short) 77).putShort((short) TX_FRAME.length);
            memory.write(txFrame, 64, request.array(), 0, 12);
            memory.write(txFrame, 0, u32(1), 0, 4);
            byte[][] before = pages(memory);
            JsonNode kicked = call(session, "kick", object().put("ctx", 1).put("queue", "TX"), problems);
            audit(memory, before, kicked, "kick", problems);
            List<String> sent = new ArrayList<>();
            kicked.path("frames").forEach(f -> sent.add(f.path("frame").asText()));
            expect(sent.equals(List.of(HEX.formatHex(TX_FRAME))), "SHM-1",
                    "the TX packet, read through grant " + layout.data() + " (frame " + layout.frame(layout.data()) + ", table of " + grantEntries
                            + " entries), leaves on the wire in the kick's reply: frames " + sent, problems);
            expect(has(kicked.path("counters"), c -> c.path("ctx").asInt() == 1 && c.path("counter").asText().equals("TX_FRAMES")
                    && c.path("delta").asLong() == 1), "ADAPT-3", "the kick's reply carries TX_FRAMES +1 for context 1: " + kicked.path("counters"), problems);
            expect(has(kicked.path("notifications"), n -> n.path("ctx").asInt() == 1 && n.path("queue").asText().equals("TX")), "ADAPT-3",
                    "the kick's reply carries the TX notification the response owes (rsp_event 1): " + kicked.path("notifications"), problems);
            expect(reads(kicked, layout.data(), 100, 160), "SHM-2", "the reads the kick reports cover the 60 bytes it sent from grant "
                    + layout.data() + " [100, 160): " + kicked.path("accesses"), problems);
            expect(reads(kicked, layout.txRing(), 0, 4) && reads(kicked, layout.txRing(), 64, 76), "SHM-2",
                    "the kick reports its reads of req_prod and of the request in slot 0: " + kicked.path("accesses"), problems);

            // RX: one buffer posted in slot 0 (netif_rx_request: id, pad, gref), then a frame for the context's MAC
            int rxFrame = layout.frame(layout.rxRing());
            ByteBuffer post = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 9).putShort((short) 0).putInt(layout.buffer());
            memory.write(rxFrame, 64, post.array(), 0, 8);
            memory.write(rxFrame, 0, u32(1), 0, 4);
            before = pages(memory);
            JsonNode received = call(session, "receive", object().put("port", 0).put("frame", HEX.formatHex(RX_FRAME)), problems);
            audit(memory, before, received, "receive", problems);
            byte[] landed = new byte[RX_FRAME.length];
            memory.read(layout.frame(layout.buffer()), 0, landed, 0, landed.length);
            expect(java.util.Arrays.equals(landed, RX_FRAME), "SHM-1", "the received frame lands in the page of grant " + layout.buffer()
                    + "'s entry (frame " + layout.frame(layout.buffer()) + "): " + HEX.formatHex(landed), problems);
            expect(received.path("frames").isMissingNode() || received.path("frames").isEmpty(), "ADAPT-3",
                    "the receive's reply carries no frame of the earlier kick: " + received.path("frames"), problems);
            expect(has(received.path("notifications"), n -> n.path("ctx").asInt() == 1 && n.path("queue").asText().equals("RX")), "ADAPT-3",
                    "the receive's reply carries the RX notification (rsp_event 1): " + received.path("notifications"), problems);

            JsonNode advanced = call(session, "advance", object().put("nanos", 1_000_000), problems);
            expect(advanced.path("frames").isMissingNode() || advanced.path("frames").isEmpty(), "ADAPT-3",
                    "an advance with nothing held produces no frame: " + advanced, problems);

            JsonNode shut = call(session, "shutdown", object(), problems);
            expect(shut.path("type").asText().equals("shutdown_ok"), "ADAPT-6", "shutdown is answered shutdown_ok: " + shut, problems);
            Optional<Integer> status = session.exitWithin(EXIT);
            expect(status.equals(Optional.of(0)), "ADAPT-6", "after shutdown_ok the process exits 0 within " + EXIT.toMillis() + " ms: "
                    + status.map(s -> "exit " + s).orElse("still running"), problems);
            List<String> printed = session.printed();
            long requests = session.nextId() - 1;
            expect(printed.size() == requests, "ADAPT-1", requests + " requests, so " + requests + " lines on stdout, but the device printed "
                    + printed.size() + ": " + printed, problems);
            for (String line : printed) {
                Set<ValidationMessage> complaints = schema().validate(RawSession.parse(line));
                expect(complaints.isEmpty(), "ADAPT-1", "a line the schema refuses: " + complaints + " in " + line, problems);
            }
            return new Run(printed, problems, initOk);
        }
    }

    // ------------------------------------------------------------------ the checks

    @Example
    @ProfileGate.Claimed("adapter")
    @Requirement({"ADAPT-2", "ADAPT-1"})
    public void required_ADAPT2_initIsAnsweredByADeclarationTheSchemaAccepts() {
        try (RawSession session = RawSession.start(command(), SharedMemoryFile.DEFAULT_ENTRIES, 16, REPLY)) {
            String line = session.init();
            JsonNode reply = RawSession.parse(line);
            Set<ValidationMessage> complaints = schema().validate(reply);
            check(complaints.isEmpty(), "ADAPT-2", "init_ok the schema refuses: " + complaints + " in " + line);
            check(reply.path("type").asText().equals("init_ok") && reply.path("in_reply_to").asLong() == 1, "ADAPT-2",
                    "init (id 1) answered by init_ok in reply to 1: " + line);
            for (String field : List.of("vendor", "product", "version")) {
                check(reply.path(field).isTextual() && !reply.path(field).asText().isBlank(), "ADAPT-2", "init_ok names its " + field + ": " + line);
            }
            check(has(reply.path("profiles"), p -> p.asText().equals(Profile.CORE.id())), "ADAPT-2", "init_ok claims core: " + line);
            check(reply.path("choices").isObject(), "ADAPT-2", "init_ok carries its choices (a map, possibly empty): " + line);
        }
    }

    @Example
    @ProfileGate.Claimed("adapter")
    @Requirement({"ADAPT-1", "ADAPT-3", "ADAPT-6", "SHM-1", "SHM-2"})
    public void required_ADAPT3_aScriptedSessionCarriesEachCallsOutputsOnItsReply() {
        Run run = script(SharedMemoryFile.DEFAULT_ENTRIES);
        check(run.problems().isEmpty(), run.problems().isEmpty() ? "" : run.problems().get(0).replaceFirst(":.*", ""),
                String.join("\n  ", run.problems()));
    }

    @Example
    @ProfileGate.Claimed("adapter")
    @Requirement({"SHM-1", "SHM-2"})
    public void required_SHM1_theDeviceFindsPagesThroughAGrantTableOfAnySize() {
        for (int entries : new int[] {512, 4096, 100_000}) {
            Run run = script(entries);
            check(run.problems().isEmpty(), "SHM-1", "with a grant table of " + entries + " entries (pages from offset "
                    + ((8L * entries + 4095) / 4096 * 4096) + "):\n  " + String.join("\n  ", run.problems()));
        }
    }

    @Example
    @ProfileGate.Claimed("adapter")
    @Requirement("ADAPT-4")
    public void required_ADAPT4_theSameSessionGivesTheSameReplies() {
        Run first = script(SharedMemoryFile.DEFAULT_ENTRIES);
        Run second = script(SharedMemoryFile.DEFAULT_ENTRIES);
        check(first.printed().size() == second.printed().size(), "ADAPT-4", "two runs of one script printed " + first.printed().size()
                + " and " + second.printed().size() + " lines");
        for (int i = 0; i < first.printed().size(); i++) {
            JsonNode a = RawSession.parse(first.printed().get(i));
            JsonNode b = RawSession.parse(second.printed().get(i));
            check(a.equals(b), "ADAPT-4", "reply " + (i + 1) + " differs between two runs of one script:\n  " + a + "\n  " + b);
        }
    }

    @Example
    @ProfileGate.Claimed("adapter")
    @Requirement("ADAPT-5")
    public void required_ADAPT5_aRequestTheDeviceCannotReadIsAnsweredMalformedRequest() {
        try (RawSession session = RawSession.start(command(), SharedMemoryFile.DEFAULT_ENTRIES, 16, REPLY)) {
            session.init();
            List<String> bad = List.of("{\"type\":\"kick\",\"id\":", "{\"type\":\"frobnicate\",\"id\":2}", "{\"type\":\"receive\",\"id\":3,\"port\":0}",
                    "[2,3]");
            long[] ids = {-1, 2, 3, -1};
            for (int i = 0; i < bad.size(); i++) {
                session.send(bad.get(i));
                String line = session.next().orElseThrow(() -> new AssertionError("ADAPT-5 violated: no answer to the unreadable request "
                        + "within " + REPLY + ": " + session.stderrTail()));
                JsonNode reply = RawSession.parse(line);
                check(reply.path("type").asText().equals("error") && reply.path("code").asText().equals("malformed-request"), "ADAPT-5",
                        "the unreadable request " + bad.get(i) + " is answered by an error of code malformed-request: " + line);
                if (ids[i] >= 0) {
                    check(reply.path("in_reply_to").asLong() == ids[i], "ADAPT-5", "its id " + ids[i] + " was readable, so the error is in reply to it: " + line);
                }
            }
            // still usable: the next request, with the next id, is answered in turn
            String line = session.exchange("{\"type\":\"advance\",\"id\":4,\"nanos\":1000}");
            JsonNode reply = RawSession.parse(line);
            check(reply.path("type").asText().equals("advance_ok") && reply.path("in_reply_to").asLong() == 4, "ADAPT-5",
                    "after the unreadable requests the device answers an advance (id 4) with advance_ok: " + line);
            if (!provider().profiles().contains(Profile.QOS)) {
                String create = "{\"type\":\"control\",\"id\":5,\"caller\":\"host\",\"request\":\"create\",\"ctx\":1,\"macs\":[\"" + MAC
                        + "\"],\"txRing\":7,\"rxRing\":8,\"promiscuousAllowed\":false,\"txRate\":{\"bytes\":1000,\"periodNanos\":1000000,\"burst\":1500}}";
                reply = RawSession.parse(session.exchange(create));
                boolean rejected = reply.path("type").asText().equals("control_ok") && reply.path("result").path("outcome").asText().equals("rejected")
                        && reply.path("result").path("category").asText().equals("NOT_SUPPORTED");
                boolean refused = reply.path("type").asText().equals("error") && reply.path("code").asText().equals("not-supported");
                check((rejected || refused) && reply.path("in_reply_to").asLong() == 5, "ADAPT-5",
                        "a TX rate on a device without qos is refused NOT_SUPPORTED (QOS-1), in reply to 5: " + reply);
            }
        }
    }

    @Example
    @ProfileGate.Claimed("adapter")
    @Requirement("ADAPT-6")
    public void required_ADAPT6_theEndOfStdinEndsTheProcessQuietly() {
        try (RawSession session = RawSession.start(command(), SharedMemoryFile.DEFAULT_ENTRIES, 16, REPLY)) {
            session.init();
            session.closeStdin();
            Optional<Integer> status = session.exitWithin(EXIT);
            check(status.isPresent(), "ADAPT-6", "the process still runs " + EXIT.toMillis() + " ms after its stdin closed");
            check(session.printed().size() == 1, "ADAPT-6", "after the end of stdin the device printed nothing more than init_ok: " + session.printed());
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<String> command() {
        if (!(provider() instanceof StdioProvider stdio)) {
            throw new AssertionError("the adapter checks start the device's executable: provider '" + provider().name()
                    + "' is not the stdio bridge, so it cannot claim profile adapter");
        }
        return stdio.command();
    }

    private static JsonNode call(RawSession session, String type, ObjectNode fields, List<String> problems) {
        long id = session.nextId();
        String line = session.call(type, fields);
        JsonNode reply = RawSession.parse(line);
        if (reply.path("in_reply_to").asLong(-1) != id) {
            problems.add("ADAPT-1: request " + id + " (" + type + ") answered by a line not in reply to it: " + line);
        }
        if (!reply.path("type").asText().equals(type + "_ok")) {
            problems.add("ADAPT-3: " + type + " answered by " + reply.path("type") + ", not " + type + "_ok: " + line);
        }
        return reply;
    }

    /**
     * SHM-2: every byte of a page that the call changed lies inside a write it reported, and each
     * reported write's {@code data} is what the file holds there unless a later write covers it.
     */
    private static void audit(SharedMemoryFile memory, byte[][] before, JsonNode reply, String call, List<String> problems) {
        byte[][] after = pages(memory);
        boolean[][] covered = new boolean[after.length][4096];
        List<JsonNode> writes = new ArrayList<>();
        reply.path("accesses").forEach(a -> {
            if (a.path("write").asBoolean()) {
                writes.add(a);
            }
        });
        for (JsonNode write : writes) {
            int gref = write.path("gref").asInt();
            int frame = (int) memory.frame(gref);
            int offset = write.path("offset").asInt();
            int length = write.path("length").asInt();
            if (!write.path("data").isTextual()) {
                problems.add("SHM-2: the " + call + " reported a write without its data: " + write);
                continue;
            }
            if (frame < 0 || frame >= after.length || offset < 0 || length < 0 || offset + length > 4096) {
                continue; // chapter 02's findings, not this check's
            }
            for (int i = offset; i < offset + length; i++) {
                covered[frame][i] = true;
            }
        }
        for (int frame = 0; frame < after.length; frame++) {
            for (int i = 0; i < 4096; i++) {
                if (before[frame][i] != after[frame][i] && !covered[frame][i]) {
                    problems.add("SHM-2: the " + call + " changed byte " + i + " of frame " + frame + " (" + before[frame][i] + " -> " + after[frame][i]
                            + ") and reported no write there: " + reply.path("accesses"));
                    return;
                }
            }
        }
        // the last reported write of each byte holds what the file now holds
        for (int w = writes.size() - 1; w >= 0; w--) {
            JsonNode write = writes.get(w);
            int frame = (int) memory.frame(write.path("gref").asInt());
            int offset = write.path("offset").asInt();
            byte[] data;
            try {
                data = HEX.parseHex(write.path("data").asText());
            } catch (IllegalArgumentException e) {
                problems.add("SHM-2: a write's data is not hex: " + write);
                continue;
            }
            if (data.length != write.path("length").asInt() || frame < 0 || frame >= after.length || offset < 0 || offset + data.length > 4096) {
                problems.add("SHM-2: a write's data does not match its length: " + write);
                continue;
            }
            for (int i = 0; i < data.length; i++) {
                if (covered[frame][offset + i] && data[i] != after[frame][offset + i]) {
                    problems.add("SHM-2: the last write of byte " + (offset + i) + " of grant " + write.path("gref") + " reports " + data[i]
                            + " but the page holds " + after[frame][offset + i] + ": " + write);
                    return;
                }
                covered[frame][offset + i] = false; // earlier writes of this byte were overwritten
            }
        }
    }

    /** True when the call's reported reads of {@code gref} cover {@code [from, to)}. */
    private static boolean reads(JsonNode reply, int gref, int from, int to) {
        boolean[] seen = new boolean[to - from];
        reply.path("accesses").forEach(a -> {
            if (!a.path("write").asBoolean() && a.path("gref").asInt() == gref) {
                int start = a.path("offset").asInt();
                for (int i = Math.max(start, from); i < Math.min(start + a.path("length").asInt(), to); i++) {
                    seen[i - from] = true;
                }
            }
        });
        for (boolean b : seen) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] pages(SharedMemoryFile memory) {
        byte[][] copy = new byte[memory.pages()][4096];
        for (int frame = 0; frame < copy.length; frame++) {
            memory.readPage(frame, copy[frame]);
        }
        return copy;
    }

    /** Xen's SHARED_RING_INIT: req_prod = rsp_prod = 0, req_event = rsp_event = 1. */
    private static void ringInit(SharedMemoryFile memory, int frame) {
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(1).putInt(0).putInt(1);
        memory.write(frame, 0, header.array(), 0, 64);
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static boolean has(JsonNode list, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode item : list) {
            if (test.test(item)) {
                return true;
            }
        }
        return false;
    }

    private static void expect(boolean ok, String rule, String what, List<String> problems) {
        if (!ok) {
            problems.add(rule + ": " + what);
        }
    }

    private void check(boolean ok, String rule, String what) {
        if (!ok) {
            throw new AssertionError(rule + " violated by provider '" + provider().name() + "' (" + shorten(provider().identity()) + ")\n  " + what);
        }
    }

    /** An identity that names a long class path is cut to its ends. */
    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 120) + " … " + text.substring(text.length() - 100);
    }

    static JsonSchema schema() {
        return io.netchannel.conformance.catalogue.SpecSchemas.load(SCHEMA_RESOURCE);
    }
}
