package io.netchannel.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JMH JSON result file ({@code -rf json}) and prints the ratio table of the benchmark
 * goals: P1 (fast pipeline Mpps / 14.88), P3 (fast / reference model), R1 and R2 (ring / JCTools),
 * D2 (demux with half misses / all hits), Q1 (token-bucket ns per packet / 67.2 ns, at most 0.05),
 * C2 and C3 (checksum / byte loop, and GB/s / 12.19, the 100 GbE payload rate), T1 (TSO payload
 * GB/s / 1.22, the 10 GbE payload rate), L1 (LRO segments per second / 0.8127 M, the 10 GbE
 * 1500-byte frame rate) and A1 (bytes allocated per operation on every fast path, from
 * {@code -prof gc}); and, without a goal, the fast NIC against the reference model on each demux,
 * TX enforcement, VEB switching, QoS and offload benchmark, the rate-limited TX path against
 * the unlimited one, and the stdio bridge's overhead (the reference model in process against the
 * same model in a child JVM and against the C example device, both over the bridge, per call).
 *
 * <p>Each benchmark's figure is the median of its forks' medians (each fork's median over its
 * measured iterations). A ratio is taken fork by fork (fork i of one benchmark against fork i of
 * the other, both in the same JMH run) and reported as the median of those, with the range. A
 * goal is "met" when every fork meets it, "median only" when the median does and some fork does
 * not.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.netchannel.bench.RatioTable target/jmh.json}. Exits 0
 * after printing, 2 when the file cannot be read as JMH JSON.
 */
public final class RatioTable {

    /** 10 GbE line rate for 64-byte frames: 10^10 / ((64 + 20) * 8) frames per second (RFC 5180). */
    static final double LINE_RATE_10G_64B = 1e10 / ((64 + 20) * 8);

    private static final String PIPELINE = "PipelineBenchmark.pipeline64";
    private static final String RING_PER_REQUEST = "RingBenchmark.ringPerRequest";
    private static final String RING_PER_BATCH = "RingBenchmark.ringPerBatch";
    private static final String JCTOOLS = "RingBenchmark.jctoolsSpsc";
    private static final String JCTOOLS_BOXED = "RingBenchmark.jctoolsSpscBoxed";
    private static final String FAST = PIPELINE + " device=fast";
    private static final String MODEL = PIPELINE + " device=reference";
    private static final String DEMUX = "DemuxBenchmark.rxDemux";
    private static final String DEMUX_MISS_MIX = "DemuxBenchmark.rxDemuxMissMix";
    private static final String BROADCAST = "DemuxBenchmark.rxBroadcast";
    private static final String TX_ENFORCE = "DemuxBenchmark.txEnforce";
    private static final String VEB_SWITCH = "DemuxBenchmark.vebSwitch";
    private static final String BUCKET = "QosBenchmark.bucket";
    private static final String QOS_LIMITED = "QosBenchmark.txPipeline device=fast rate=limited";
    private static final String QOS_UNLIMITED = "QosBenchmark.txPipeline device=fast rate=unlimited";
    private static final String QOS_LIMITED_MODEL = "QosBenchmark.txPipeline device=reference rate=limited";
    private static final String CHECKSUM_FAST = "OffloadBenchmark.checksumFast";
    private static final String CHECKSUM_MODEL = "OffloadBenchmark.checksumModel";
    private static final String CHECKSUM_LOOP = "OffloadBenchmark.checksumByteLoop";
    private static final String TSO = "OffloadBenchmark.tso";
    private static final String LRO = "OffloadBenchmark.lro";
    private static final String BRIDGE = "BridgeBenchmark.";
    /** The BridgeBenchmark operations, one device call each. */
    private static final List<String> BRIDGE_CALLS = List.of("advance", "kick", "receive");
    /** TCP payload of the TSO benchmark's 64 KiB super-frame: 65535 less 54 header bytes. */
    private static final int TSO_PAYLOAD = 65535 - 54;
    /** 10 GbE frames per second at a 1500-byte MTU: 10^10 / ((1500 + 38) · 8) (RFC 5180). */
    static final double FRAME_RATE_10G_1500 = 1e10 / ((1500 + 38) * 8);
    /** Payload bytes per second of 10 GbE at a 1500-byte MTU: 1500 bytes per frame, 1.22 GB/s. */
    static final double PAYLOAD_10G = FRAME_RATE_10G_1500 * 1500;
    /** The same at 100 GbE: 12.19 GB/s. */
    static final double PAYLOAD_100G = 10 * PAYLOAD_10G;
    /** The time budget of one 64-byte frame at 10 GbE: 1 / 14.88 Mpps = 67.2 ns. */
    static final double BUDGET_10G_64B_NANOS = 1e9 / LINE_RATE_10G_64B;
    /** The target of a row that records a ratio without a goal. */
    private static final double NO_GOAL = Double.NaN;
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private RatioTable() {
    }

