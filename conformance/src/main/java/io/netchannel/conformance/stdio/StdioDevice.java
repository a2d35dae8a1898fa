package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.GuestMemory;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Queue;
import io.netchannel.api.RejectCategory;
import io.netchannel.conformance.harness.AuditedGuestMemory;
import io.netchannel.conformance.harness.Finding;
import io.netchannel.conformance.vectors.ControlSteps;
import io.netchannel.conformance.vectors.Documents;
import io.netchannel.conformance.vectors.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device in another process, behind the {@code stdio} bridge (spec 13). Each call syncs
 * the guest's changes into the memory file, sends one request, replays the reply's accesses and
 * outputs through the harness's audited memory and sink in the device's order, checks that every
 * changed byte was reported, and keeps counters, filter hits and states from the reply's deltas.
 * A protocol failure is a {@link BridgeFailure}; after one, every call fails at once.
 */
public final class StdioDevice implements NetchannelDevice {

    private static final int PAGE = GuestMemory.PAGE_SIZE;
    /** Rule named by a changed byte no reported write covers (spec 13, section 5). */
    static final String UNREPORTED = "MEM-2";

    private final DeviceProcess process;
    private final AuditedGuestMemory memory;
    private final DeviceSink sink;
    private final SharedMemoryFile file;

    /** Guest page (by identity) to frame: a page granted under two grefs has one frame. */
    private final Map<byte[], Integer> frameOf = new IdentityHashMap<>();
    /** What the file holds, by frame (the guest's page as of the last sync, plus the device's accepted writes). */
    private final List<byte[]> shadow = new ArrayList<>();
    /** The guest page of each frame. */
    private final List<byte[]> pageOf = new ArrayList<>();
    /** The gref → frame mapping written into the table. */
    private final Map<Integer, Integer> grefFrame = new HashMap<>();
    /** Grant-table entries as last written, by gref. */
    private final Map<Integer, Long> entries = new HashMap<>();

    private final Map<Integer, long[]> counters = new HashMap<>();
    private final Map<Integer, Map<Integer, Long>> filterHits = new HashMap<>();
    private final Map<Integer, ContextState> states = new HashMap<>();
    private final byte[] scratch = new byte[PAGE];
    private final byte[] now = new byte[PAGE];

    StdioDevice(DeviceProcess process, AuditedGuestMemory memory, DeviceSink sink) {
        this.process = process;
        this.memory = memory;
        this.sink = sink;
        this.file = process.memory();
    }

    /** The process's stderr tail (up to 64 KiB), for a report. */
    public String stderr() {
        return process.stderr();
    }

    /** The transcript file, or null without {@code --transcripts}. */
    public java.nio.file.Path transcript() {
        return process.transcript().path();
    }

    // ------------------------------------------------------------------ calls

    @Override
    public ControlResult control(Caller caller, ControlRequest request) {
        ObjectNode fields = Transcript.JSON.valueToTree(ControlSteps.of(caller, request));
        JsonNode reply = exchange("control", fields);
        if ("error".equals(reply.path("type").asText())) {
            return new ControlResult.Rejected(reply.path("rule").asText("NOT-SUPPORTED"), RejectCategory.NOT_SUPPORTED,
                    "the device answered not-supported: " + reply.path("text").asText(""));
        }
        return result(reply.get("result"));
    }

    @Override
    public void kick(int context, Queue queue) {
        ObjectNode fields = Transcript.JSON.createObjectNode();
        fields.put("ctx", context);
        fields.put("queue", queue.name());
        refuseNotSupported(exchange("kick", fields));
    }

    @Override
    public void receive(int port, byte[] frame, int offset, int length) {
        ObjectNode fields = Transcript.JSON.createObjectNode();
        fields.put("port", port);
        fields.put("frame", Hex.encode(frame, offset, length));
        refuseNotSupported(exchange("receive", fields));
    }

    @Override
    public void advanceTo(long nanos) {
        ObjectNode fields = Transcript.JSON.createObjectNode();
        fields.put("nanos", nanos);
        refuseNotSupported(exchange("advance", fields));
    }

    @Override
    public ContextState state(int context) {
        return states.getOrDefault(context, ContextState.ABSENT);
    }

    @Override
    public long counter(int context, Counter counter) {
        long[] values = counters.get(context);
        return values == null ? 0 : values[counter.ordinal()];
    }

