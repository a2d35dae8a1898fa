package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One device process and its end of the protocol (spec 13, section 2): one request
 * outstanding, a reader thread queuing stdout lines so the per-call limit holds, stderr drained
 * into a bounded tail. After the first failure every call throws at once.
 */
final class DeviceProcess {

    /** The protocol version this bridge speaks. */
    static final int PROTOCOL = 1;
    /** The spec version {@code init} announces. */
    static final String SPEC_VERSION = "0.1.0";
    /** The preset {@code init} announces. */
    static final String PRESET = "core";
    /** Bytes of stderr kept for the report. */
    static final int STDERR_TAIL = 64 * 1024;
    /** The longest line a device may print (spec 13, section 2). */
    static final int MAX_LINE = 16 * 1024 * 1024;

    private static final Object EOF = new Object();

    private final Process process;
    private final SharedMemoryFile memory;
    private final Transcript transcript;
    private final long timeoutNanos;
    private final OutputStream stdin;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final byte[] stderr = new byte[STDERR_TAIL];
    private final Thread stderrDrainer;
    private long stderrBytes;
    private long nextId = 1;
    private volatile BridgeFailure failure;
    /** Set by {@link #kill}: the process, its memory file and its transcript are gone. */
    private volatile boolean killed;
    private JsonNode init;

    private DeviceProcess(Process process, SharedMemoryFile memory, Transcript transcript, long timeoutNanos) {
        this.process = process;
        this.memory = memory;
        this.transcript = transcript;
        this.timeoutNanos = timeoutNanos;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readStdout, "stdio-device-out-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        this.stderrDrainer = new Thread(this::drainStderr, "stdio-device-err-" + process.pid());
        stderrDrainer.setDaemon(true);
        stderrDrainer.start();
    }

