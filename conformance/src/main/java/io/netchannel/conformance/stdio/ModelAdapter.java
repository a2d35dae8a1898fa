package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.Counter;
import io.netchannel.api.DeviceEnvironment;
import io.netchannel.api.DeviceLimits;
import io.netchannel.api.DeviceSink;
import io.netchannel.api.NetchannelDevice;
import io.netchannel.api.Profile;
import io.netchannel.api.Queue;
import io.netchannel.conformance.vectors.ControlSteps;
import io.netchannel.conformance.vectors.Documents;
import io.netchannel.conformance.vectors.Hex;
import io.netchannel.conformance.vectors.Step;
import io.netchannel.model.device.ReferenceDevice;
import io.netchannel.model.device.ReferenceDeviceProvider;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The reference model served over the adapter protocol on this process's stdin and stdout (spec
 * 13): the Java reference adapter. Certifying it through {@link StdioProvider} must give
 * exactly what certifying the model in process gives, which shows the bridge is transparent.
 *
 * <p>{@code java -cp netchannel.jar io.netchannel.conformance.stdio.ModelAdapter}
 */
public final class ModelAdapter {

    private final BufferedWriter out;
    private final Consumer<Call> afterCall;
    private final FileGuestMemory.Sequence sequence = new FileGuestMemory.Sequence();
    private final TreeSet<Integer> contexts = new TreeSet<>();
    private SharedMemoryFile file;
    private FileGuestMemory memory;
    private NetchannelDevice device;
    private DeviceLimits limits;
    private ArrayNode frames;
    private ArrayNode notifications;

    /** What a test double sees after each call, before the reply goes out. */
    record Call(String type, JsonNode request, SharedMemoryFile file, ObjectNode reply) {
    }

