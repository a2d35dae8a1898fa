package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A device process driven line by line, without the bridge's judgement: the adapter checks
 * (spec 13, section 10) send requests the bridge never would (a malformed line, an unknown type,
 * a table of another size) and look at every raw line the device prints. Over its own memory
 * file, so the checks can lay out grants and pages exactly as they choose.
 */
public final class RawSession implements AutoCloseable {

    private static final Object EOF = new Object();

    private final Process process;
    private final SharedMemoryFile memory;
    private final OutputStream stdin;
    private final Duration timeout;
    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    private final List<String> printed = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private long nextId = 1;

    private RawSession(Process process, SharedMemoryFile memory, Duration timeout) {
        this.process = process;
        this.memory = memory;
        this.stdin = process.getOutputStream();
        this.timeout = timeout;
        Thread out = new Thread(() -> pump(process.getInputStream()), "raw-session-out-" + process.pid());
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> drain(process.getErrorStream()), "raw-session-err-" + process.pid());
        err.setDaemon(true);
        err.start();
    }

    /**
     * Starts {@code command} over a fresh memory file of {@code grantEntries} grant entries and
     * {@code pages} pages. Sends nothing: the caller sends {@code init} (see {@link #init()}).
     */
    public static RawSession start(List<String> command, int grantEntries, int pages, Duration timeout) {
        SharedMemoryFile memory = SharedMemoryFile.create(null, grantEntries, pages);
        try {
            return new RawSession(new ProcessBuilder(command).start(), memory, timeout);
        } catch (IOException e) {
            memory.close();
            throw new IllegalArgumentException("cannot start the device executable " + command + ": " + e.getMessage(), e);
        }
    }

    /** The memory file the device was (or will be) told about in {@code init}. */
    public SharedMemoryFile memory() {
        return memory;
    }

    /** The {@code init} request the bridge sends, for this session's file. */
    public ObjectNode initRequest() {
        ObjectNode init = Transcript.JSON.createObjectNode();
        init.put("protocol", DeviceProcess.PROTOCOL);
        init.put("specVersion", DeviceProcess.SPEC_VERSION);
        init.put("preset", DeviceProcess.PRESET);
        init.put("pageSize", io.netchannel.api.GuestMemory.PAGE_SIZE);
        init.put("memoryFile", memory.path().toString());
        init.put("grantEntries", memory.grantEntries());
        init.put("pages", memory.pages());
        return init;
    }

    /** Sends {@code init} and returns the raw reply line. */
    public String init() {
        return call("init", initRequest());
    }

    /** Sends {@code fields} as a request of {@code type} with the next id; returns the reply line as printed. */
    public String call(String type, ObjectNode fields) {
        ObjectNode request = Transcript.JSON.createObjectNode();
        request.put("type", type);
        request.put("id", nextId++);
        request.setAll(fields);
        try {
            send(Transcript.JSON.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request: " + e.getMessage(), e);
        }
        return next().orElseThrow(() -> new AssertionError("no reply to " + request + " within " + timeout + (exited() ? "; the process exited "
                + process.exitValue() : "") + stderrTail()));
    }

    /**
     * Writes {@code line} as is (ids are the caller's business) and returns the next line printed;
     * an AssertionError when none comes within the timeout.
     */
    public String exchange(String line) {
        send(line);
        return next().orElseThrow(() -> new AssertionError("no answer to " + line + " within " + timeout + stderrTail()));
    }

    /** The id the next {@link #call} will use; {@link #exchange} does not advance it. */
    public long nextId() {
        return nextId;
    }

    /** Writes {@code line} and a newline to the device's stdin, as is. */
    public void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("the device no longer reads its stdin: " + e.getMessage() + stderrTail(), e);
        }
    }

    /** The next line the device prints, or empty when it prints none within the timeout or closed stdout. */
    public Optional<String> next() {
        return next(timeout);
    }

    /** The next line the device prints within {@code wait}, or empty. */
    public Optional<String> next(Duration wait) {
        try {
            Object line = lines.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (line == EOF) {
                lines.add(EOF); // every later poll sees the end too
            }
            return line == null || line == EOF ? Optional.empty() : Optional.of((String) line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the device", e);
        }
    }

    /** Every line the device printed on stdout so far, in order. */
    public synchronized List<String> printed() {
        return List.copyOf(printed);
    }

    /** Closes the device's stdin: end of input. */
    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed by a device that exited: nothing left to end
        }
    }

    /** The exit status once the process ended within {@code wait}, else empty. */
    public Optional<Integer> exitWithin(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the device to exit", e);
        }
    }

    /** Parses a printed line; an AssertionError names the line when it is not JSON (ADAPT-1). */
    public static JsonNode parse(String line) {
        try {
            JsonNode node = Transcript.JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new AssertionError("ADAPT-1: a line on stdout is not a JSON object: " + line);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError("ADAPT-1: a line on stdout is not JSON (" + e.getOriginalMessage() + "): " + line, e);
        }
    }

    /** The last of the device's stderr, for messages. */
    public String stderrTail() {
        String text = stderr.toString();
        return text.isEmpty() ? "" : "\nstderr (tail): " + text.substring(Math.max(0, text.length() - 2000));
    }

    private boolean exited() {
        return !process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        memory.close();
    }

    private void pump(InputStream out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                synchronized (this) {
                    printed.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended under us: the end of output below says so
        }
        lines.add(EOF);
    }

    private void drain(InputStream err) {
        byte[] chunk = new byte[4096];
        try {
            for (int n; (n = err.read(chunk)) > 0;) {
                stderr.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                if (stderr.length() > 64 * 1024) {
                    stderr.delete(0, stderr.length() - 32 * 1024);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