    /**
     * Starts {@code command} over a fresh memory file and runs the {@code init} handshake (allowed
     * three times the per-call limit: a process start is slower than a call). Never throws for the
     * device's faults: a device that cannot start or answers init badly comes back failed.
     */
    static DeviceProcess start(List<String> command, Path memoryDir, Path transcriptDir, long timeoutNanos) {
        SharedMemoryFile memory = SharedMemoryFile.create(memoryDir, SharedMemoryFile.DEFAULT_ENTRIES, SharedMemoryFile.DEFAULT_PAGES);
        Transcript transcript = new Transcript(transcriptDir);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            memory.close();
            throw new IllegalArgumentException("cannot start the device executable " + command + ": " + e.getMessage(), e);
        }
        DeviceProcess device = new DeviceProcess(process, memory, transcript, timeoutNanos);
        ObjectNode init = Transcript.JSON.createObjectNode();
        init.put("protocol", PROTOCOL);
        init.put("specVersion", SPEC_VERSION);
        init.put("preset", PRESET);
        init.put("pageSize", io.netchannel.api.GuestMemory.PAGE_SIZE);
        init.put("memoryFile", memory.path().toString());
        init.put("grantEntries", memory.grantEntries());
        init.put("pages", memory.pages());
        try {
            device.init = device.call("init", init, 3 * timeoutNanos);
        } catch (BridgeFailure e) {
            // remembered: the first call on this device throws it
        }
        return device;
    }

    /** The {@code init_ok} reply, or null when init failed. */
    JsonNode init() {
        return init;
    }

    SharedMemoryFile memory() {
        return memory;
    }

    Transcript transcript() {
        return transcript;
    }

    /** The failure that ended this device, or null. */
    BridgeFailure failure() {
        return failure;
    }

    boolean alive() {
        return failure == null && process.isAlive();
    }

    /**
     * Sends {@code type} with {@code fields} and waits for its reply: {@code type_ok}, or an
     * {@code error} of code {@code not-supported} (returned; the caller decides). Anything else
     * fails the device.
     */
    JsonNode call(String type, ObjectNode fields) {
        return call(type, fields, timeoutNanos);
    }

    private JsonNode call(String type, ObjectNode fields, long limit) {
        if (failure != null) {
            throw new BridgeFailure(failure.verdict(), "the device failed earlier, every later call fails at once; first failure: "
                    + failure.getMessage().lines().findFirst().orElse(""));
        }
        if (killed) {
            throw fail(BridgeFailure.Verdict.DIED, "the bridge ended this process earlier (provider closed, or more than " + StdioProvider.MAX_LIVE
                    + " devices alive and this one the oldest)", null);
        }
        Object early = lines.poll();
        if (early == EOF) {
            // the process ended (or closed stdout) before this request: a death, told with its exit status, not garbage
            throw died("the process closed its stdout before request " + nextId + " (" + type + ")");
        }
        if (early != null) {
            throw fail(BridgeFailure.Verdict.GARBAGE, "output with no request outstanding: " + shorten((String) early), (String) early);
        }
        long id = nextId++;
        ObjectNode request = Transcript.JSON.createObjectNode();
        request.put("type", type);
        request.put("id", id);
        request.setAll(fields);
        transcript.out(request);
        try {
            stdin.write(request.toString().getBytes(StandardCharsets.UTF_8));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw died("cannot write request " + id + " (" + type + "): " + e.getMessage());
        }
        Object line;
        try {
            line = lines.poll(limit, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(BridgeFailure.Verdict.TIMEOUT, "interrupted while waiting for the reply to request " + id + " (" + type + ")", null);
        }
        if (line == null) {
            throw fail(BridgeFailure.Verdict.TIMEOUT, "no reply to request " + id + " (" + type + ") within "
                    + TimeUnit.NANOSECONDS.toMillis(limit) + " ms; the process was killed", null);
        }
        if (line == EOF) {
            throw died("the process ended during request " + id + " (" + type + ")");
        }
        String text = (String) line;
        JsonNode reply;
        try {
            reply = Transcript.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            reply = null;
        }
        if (reply == null || !reply.isObject()) {
            throw fail(BridgeFailure.Verdict.GARBAGE, "the reply to request " + id + " (" + type + ") is not a JSON object: " + shorten(text), text);
        }
        transcript.in(reply);
        JsonNode inReplyTo = reply.get("in_reply_to");
        if (inReplyTo == null || !inReplyTo.canConvertToLong() || inReplyTo.asLong() != id) {
            throw fail(BridgeFailure.Verdict.GARBAGE, "request " + id + " (" + type + ") answered with in_reply_to=" + inReplyTo, null);
        }
        String replyType = reply.path("type").asText("");
        if ("error".equals(replyType)) {
            String code = reply.path("code").asText("");
            String why = "error " + code + " to request " + id + " (" + type + "): " + reply.path("text").asText("");
            switch (code) {
                case "not-supported" -> {
                    return reply;
                }
                case "crash" -> throw fail(BridgeFailure.Verdict.CRASH, why, null);
                case "malformed-request" -> throw fail(BridgeFailure.Verdict.MALFORMED_REQUEST, why, null);
                default -> throw fail(BridgeFailure.Verdict.GARBAGE, "unknown error code: " + why, null);
            }
        }
        if (!(type + "_ok").equals(replyType)) {
            throw fail(BridgeFailure.Verdict.GARBAGE, "request " + id + " (" + type + ") answered with type \"" + replyType + "\", not " + type + "_ok", null);
        }
        return reply;
    }

    /** Ends the process politely: {@code shutdown}, one second for it to exit, then a kill. Deletes the memory file. */
    void shutdown() {
        // a killed process may still look alive for a moment (the Cleaner kills a collected device, the provider evicts it later)
        if (!killed && failure == null && process.isAlive()) {
            try {
                call("shutdown", Transcript.JSON.createObjectNode(), Math.min(timeoutNanos, TimeUnit.SECONDS.toNanos(1)));
                process.waitFor(1, TimeUnit.SECONDS);
            } catch (BridgeFailure e) {
                // a device that cannot shut down is killed below; its tests are over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    /** Kills the process at once and deletes the memory file (a shutdown hook and an evicted device use it). */
    void kill() {
        killed = true;
        process.destroyForcibly();
        try {
            stdin.close();
        } catch (IOException e) {
            // the process is gone; nothing to flush
        }
        memory.close();
        transcript.close();
    }

    private BridgeFailure died(String why) {
        String status;
        try {
            status = process.waitFor(1, TimeUnit.SECONDS) ? "exit status " + process.exitValue() : "still running";
            // a dead process's last words are the most useful part of the report: let the drainer read them first
            stderrDrainer.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "unknown status";
        }
        return fail(BridgeFailure.Verdict.DIED, why + " (" + status + ")", null);
    }

    /** Ends the device with {@code verdict}: kills the process; the returned failure is for the caller to throw. */
    BridgeFailure fail(BridgeFailure.Verdict verdict, String why) {
        return fail(verdict, why, null);
    }

    private BridgeFailure fail(BridgeFailure.Verdict verdict, String why, String raw) {
        if (raw != null) {
            transcript.raw(raw);
        }
        process.destroyForcibly();
        transcript.verdict("failure", "verdict", verdict.code(), why);
        BridgeFailure failed = new BridgeFailure(verdict, why + "\n  last transcript lines:" + transcript.tail() + stderrTail());
        failure = failed;
        return failed;
    }

    private String stderrTail() {
        String tail;
        synchronized (stderr) {
            int length = (int) Math.min(stderrBytes, 2048);
            byte[] bytes = new byte[length];
            for (int k = 0; k < length; k++) {
                bytes[k] = stderr[(int) ((stderrBytes - length + k) % STDERR_TAIL)];
            }
            tail = new String(bytes, StandardCharsets.UTF_8).strip();
        }
        return tail.isEmpty() ? "" : "\n  stderr tail:\n    " + tail.replace("\n", "\n    ");
    }

    /** The whole kept stderr tail (up to 64 KiB). */
    String stderr() {
        synchronized (stderr) {
            int length = (int) Math.min(stderrBytes, STDERR_TAIL);
            byte[] bytes = new byte[length];
            for (int k = 0; k < length; k++) {
                bytes[k] = stderr[(int) ((stderrBytes - length + k) % STDERR_TAIL)];
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void readStdout() {
        try (InputStreamReader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] chunk = new char[1 << 16];
            StringBuilder line = new StringBuilder();
            int n;
            while ((n = reader.read(chunk)) >= 0) {
                int start = 0;
                for (int k = 0; k < n; k++) {
                    if (chunk[k] == '\n') {
                        append(line, chunk, start, k - start);
                        lines.add(line.toString());
                        line.setLength(0);
                        start = k + 1;
                    }
                }
                append(line, chunk, start, n - start);
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
        } catch (IOException e) {
            // the process went away; EOF below says so
        }
        lines.add(EOF);
    }

    /** Appends up to the line limit; the rest of an overlong line is dropped (it cannot parse anyway). */
    private static void append(StringBuilder line, char[] chunk, int from, int count) {
        line.append(chunk, from, Math.max(0, Math.min(count, MAX_LINE - line.length())));
    }

    private void drainStderr() {
        byte[] buffer = new byte[8192];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buffer)) >= 0) {
                synchronized (stderr) {
                    for (int k = 0; k < n; k++) {
                        stderr[(int) (stderrBytes++ % STDERR_TAIL)] = buffer[k];
                    }
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