    @Override
    public long filterHits(int context, int rule) {
        Map<Integer, Long> hits = filterHits.get(context);
        return hits == null ? 0 : hits.getOrDefault(rule, 0L);
    }

    private void refuseNotSupported(JsonNode reply) {
        if ("error".equals(reply.path("type").asText())) {
            throw process.fail(BridgeFailure.Verdict.NOT_SUPPORTED, "request " + reply.path("in_reply_to") + " has nothing to refuse: "
                    + reply.path("text").asText(""));
        }
    }

    /** One round trip: sync, request, reply, audit, replay, deltas. */
    private JsonNode exchange(String type, ObjectNode fields) {
        if (process.failure() == null) {
            sync();
        }
        JsonNode reply = process.call(type, fields);
        if (!"error".equals(reply.path("type").asText())) {
            try {
                outputs(reply);
            } catch (IllegalArgumentException e) {
                throw process.fail(BridgeFailure.Verdict.GARBAGE, "unreadable outputs in the reply to " + type + ": " + e.getMessage());
            }
        }
        return reply;
    }

    private ControlResult result(JsonNode result) {
        if (result == null || !result.isObject()) {
            throw garbage("control_ok without a result object");
        }
        String outcome = result.path("outcome").asText("");
        return switch (outcome) {
            case "ok" -> ControlResult.OK;
            case "no-context-available" -> new ControlResult.NoContextAvailable();
            case "rejected" -> {
                RejectCategory category;
                try {
                    category = RejectCategory.valueOf(result.path("category").asText(""));
                } catch (IllegalArgumentException e) {
                    throw garbage("rejected with an unknown category: " + result.path("category"));
                }
                yield new ControlResult.Rejected(result.path("rule").asText("?"), category, result.path("detail").asText(""));
            }
            case "exported" -> {
                try {
                    yield new ControlResult.Exported(Documents.state(result.path("document")));
                } catch (RuntimeException e) {
                    throw garbage("exported with a document the reader refuses: " + e.getMessage());
                }
            }
            default -> throw garbage("unknown outcome: \"" + outcome + "\"");
        };
    }

    private BridgeFailure garbage(String why) {
        return process.fail(BridgeFailure.Verdict.GARBAGE, why);
    }

    // ------------------------------------------------------------------ memory, before the call

    /** Writes every grant-table entry and page the guest changed since the last call into the file (and the transcript). */
    private void sync() {
        List<ObjectNode> grants = new ArrayList<>();
        List<ObjectNode> writes = new ArrayList<>();
        List<ObjectNode> revokes = new ArrayList<>();
        for (Map.Entry<Integer, byte[]> entry : memory.pages().entrySet()) {
            int gref = entry.getKey();
            if (gref < 0 || gref >= file.grantEntries()) {
                int holder = memory.owner(gref);
                if (holder >= 0 && memory.access(holder, gref) != Access.NONE) {
                    // the device would see "no grant" where the test granted one and be judged wrongly: say so instead (spec 13, section 5)
                    throw new IllegalStateException("bridge limit, not a device finding: the test granted gref " + gref
                            + ", beyond the memory file's grant table of " + file.grantEntries() + " entries, so the device cannot see it");
                }
                continue; // never granted, or revoked: "no grant" for the device too
            }
            byte[] page = entry.getValue();
            Integer frame = frameOf.get(page);
            if (frame == null) {
                frame = pageOf.size();
                if (frame >= file.pages()) {
                    throw process.fail(BridgeFailure.Verdict.GARBAGE, "the test uses more guest pages than the memory file holds: pages=" + file.pages());
                }
                frameOf.put(page, frame);
                pageOf.add(page);
                shadow.add(new byte[PAGE]);
            }
            grefFrame.put(gref, frame);
            int owner = memory.owner(gref);
            Access access = owner >= 0 ? memory.access(owner, gref) : Access.NONE;
            boolean granted = owner >= 0 && owner <= 0xFFFF && access != Access.NONE;
            Long before = entries.get(gref);
            int flags = granted ? SharedMemoryFile.GTF_PERMIT_ACCESS | (access == Access.READ_ONLY ? SharedMemoryFile.GTF_READONLY : 0) : 0;
            int domid = granted ? owner : before == null ? 0 : (int) (before >>> 16) & 0xFFFF;
            long bits = (flags & 0xFFFFL) | (domid & 0xFFFFL) << 16 | (frame & 0xFFFF_FFFFL) << 32;
            if (before == null || before != bits) {
                file.writeEntry(gref, flags, domid, frame);
                entries.put(gref, bits);
                if (granted) {
                    ObjectNode step = guest("grant", gref);
                    step.put("ctx", owner);
                    step.put("access", access.name());
                    grants.add(step);
                } else if (before != null && (before & SharedMemoryFile.GTF_PERMIT_ACCESS) != 0) {
                    revokes.add(guest("revoke", gref));
                }
            }
        }
        for (int frame = 0; frame < pageOf.size(); frame++) {
            byte[] page = pageOf.get(frame);
            byte[] held = shadow.get(frame);
            if (!Arrays.equals(page, held)) {
                runs(frame, held, page, writes);
                file.writePage(frame, page);
                System.arraycopy(page, 0, held, 0, PAGE);
            }
        }
        Transcript transcript = process.transcript();
        grants.forEach(transcript::guest);
        writes.forEach(transcript::guest);
        revokes.forEach(transcript::guest);
    }