    /** One benchmark's measured iterations, per fork, in ops/s; allocation per op when profiled. */
    record Result(String key, double[][] opsPerSecond, double[][] bytesPerOp) {

        double[] forkMedians() {
            return medians(opsPerSecond);
        }

        double median() {
            return RatioTable.median(forkMedians());
        }
    }

    /** What the whole run was: JDK, VM and harness settings, from the first result. */
    record Run(String jdk, String vm, int forks, String warmup, String measurement) {
    }

    /** Entry point: {@code RatioTable <jmh-result.json>}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RatioTable <jmh-result.json>  (the file JMH wrote with -rf json -rff FILE)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            print(System.out, file.toString(), root);
        } catch (JsonProcessingException e) {
            System.err.println(file + ": not JSON: " + e.getOriginalMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println(file + ": cannot read: " + e.getMessage());
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println(file + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /** Prints the table for a parsed JMH result array. */
    static void print(PrintStream out, String source, JsonNode root) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not a JMH result file: the top level is not an array");
        }
        Map<String, Result> results = new LinkedHashMap<>();
        Run run = null;
        for (JsonNode node : root) {
            Result result = parse(node);
            results.put(result.key(), result);
            if (run == null) {
                run = new Run(text(node, "jdkVersion"), text(node, "vmName") + " " + text(node, "vmVersion"),
                        node.path("forks").asInt(), node.path("warmupIterations").asInt() + " x "
                        + text(node, "warmupTime"), node.path("measurementIterations").asInt() + " x "
                        + text(node, "measurementTime"));
            }
        }
        if (run == null) {
            throw new IllegalArgumentException("not a JMH result file: no results");
        }

        out.printf(Locale.ROOT, "Netchannel benchmark ratios (%s)%n", source);
        out.printf(Locale.ROOT, "JDK %s, %s; forks %d; warm-up %s; measurement %s%n", run.jdk(), run.vm(),
                run.forks(), run.warmup(), run.measurement());
        out.println("Figures: median of the forks' medians. Ratios: fork by fork, median [min .. max].");
        out.println();

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"goal", "measures", "fast", "against", "ratio", "forks", "target", "verdict"});
        Result fast = results.get(FAST);
        if (fast == null) {
            rows.add(missing("P1", "fast pipeline, 64 B, Mpps / 14.88", FAST));
        } else {
            double[] forks = fast.forkMedians();
            double[] ratios = new double[forks.length];
            for (int i = 0; i < forks.length; i++) {
                ratios[i] = forks[i] / LINE_RATE_10G_64B;
            }
            rows.add(ratioRow("P1", "fast pipeline, 64 B, Mpps / 14.88", mpps(fast.median()),
                    "14.88 Mpps", ratios, 2.0));
        }
        rows.add(compare("P3", "pipeline, fast / reference model", FAST, MODEL, results, 20.0, "Mpps"));
        rows.add(compare("R1", "ring, per-request publish / JCTools", RING_PER_REQUEST, JCTOOLS, results, 1.5,
                "Mpairs/s"));
        rows.add(compare("R2", "ring, per-batch publish / JCTools", RING_PER_BATCH, JCTOOLS, results, 2.8,
                "Mpairs/s"));
        rows.add(compare("R1*", "as R1, / JCTools boxed Integer (anchors)", RING_PER_REQUEST, JCTOOLS_BOXED,
                results, 1.5, "Mpairs/s"));
        rows.add(compare("R2*", "as R2, / JCTools boxed Integer (anchors)", RING_PER_BATCH, JCTOOLS_BOXED,
                results, 2.8, "Mpairs/s"));
        rows.add(compare("D2", "demux, 50% misses / all hits, fast, per frame", fast(DEMUX_MISS_MIX), fast(DEMUX),
                results, 1.0, "Mpps"));
        rows.add(compare("-", "demux 64 ctx, fast / reference model", fast(DEMUX), model(DEMUX), results, NO_GOAL,
                "Mpps"));
        rows.add(compare("-", "demux 50% misses, fast / reference model", fast(DEMUX_MISS_MIX), model(DEMUX_MISS_MIX),
                results, NO_GOAL, "Mpps"));
        rows.add(compare("-", "broadcast to 8 (frames in), fast / reference", fast(BROADCAST), model(BROADCAST),
                results, NO_GOAL, "Mpps"));
        rows.add(compare("-", "TX enforce + 8 rules, fast / reference model", fast(TX_ENFORCE), model(TX_ENFORCE),
                results, NO_GOAL, "Mpps"));
        rows.add(compare("-", "VEB switch ctx A to B, fast / reference", fast(VEB_SWITCH), model(VEB_SWITCH),
                results, NO_GOAL, "Mpps"));
        rows.add(budgetRow("Q1", "token bucket, fast, ns/packet / 67.2 ns", fast(BUCKET), results, 0.05));
        rows.add(compare("-", "token bucket, fast / reference model", fast(BUCKET), model(BUCKET), results, NO_GOAL,
                "M/s"));
        rows.add(compare("-", "TX 64 B, rate-limited / unlimited, fast", QOS_LIMITED, QOS_UNLIMITED, results, NO_GOAL,
                "Mpps"));
        rows.add(compare("-", "TX 64 B rate-limited, fast / reference", QOS_LIMITED, QOS_LIMITED_MODEL, results, NO_GOAL,
                "Mpps"));
        for (int size : new int[] {1500, 65536}) {
            String bytes = size == 1500 ? "1500 B" : "64 KiB";
            rows.add(rateRow("C3", "checksum " + bytes + ", fast GB/s / 12.19", sized(CHECKSUM_FAST, size), results, size,
                    PAYLOAD_100G, 1.0, "GB/s"));
            rows.add(compare("C2", "checksum " + bytes + ", fast / byte loop", sized(CHECKSUM_FAST, size),
                    sized(CHECKSUM_LOOP, size), results, 6.0, "M/s"));
            rows.add(compare("-", "checksum " + bytes + ", fast / reference model", sized(CHECKSUM_FAST, size),
                    sized(CHECKSUM_MODEL, size), results, NO_GOAL, "M/s"));
        }
        rows.add(rateRow("T1", "TSO 64 KiB MSS 1448, fast payload GB/s / 1.22", fast(TSO), results, TSO_PAYLOAD, PAYLOAD_10G,
                6.0, "GB/s"));
        rows.add(compare("-", "TSO 64 KiB, fast / reference model (sends)", fast(TSO), model(TSO), results, NO_GOAL, "M/s"));
        rows.add(rateRow("L1", "LRO 1448 B segments, fast M/s / 0.8127", fast(LRO), results, 1, FRAME_RATE_10G_1500, 10.0,
                "M/s"));
        rows.add(compare("-", "LRO segments, fast / reference model", fast(LRO), model(LRO), results, NO_GOAL, "M/s"));
        for (String call : BRIDGE_CALLS) {
            rows.add(compare("-", call + ", model in process / via java adapter", bridge(call, "in-process"), bridge(call, "java-adapter"),
                    results, NO_GOAL, "k calls/s", 1e3));
            rows.add(compare("-", call + ", model in process / C device via bridge", bridge(call, "in-process"), bridge(call, "c-device"),
                    results, NO_GOAL, "k calls/s", 1e3));
        }
        for (String key : List.of(FAST, RING_PER_REQUEST, RING_PER_BATCH, fast(DEMUX), fast(DEMUX_MISS_MIX),
                fast(BROADCAST), fast(TX_ENFORCE), fast(VEB_SWITCH), fast(BUCKET), QOS_LIMITED, sized(CHECKSUM_FAST, 1500),
                sized(CHECKSUM_FAST, 65536), fast(TSO), fast(LRO))) {
            rows.add(allocationRow(key, results.get(key)));
        }
        printTable(out, rows);

        out.println();
        out.println("Every benchmark: median ops/s [per-fork medians]; gc.alloc.rate.norm B/op when profiled");
        for (Result result : results.values()) {
            String alloc = result.bytesPerOp() == null ? "not profiled (add -prof gc)"
                    : String.format(Locale.ROOT, "%.3f B/op", median(medians(result.bytesPerOp())));
            out.printf(Locale.ROOT, "  %-45s %10s ops/s %s  %s%n", result.key(), scaled(result.median()),
                    joined(result.forkMedians()), alloc);
        }
        out.println();
        out.println("One op: P1/P3 one 64-byte packet through TX and RX (guest work included); R1/R2 one descriptor"
                + " published and consumed.");
        out.println("Demux, TX enforcement and switching (guest work included): rxDemux one frame delivered to 1 of 64"
                + " contexts;");
        out.println("  rxDemuxMissMix one frame, half of them dropped as misses; rxBroadcast one frame in, replicated to 8"
                + " contexts (8 copies");
        out.println("  per op); txEnforce one packet through source-MAC, VLAN and 8-rule checks to the wire with its tag"
                + " inserted; vebSwitch");
        out.println("  one packet from context A's TX ring into context B's RX ring inside a device in VEB mode, nothing"
                + " on the wire.");
        out.println("QoS: bucket one token-bucket decision (accrue, conforms, charge) for a 60-byte packet; txPipeline one"
                + " 60-byte packet");
        out.println("  from a TX ring to the wire on a context whose rate limit never holds it, or without a limit.");
        out.println("Q1 is met when every fork's ns per decision is at most 0.05 of the 67.2 ns a 64-byte frame takes at"
                + " 10 GbE.");
        out.println("Offloads: checksum* one RFC 1071 sum of size random bytes (fast NIC, reference model, byte loop); tso one"
                + " 64 KiB TCP/IPv4");
        out.println("  super-frame through the TX path into 46 segments of MSS 1448 (guest work included); lro one 1448-byte"
                + " segment received,");
        out.println("  45 merged per aggregate and flushed at a PSH into 17 posted buffers (guest work included).");
        out.println("C3 GB/s and T1 payload GB/s are ops/s times bytes per op (size; 65481 payload bytes per send).");
        out.println("Bridge (spec 13): one device call through the conformance harness and its guest driver, same guest work for");
        out.println("  every target: advance one advanceTo (no memory traffic); kick one 60-byte packet published on the TX ring,");
        out.println("  one kick, the response reaped; receive one 60-byte frame into a posted RX buffer, reaped and reposted. The");
        out.println("  ratio is the in-process reference model's calls/s over the same model in a child JVM (java adapter) or the");
        out.println("  C example device, each a process behind the stdio bridge: how many times slower a call is over the bridge.");
        out.println("Rows marked - record a ratio with no goal.");
        out.println("R1/R2 divide by JCTools moving the same descriptors (filled and read); R1*/R2* by JCTools moving"
                + " pre-boxed Integers, the setup the targets were first calibrated on.");
        out.println("A1 is met below 0.5 B/op, i.e. 0 bytes per op once rounded.");
    }

    private static String[] compare(String goal, String what, String fastKey, String peerKey,
            Map<String, Result> results, double target, String unit) {
        return compare(goal, what, fastKey, peerKey, results, target, unit, 1e6);
    }

    /** {@link #compare} with the figures shown in ops/s divided by {@code scale} (1e6 for the M units, 1e3 for k). */
    private static String[] compare(String goal, String what, String fastKey, String peerKey,
            Map<String, Result> results, double target, String unit, double scale) {
        Result a = results.get(fastKey);
        Result b = results.get(peerKey);
        if (a == null || b == null) {
            return missing(goal, what, a == null ? fastKey : peerKey);
        }
        double[] fa = a.forkMedians();
        double[] fb = b.forkMedians();
        int n = Math.min(fa.length, fb.length);
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            ratios[i] = fa[i] / fb[i];
        }
        return ratioRow(goal, what, String.format(Locale.ROOT, "%.2f %s", a.median() / scale, unit),
                String.format(Locale.ROOT, "%.2f %s", b.median() / scale, unit), ratios, target);
    }

    /** A ratio row; a {@link #NO_GOAL} target records the ratio without a verdict. */
    private static String[] ratioRow(String goal, String what, String fast, String against, double[] ratios,
            double target) {
        double median = median(ratios);
        double min = Arrays.stream(ratios).min().orElse(Double.NaN);
        double max = Arrays.stream(ratios).max().orElse(Double.NaN);
        boolean noGoal = Double.isNaN(target);
        String verdict = noGoal ? "recorded, no goal" : min >= target ? "met" : median >= target ? "median only" : "NOT met";
        return new String[] {goal, what, fast, against, String.format(Locale.ROOT, "%.2f", median),
            String.format(Locale.ROOT, "%.2f .. %.2f (%d)", min, max, ratios.length),
            noGoal ? "-" : String.format(Locale.ROOT, ">= %.1f", target), verdict};
    }

    /**
     * A row whose figure is a time per op divided by a budget, met when every fork is at or below
     * {@code ceiling} (lower is better, unlike {@link #ratioRow}).
     */
    private static String[] budgetRow(String goal, String what, String key, Map<String, Result> results, double ceiling) {
        Result result = results.get(key);
        if (result == null) {
            return missing(goal, what, key);
        }
        double[] forks = result.forkMedians();
        double[] ratios = new double[forks.length];
        for (int i = 0; i < forks.length; i++) {
            ratios[i] = 1e9 / forks[i] / BUDGET_10G_64B_NANOS;
        }
        double median = median(ratios);
        double min = Arrays.stream(ratios).min().orElse(Double.NaN);
        double max = Arrays.stream(ratios).max().orElse(Double.NaN);
        String verdict = max <= ceiling ? "met" : median <= ceiling ? "median only" : "NOT met";
        return new String[] {goal, what, String.format(Locale.ROOT, "%.2f ns", 1e9 / result.median()),
            String.format(Locale.ROOT, "%.1f ns", BUDGET_10G_64B_NANOS), String.format(Locale.ROOT, "%.4f", median),
            String.format(Locale.ROOT, "%.4f .. %.4f (%d)", min, max, ratios.length),
            String.format(Locale.ROOT, "<= %.2f", ceiling), verdict};
    }

    /**
     * A row whose figure is a rate against a physical constant: each fork's median ops/s times
     * {@code perOp} (bytes or segments per op) divided by {@code constant}, met at {@code target}.
     */
    private static String[] rateRow(String goal, String what, String key, Map<String, Result> results, double perOp,
            double constant, double target, String unit) {
        Result result = results.get(key);
        if (result == null) {
            return missing(goal, what, key);
        }
        double[] forks = result.forkMedians();
        double[] ratios = new double[forks.length];
        for (int i = 0; i < forks.length; i++) {
            ratios[i] = forks[i] * perOp / constant;
        }
        double scale = unit.equals("GB/s") ? 1e9 : 1e6;
        return ratioRow(goal, what, String.format(Locale.ROOT, "%.2f %s", result.median() * perOp / scale, unit),
                String.format(Locale.ROOT, "%.4g %s", constant / scale, unit), ratios, target);
    }

    private static String sized(String benchmark, int size) {
        return benchmark + " size=" + size;
    }

    private static String bridge(String call, String target) {
        return BRIDGE + call + " target=" + target;
    }

    private static String fast(String benchmark) {
        return benchmark + " device=fast";
    }

    private static String model(String benchmark) {
        return benchmark + " device=reference";
    }

    private static String[] allocationRow(String key, Result result) {
        String what = "alloc/op, " + key.substring(key.indexOf('.') + 1);
        if (result == null) {
            return missing("A1", what, key);
        }
        if (result.bytesPerOp() == null) {
            return new String[] {"A1", what, "-", "-", "-", "-", "0 B/op", "not profiled (add -prof gc)"};
        }
        double[] forks = medians(result.bytesPerOp());
        double max = Arrays.stream(forks).max().orElse(Double.NaN);
        return new String[] {"A1", what, String.format(Locale.ROOT, "%.3f B/op", median(forks)), "0 B/op", "-",
            String.format(Locale.ROOT, "max %.3f (%d)", max, forks.length), "0 B/op",
            max < 0.5 ? "met" : "NOT met"};
    }

    private static String[] missing(String goal, String what, String key) {
        return new String[] {goal, what, "-", "-", "-", "-", "-", "not run: " + key};
    }

    private static Result parse(JsonNode node) {
        String benchmark = text(node, "benchmark");
        String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        StringBuilder key = new StringBuilder(name);
        JsonNode params = node.path("params");
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> param = it.next();
            key.append(' ').append(param.getKey()).append('=').append(param.getValue().asText());
        }
        if (!"thrpt".equals(text(node, "mode"))) {
            throw new IllegalArgumentException(key + ": mode=" + text(node, "mode")
                    + " (the ratios need throughput mode, -bm thrpt)");
        }
        JsonNode primary = node.path("primaryMetric");
        double scale = perSecond(key.toString(), text(primary, "scoreUnit"));
        double[][] ops = raw(key.toString(), primary.path("rawData"));
        for (double[] fork : ops) {
            for (int i = 0; i < fork.length; i++) {
                fork[i] *= scale;
            }
        }
        double[][] alloc = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("secondaryMetrics").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> metric = it.next();
            if (metric.getKey().endsWith(ALLOC_NORM)) {
                alloc = raw(key + " " + metric.getKey(), metric.getValue().path("rawData"));
            }
        }
        return new Result(key.toString(), ops, alloc);
    }

    private static double[][] raw(String where, JsonNode rawData) {
        if (!rawData.isArray() || rawData.isEmpty()) {
            throw new IllegalArgumentException(where + ": rawData missing or empty");
        }
        double[][] forks = new double[rawData.size()][];
        for (int f = 0; f < forks.length; f++) {
            JsonNode fork = rawData.get(f);
            if (!fork.isArray() || fork.isEmpty()) {
                throw new IllegalArgumentException(where + ": rawData fork " + f + " has no iterations");
            }
            forks[f] = new double[fork.size()];
            for (int i = 0; i < forks[f].length; i++) {
                if (!fork.get(i).isNumber()) {
                    throw new IllegalArgumentException(where + ": rawData[" + f + "][" + i + "] is not a number: "
                            + fork.get(i));
                }
                forks[f][i] = fork.get(i).asDouble();
            }
        }
        return forks;
    }

    /** Factor from a JMH throughput unit ({@code ops/s}, {@code ops/ms}, ...) to ops per second. */
    static double perSecond(String where, String unit) {
        switch (unit) {
            case "ops/ns":
                return 1e9;
            case "ops/us":
                return 1e6;
            case "ops/ms":
                return 1e3;
            case "ops/s":
                return 1;
            case "ops/min":
                return 1.0 / 60;
            default:
                throw new IllegalArgumentException(where + ": unknown throughput unit scoreUnit=" + unit);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("a result lacks the field " + field + ": " + abbreviated(node));
        }
        return value.asText();
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    static double[] medians(double[][] forks) {
        double[] result = new double[forks.length];
        for (int f = 0; f < forks.length; f++) {
            result[f] = median(forks[f]);
        }
        return result;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String mpps(double opsPerSecond) {
        return String.format(Locale.ROOT, "%.2f Mpps", opsPerSecond / 1e6);
    }

    private static String scaled(double opsPerSecond) {
        return String.format(Locale.ROOT, "%.4g", opsPerSecond);
    }

    private static String joined(double[] values) {
        StringBuilder text = new StringBuilder("[");
        for (double value : values) {
            text.append(text.length() > 1 ? ", " : "").append(scaled(value));
        }
        return text.append(']').toString();
    }

    private static void printTable(PrintStream out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < widths.length; c++) {
                line.append(' ').append(pad(rows.get(r)[c], widths[c])).append(" |");
            }
            out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int width : widths) {
                    rule.append(' ').append("-".repeat(width)).append(" |");
                }
                out.println(rule);
            }
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