    private ModelAdapter(OutputStream out, Consumer<Call> afterCall) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.afterCall = afterCall;
    }

    /** Serves the model until stdin ends or {@code shutdown}. */
    public static void main(String[] args) throws IOException {
        serve(System.in, System.out, call -> {
        });
    }

    /** Serves the model over {@code in} and {@code out}; {@code afterCall} may alter the reply or the file (test doubles). */
    static void serve(InputStream in, OutputStream out, Consumer<Call> afterCall) throws IOException {
        ModelAdapter adapter = new ModelAdapter(out, afterCall);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String line;
        while ((line = reader.readLine()) != null) {
            if (!adapter.handle(line)) {
                return;
            }
        }
    }

    /** Answers one request line; false after {@code shutdown}. */
    private boolean handle(String line) throws IOException {
        JsonNode request;
        long id = -1;
        try {
            request = Transcript.JSON.readTree(line);
            id = request.path("id").asLong(-1);
        } catch (IOException e) {
            error(id, "malformed-request", "not JSON: " + e.getMessage());
            return true;
        }
        String type = request.path("type").asText("");
        ObjectNode reply = Transcript.JSON.createObjectNode();
        reply.put("type", type + "_ok");
        reply.put("in_reply_to", id);
        try {
            switch (type) {
                case "init" -> init(request, reply);
                case "shutdown" -> {
                    send(reply);
                    return false;
                }
                case "control", "kick", "receive", "advance" -> call(type, request, reply);
                default -> {
                    error(id, "malformed-request", "unknown request type: " + type);
                    return true;
                }
            }
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            error(id, "malformed-request", e.toString());
            return true;
        } catch (RuntimeException e) {
            error(id, "crash", e.toString());
            return true;
        }
        afterCall.accept(new Call(type, request, file, reply));
        send(reply);
        return true;
    }

    private void init(JsonNode request, ObjectNode reply) {
        if (request.path("pageSize").asInt() != io.netchannel.api.GuestMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 4096: " + request.path("pageSize"));
        }
        file = SharedMemoryFile.open(Path.of(request.path("memoryFile").asText()), request.path("grantEntries").asInt(),
                request.path("pages").asInt());
        memory = new FileGuestMemory(file, sequence);
        limits = ReferenceDeviceProvider.LIMITS;
        DeviceSink sink = new DeviceSink() {
            @Override
            public void transmit(int port, byte[] frame, int offset, int length) {
                ObjectNode item = frames.addObject();
                item.put("port", port);
                item.put("frame", Hex.encode(frame, offset, length));
                item.put("seq", sequence.next());
            }

            @Override
            public void notify(int context, Queue queue) {
                ObjectNode item = notifications.addObject();
                item.put("ctx", context);
                item.put("queue", queue.name());
                item.put("seq", sequence.next());
            }
        };
        device = new ReferenceDevice(new DeviceEnvironment(memory, sink), limits);
        reply.put("vendor", "Netchannel");
        reply.put("product", "reference model over stdio");
        reply.put("version", "0.1.0");
        ArrayNode profiles = reply.putArray("profiles");
        // in the enum's order: Set.of iterates in an order that changes from run to run (ADAPT-4)
        for (Profile profile : java.util.EnumSet.copyOf(ReferenceDevice.PROFILES)) {
            profiles.add(profile.id());
        }
        ObjectNode declared = reply.putObject("limits");
        declared.put("maxContexts", limits.maxContexts());
        declared.put("maxMacsPerContext", limits.maxMacsPerContext());
        declared.put("maxMulticastGroups", limits.maxMulticastGroups());
        declared.put("maxContextId", limits.maxContextId());
        declared.put("maxVlansPerContext", limits.maxVlansPerContext());
        declared.put("maxFilterRules", limits.maxFilterRules());
        declared.put("exactMulticastGroups", limits.exactMulticastGroups());
        reply.putObject("choices");
    }

    private void call(String type, JsonNode request, ObjectNode reply) throws IOException {
        if (device == null) {
            throw new IllegalArgumentException("a " + type + " before init");
        }
        readable(type, request);
        sequence.reset();
        frames = Transcript.JSON.createArrayNode();
        notifications = Transcript.JSON.createArrayNode();
        ArrayNode accesses = Transcript.JSON.createArrayNode();
        ControlRequest control = null;
        Caller caller = null;
        if ("control".equals(type)) {
            ObjectNode fields = ((ObjectNode) request).deepCopy();
            fields.remove("type");
            fields.remove("id");
            Step.Control step = Transcript.JSON.treeToValue(fields, Step.Control.class);
            control = ControlSteps.request(step);
            caller = "host".equals(step.caller()) ? Caller.HOST : Caller.guest(((Number) step.caller()).intValue());
            contexts.add(control.context());
        } else if ("kick".equals(type)) {
            contexts.add(request.path("ctx").asInt());
        }
        Map<Integer, long[]> before = snapshot();
        memory.startCall(accesses);
        switch (type) {
            case "control" -> reply.set("result", result(device.control(caller, control)));
            case "kick" -> device.kick(request.path("ctx").asInt(), Queue.valueOf(request.path("queue").asText()));
            case "receive" -> {
                byte[] frame = Hex.decode(request.path("frame").asText());
                device.receive(request.path("port").asInt(), frame, 0, frame.length);
            }
            default -> device.advanceTo(request.path("nanos").asLong());
        }
        memory.startCall(null);
        Map<Integer, long[]> after = snapshot();
        reply.set("frames", frames);
        reply.set("notifications", notifications);
        deltas(before, after, reply);
        reply.set("accesses", accesses);
    }

    /** Per followed context (and the device): state ordinal, every counter, every filter-hit index 0 to maxFilterRules. */
    private Map<Integer, long[]> snapshot() {
        Map<Integer, long[]> values = new TreeMap<>();
        int counters = Counter.values().length;
        for (int context : contexts) {
            if (context < 0) {
                continue;
            }
            long[] row = new long[1 + counters + limits.maxFilterRules() + 1];
            row[0] = device.state(context).ordinal();
            for (Counter counter : Counter.values()) {
                row[1 + counter.ordinal()] = device.counter(context, counter);
            }
            for (int rule = 0; rule <= limits.maxFilterRules(); rule++) {
                row[1 + counters + rule] = device.filterHits(context, rule);
            }
            values.put(context, row);
        }
        long[] device = new long[1 + counters];
        for (Counter counter : Counter.values()) {
            device[1 + counter.ordinal()] = this.device.counter(Counter.DEVICE, counter);
        }
        values.put(Counter.DEVICE, device);
        return values;
    }

    private void deltas(Map<Integer, long[]> before, Map<Integer, long[]> after, ObjectNode reply) {
        ArrayNode counters = reply.putArray("counters");
        ArrayNode hits = reply.putArray("filterHits");
        ArrayNode states = reply.putArray("states");
        int count = Counter.values().length;
        for (Map.Entry<Integer, long[]> entry : after.entrySet()) {
            int context = entry.getKey();
            long[] now = entry.getValue();
            long[] then = before.getOrDefault(context, new long[now.length]);
            if (context >= 0 && now[0] != then[0]) {
                ObjectNode state = states.addObject();
                state.put("ctx", context);
                state.put("state", ContextState.values()[(int) now[0]].name());
            }
            for (Counter counter : Counter.values()) {
                long delta = now[1 + counter.ordinal()] - then[1 + counter.ordinal()];
                if (delta != 0) {
                    ObjectNode item = counters.addObject();
                    item.put("ctx", context);
                    item.put("counter", counter.name());
                    item.put("delta", delta);
                }
            }
            for (int rule = 0; 1 + count + rule < now.length; rule++) {
                long delta = now[1 + count + rule] - then[1 + count + rule];
                if (delta != 0) {
                    ObjectNode item = hits.addObject();
                    item.put("ctx", context);
                    item.put("rule", rule);
                    item.put("delta", delta);
                }
            }
        }
    }

    /** ADAPT-5: a kick, receive or advance missing a field, or with one of the wrong type, is malformed, not a call with defaults. */
    private static void readable(String type, JsonNode request) {
        switch (type) {
            case "kick" -> {
                if (!request.path("ctx").canConvertToInt() || !request.path("ctx").isIntegralNumber()
                        || !Set.of("TX", "RX").contains(request.path("queue").asText())) {
                    throw new IllegalArgumentException("kick needs an integer ctx and queue TX or RX: " + request);
                }
            }
            case "receive" -> {
                if (!request.path("port").isIntegralNumber() || !request.path("frame").isTextual()
                        || !request.path("frame").asText().matches("([0-9a-f]{2})*")) {
                    throw new IllegalArgumentException("receive needs an integer port and a frame in lowercase hex: " + request);
                }
            }
            case "advance" -> {
                if (!request.path("nanos").isIntegralNumber() || request.path("nanos").asLong() < 0) {
                    throw new IllegalArgumentException("advance needs a non-negative integer nanos: " + request);
                }
            }
            default -> {
                // control: the vector codec reads the step and names what is wrong
            }
        }
    }

    private static ObjectNode result(ControlResult result) {
        ObjectNode node = Transcript.JSON.createObjectNode();
        if (result instanceof ControlResult.Rejected rejected) {
            node.put("outcome", "rejected");
            node.put("category", rejected.category().name());
            node.put("rule", rejected.rule());
            node.put("detail", rejected.detail());
        } else if (result instanceof ControlResult.Exported exported) {
            node.put("outcome", "exported");
            node.set("document", Documents.tree(exported.state()));
        } else if (result instanceof ControlResult.NoContextAvailable) {
            node.put("outcome", "no-context-available");
        } else {
            node.put("outcome", "ok");
        }
        return node;
    }

    private void error(long id, String code, String text) throws IOException {
        ObjectNode reply = Transcript.JSON.createObjectNode();
        reply.put("type", "error");
        reply.put("in_reply_to", id);
        reply.put("code", code);
        reply.put("text", text);
        send(reply);
    }

    private void send(ObjectNode reply) throws IOException {
        try {
            out.write(reply.toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("stdout closed", e);
        }
    }
}