    private static ObjectNode guest(String op, int gref) {
        ObjectNode step = Transcript.JSON.createObjectNode();
        step.put("op", op);
        step.put("gref", gref);
        return step;
    }

    /** The guest's writes to {@code frame} as runs of changed bytes, under a gref that maps it. */
    private void runs(int frame, byte[] before, byte[] after, List<ObjectNode> writes) {
        int gref = -1;
        for (Map.Entry<Integer, Integer> mapped : grefFrame.entrySet()) {
            if (mapped.getValue() == frame && (gref < 0 || memory.owner(mapped.getKey()) >= 0)) {
                gref = mapped.getKey();
            }
        }
        int k = Arrays.mismatch(before, after);
        while (k >= 0 && k < PAGE) {
            int end = k + 1;
            for (int j = k + 1; j < PAGE && j < end + 8; j++) {
                if (before[j] != after[j]) {
                    end = j + 1;
                }
            }
            ObjectNode step = guest("write", gref);
            step.put("offset", k);
            step.put("hex", Hex.encode(after, k, end - k));
            writes.add(step);
            int next = Arrays.mismatch(before, end, PAGE, after, end, PAGE);
            k = next < 0 ? -1 : end + next;
        }
    }

    // ------------------------------------------------------------------ after the call

    private record Item(long seq, int order, JsonNode node, int kind) {
    }

    private static final int ACCESS = 0;
    private static final int FRAME = 1;
    private static final int NOTIFY = 2;

