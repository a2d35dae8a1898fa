package io.netchannel.conformance.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One device session's JSON-lines transcript (spec 13, section 6): requests ({@code out}),
 * replies ({@code in}) and the guest's own steps ({@code guest}). The last lines are always kept
 * for failure messages; with a folder, every line also goes to a file, which is opened once the
 * session is bound to a test (lines before that wait in memory). Once closed (the process was
 * killed: collected, evicted or shut down), lines are only kept in memory: a late line of a dead
 * session, such as the shutdown request of an evicted process, must not fail the test that
 * happens to evict it.
 */
final class Transcript {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT = 8;
    private static final int SHOWN = 240;

    private final Path dir;
    private final Deque<String> last = new ArrayDeque<>();
    private final List<String> pending = new ArrayList<>();
    private BufferedWriter file;
    private Path path;
    private boolean closed;

    /** A transcript written into {@code dir}, or only kept in memory when null. */
    Transcript(Path dir) {
        this.dir = dir;
    }

    /** Opens {@code dir/name.jsonl} (a free name: {@code name-2.jsonl} … if taken) and writes what waited. */
    synchronized void bind(String name) {
        if (dir == null || file != null || closed) {
            return;
        }
        try {
            Files.createDirectories(dir);
            String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
            Path candidate = dir.resolve(safe + ".jsonl");
            for (int n = 2; Files.exists(candidate); n++) {
                candidate = dir.resolve(safe + "-" + n + ".jsonl");
            }
            path = candidate;
            file = Files.newBufferedWriter(candidate, StandardCharsets.UTF_8);
            for (String line : pending) {
                file.write(line);
                file.write('\n');
            }
            pending.clear();
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transcript in " + dir, e);
        }
    }

    /** The file, once bound; null otherwise. */
    synchronized Path path() {
        return path;
    }

    void out(JsonNode message) {
        add("out", message);
    }

    void in(JsonNode message) {
        add("in", message);
    }

    /** A line the device printed that is not JSON: kept for the failure message, written as a string. */
    void raw(String line) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("dir", "in");
        entry.put("raw", line);
        line(entry.toString());
    }

    /** A guest step: {@code op} is grant, revoke or write, with its fields in the vector spelling. */
    void guest(ObjectNode step) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("dir", "guest");
        entry.setAll(step);
        line(entry.toString());
    }

    /** What the bridge found against the device: {@code finding} (a rule) or {@code failure} (a verdict); informational. */
    void verdict(String direction, String key, String value, String detail) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("dir", direction);
        entry.put(key, value);
        entry.put("detail", detail);
        line(entry.toString());
    }

    private void add(String direction, JsonNode message) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("dir", direction);
        entry.set("msg", message);
        line(entry.toString());
    }

    private synchronized void line(String line) {
        last.addLast(line.length() > SHOWN ? line.substring(0, SHOWN) + "…" : line);
        if (last.size() > KEPT) {
            last.removeFirst();
        }
        if (dir == null || closed) {
            return;
        }
        if (file == null) {
            pending.add(line);
            return;
        }
        try {
            file.write(line);
            file.write('\n');
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transcript " + path, e);
        }
    }

    /** The last lines, one per line, indented, for a failure message. */
    synchronized String tail() {
        StringBuilder text = new StringBuilder();
        for (String line : last) {
            text.append("\n    ").append(line);
        }
        return text.toString();
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the transcript " + path, e);
            }
        }
    }
}
