package io.netchannel.conformance.stdio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The reference adapter with one defect against chapter 13, named by the first argument; each is
 * what the adapter check of that rule must catch:
 *
 * <ul>
 *   <li>{@code clock} (ADAPT-4): init_ok's version carries the wall clock, so two runs differ;
 *   <li>{@code silent} (ADAPT-5): a line that is not a JSON object gets no answer at all;
 *   <li>{@code fixed-table} (SHM-1): it assumes a 65536-entry grant table whatever init says;
 *   <li>{@code lingers} (ADAPT-6): it keeps running after its stdin closes, until it is killed.
 * </ul>
 */
final class AdapterMutant {

    private AdapterMutant() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String defect = args[0];
        PipedInputStream toModel = new PipedInputStream(1 << 20);
        PipedOutputStream feed = new PipedOutputStream(toModel);
        Thread filter = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)); feed) {
                for (String line; (line = in.readLine()) != null;) {
                    if (defect.equals("silent") && !line.startsWith("{\"type\"")) {
                        continue;
                    }
                    if (defect.equals("fixed-table") && line.contains("\"type\":\"init\"")) {
                        line = line.replaceFirst("\"grantEntries\":\\d+", "\"grantEntries\":65536");
                    }
                    feed.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    feed.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "mutant-filter");
        filter.setDaemon(true);
        filter.start();
        ModelAdapter.serve(toModel, System.out, call -> {
            if (defect.equals("clock") && call.type().equals("init")) {
                call.reply().put("version", "0.1.0+" + System.nanoTime());
            }
        });
        if (defect.equals("lingers")) {
            new java.util.concurrent.CountDownLatch(1).await(); // never counted down: the check's session kills it
        }
        System.exit(0);
    }
}