    /** Replays accesses, frames and notifications, audits unreported writes, then applies the deltas. */
    private void outputs(JsonNode reply) {
        List<Item> items = new ArrayList<>();
        boolean sequenced = true;
        int order = 0;
        for (int kind = ACCESS; kind <= NOTIFY; kind++) {
            JsonNode list = reply.path(kind == ACCESS ? "accesses" : kind == FRAME ? "frames" : "notifications");
            if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
                throw new IllegalArgumentException("accesses, frames and notifications are arrays");
            }
            for (JsonNode node : list) {
                sequenced &= node.has("seq");
                items.add(new Item(node.path("seq").asLong(), order++, node, kind));
            }
        }
        if (sequenced) {
            items.sort((a, b) -> a.seq() != b.seq() ? Long.compare(a.seq(), b.seq()) : Integer.compare(a.order(), b.order()));
        }
        // the file as the device left it, for the frames it changed
        Map<Integer, byte[]> changed = new TreeMap<>();
        for (int frame = 0; frame < pageOf.size(); frame++) {
            file.readPage(frame, now);
            if (!Arrays.equals(now, shadow.get(frame))) {
                changed.put(frame, now.clone());
            }
        }
        int findings = memory.findings().size();
        Map<Integer, BitSet> reported = new HashMap<>();
        Map<Integer, byte[]> accepted = new HashMap<>();
        for (Item item : items) {
            JsonNode node = item.node();
            switch (item.kind()) {
                case ACCESS -> access(node, changed, reported, accepted);
                case FRAME -> {
                    byte[] bytes = Hex.decode(text(node, "frame"));
                    sink.transmit(integer(node, "port"), bytes, 0, bytes.length);
                }
                default -> sink.notify(integer(node, "ctx"), Queue.valueOf(text(node, "queue")));
            }
        }
        for (Map.Entry<Integer, byte[]> entry : changed.entrySet()) {
            unreported(entry.getKey(), entry.getValue(), reported.get(entry.getKey()));
        }
        // the file back to the guest's page as the device may have left it: shadow plus the accepted writes
        for (int frame : changed.keySet()) {
            byte[] result = accepted.getOrDefault(frame, shadow.get(frame));
            file.writePage(frame, result);
            shadow.set(frame, result.clone());
        }
        for (Map.Entry<Integer, byte[]> entry : accepted.entrySet()) {
            if (!changed.containsKey(entry.getKey())) {
                file.writePage(entry.getKey(), entry.getValue());
                shadow.set(entry.getKey(), entry.getValue().clone());
            }
        }
        List<Finding> found = memory.findings();
        for (int k = findings; k < found.size(); k++) {
            process.transcript().verdict("finding", "rule", found.get(k).rule(), found.get(k).toString());
        }
        deltas(reply);
    }

    private void access(JsonNode node, Map<Integer, byte[]> changed, Map<Integer, BitSet> reported, Map<Integer, byte[]> accepted) {
        int context = integer(node, "ctx");
        int gref = (int) node.path("gref").asLong(-1);
        int offset = integer(node, "offset");
        int length = integer(node, "length");
        boolean write = node.path("write").asBoolean(false);
        Integer frame = grefFrame.get(gref);
        boolean inPage = offset >= 0 && length >= 0 && offset <= PAGE - length;
        if (!write) {
            // out of the page or without a grant the audited memory refuses before it copies, so scratch suffices
            memory.read(context, gref, offset, scratch, 0, length);
            return;
        }
        byte[] data;
        if (node.hasNonNull("data")) {
            data = Hex.decode(node.get("data").asText());
            if (data.length != length) {
                throw new IllegalArgumentException("a write's data has " + data.length + " bytes, its length says " + length);
            }
        } else {
            data = new byte[inPage ? length : 0];
            if (inPage && frame != null) {
                byte[] source = changed.getOrDefault(frame, shadow.get(frame));
                System.arraycopy(source, offset, data, 0, length);
            }
        }
        if (frame != null && inPage) {
            reported.computeIfAbsent(frame, f -> new BitSet(PAGE)).set(offset, offset + length);
        }
        int status = memory.write(context, gref, offset, data, 0, length);
        if (status == GuestMemory.OK && frame != null && inPage) {
            byte[] view = accepted.computeIfAbsent(frame, f -> shadow.get(f).clone());
            System.arraycopy(data, 0, view, offset, length);
        }
    }

    /** Every changed byte of {@code frame} outside a reported write is a finding (spec 13, section 5, step 2). */
    private void unreported(int frame, byte[] after, BitSet covered) {
        byte[] before = shadow.get(frame);
        int k = 0;
        while (k < PAGE) {
            if (before[k] == after[k] || (covered != null && covered.get(k))) {
                k++;
                continue;
            }
            int start = k;
            while (k < PAGE && before[k] != after[k] && (covered == null || !covered.get(k))) {
                k++;
            }
            int gref = -1;
            for (Map.Entry<Integer, Integer> mapped : grefFrame.entrySet()) {
                if (mapped.getValue() == frame) {
                    gref = mapped.getKey();
                }
            }
            memory.addFinding(new Finding(UNREPORTED, memory.owner(gref), gref, start, k - start, "WRITE not reported: " + (k - start)
                    + " byte(s) of the page changed in the memory file outside every reported write (frame " + frame + ")"));
        }
    }

    private void deltas(JsonNode reply) {
        for (JsonNode node : reply.path("counters")) {
            Counter counter = Counter.valueOf(text(node, "counter"));
            counters.computeIfAbsent(integer(node, "ctx"), c -> new long[Counter.values().length])[counter.ordinal()] += node.path("delta").asLong();
        }
        for (JsonNode node : reply.path("filterHits")) {
            filterHits.computeIfAbsent(integer(node, "ctx"), c -> new HashMap<>()).merge(integer(node, "rule"), node.path("delta").asLong(), Long::sum);
        }
        for (JsonNode node : reply.path("states")) {
            states.put(integer(node, "ctx"), ContextState.valueOf(text(node, "state")));
        }
    }

    private static int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer: " + node);
        }
        return value.asInt();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string: " + node);
        }
        return value.asText();
    }
}
