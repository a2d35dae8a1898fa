package io.netchannel.conformance.vectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A set of vector files and their manifest (spec 05, sections 2 and 9), read from a folder (a
 * checkout's {@code vectors/}) or from the conformance jar ({@code netchannel/vectors/}). Reading
 * checks every file's SHA-256 against the manifest and that the folder holds exactly the files
 * the manifest lists.
 */
public final class VectorBundle {

    /** The bundle's version, written into the manifest. */
    public static final String VERSION = "0.1.0";
    /** The spec version the expectations come from. */
    public static final String SPEC_VERSION = "0.1.0";
    /** Where the bundle lives in the jar. */
    public static final String RESOURCE = "/netchannel/vectors/";
    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.yaml";

    /** A vector file and where it lies, relative to the bundle root ({@code descriptor/tx-validation.yaml}). */
    public record Entry(String path, VectorFile file) {
    }

    private final Manifest manifest;
    private final String sha256;
    private final List<Entry> entries;
    private final List<String> integrity;

    private VectorBundle(Manifest manifest, String sha256, List<Entry> entries, List<String> integrity) {
        this.manifest = manifest;
        this.sha256 = sha256;
        this.entries = List.copyOf(entries);
        this.integrity = List.copyOf(integrity);
    }

    /**
     * Files whose SHA-256 differs from the manifest's. They are still read (so a replay can name
     * the test an edit broke); a certification run refuses a bundle with any.
     */
    public List<String> integrity() {
        return integrity;
    }

    /** The manifest. */
    public Manifest manifest() {
        return manifest;
    }

    /** SHA-256 of the manifest's bytes: the bundle's identity in reports. */
    public String sha256() {
        return sha256;
    }

    /** Every file, in manifest order. */
    public List<Entry> entries() {
        return entries;
    }

    /** Every test, with its file and group, in bundle order. */
    public List<Located> tests() {
        List<Located> all = new ArrayList<>();
        for (Entry entry : entries) {
            for (VectorFile.Group group : entry.file().groups()) {
                for (VectorFile.Test test : group.tests()) {
                    all.add(new Located(entry.path(), entry.file(), group, test));
                }
            }
        }
        return all;
    }

    /** A test and what it needs to run. */
    public record Located(String path, VectorFile file, VectorFile.Group group, VectorFile.Test test) {
    }

    /** The bundle in {@code dir}. */
    public static VectorBundle read(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new VectorFileException(manifestFile.toString(), 0, "no manifest: run `netchannel vectors generate`");
        }
        byte[] manifestBytes = bytes(manifestFile);
        Manifest manifest = VectorCodec.readManifest(manifestFile.toString(), new String(manifestBytes, StandardCharsets.UTF_8));
        Set<String> listed = new TreeSet<>();
        List<Entry> entries = new ArrayList<>();
        List<String> integrity = new ArrayList<>();
        for (Manifest.Entry entry : manifest.files()) {
            listed.add(entry.path());
            Path file = dir.resolve(entry.path());
            if (!Files.isRegularFile(file)) {
                throw new VectorFileException(file.toString(), 0, "listed in the manifest but missing");
            }
            entries.add(load(file.toString(), entry, bytes(file), integrity));
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                if (!relative.equals(MANIFEST) && !listed.contains(relative)) {
                    throw new VectorFileException(file.toString(), 0, "not listed in the manifest: run `netchannel vectors generate`");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return new VectorBundle(manifest, sha256(manifestBytes), entries, integrity);
    }

    /** The bundle inside the conformance jar. */
    public static VectorBundle bundled() {
        byte[] manifestBytes = resource(MANIFEST);
        Manifest manifest = VectorCodec.readManifest("jar:" + RESOURCE + MANIFEST, new String(manifestBytes, StandardCharsets.UTF_8));
        List<Entry> entries = new ArrayList<>();
        List<String> integrity = new ArrayList<>();
        for (Manifest.Entry entry : manifest.files()) {
            entries.add(load("jar:" + RESOURCE + entry.path(), entry, resource(entry.path()), integrity));
        }
        return new VectorBundle(manifest, sha256(manifestBytes), entries, integrity);
    }

    private static Entry load(String name, Manifest.Entry listed, byte[] bytes, List<String> integrity) {
        String actual = sha256(bytes);
        if (!actual.equals(listed.sha256())) {
            integrity.add(name + ": SHA-256 " + actual + " differs from the manifest's " + listed.sha256()
                    + " (edited by hand? regenerate with `netchannel vectors generate`)");
        }
        VectorFile file = VectorCodec.read(name, new String(bytes, StandardCharsets.UTF_8));
        if (file.tests().size() != file.numberOfTests()) {
            throw new VectorFileException(name, 0, "numberOfTests says " + file.numberOfTests() + " but the file holds " + file.tests().size());
        }
        return new Entry(listed.path(), file);
    }

    /** Writes {@code files} canonically under {@code dir}, numbering tests, then the manifest; returns the manifest. */
    public static Manifest write(Path dir, List<Entry> files) {
        List<Manifest.Entry> listed = new ArrayList<>();
        int tests = 0;
        int valid = 0;
        int invalid = 0;
        int acceptable = 0;
        for (Entry entry : files.stream().sorted(java.util.Comparator.comparing(Entry::path)).toList()) {
            byte[] bytes = VectorCodec.write(entry.file()).getBytes(StandardCharsets.UTF_8);
            Path file = dir.resolve(entry.path());
            write(file, bytes);
            List<VectorFile.Test> all = entry.file().tests();
            int v = (int) all.stream().filter(t -> "valid".equals(t.result())).count();
            int i = (int) all.stream().filter(t -> "invalid".equals(t.result())).count();
            int a = all.size() - v - i;
            listed.add(new Manifest.Entry(entry.path(), sha256(bytes), all.size(), v, i, a));
            tests += all.size();
            valid += v;
            invalid += i;
            acceptable += a;
        }
        Manifest manifest = new Manifest(Manifest.SCHEMA, VERSION, SPEC_VERSION, VectorFile.SCHEMA, listed,
                new Manifest.Totals(listed.size(), tests, valid, invalid, acceptable));
        write(dir.resolve(MANIFEST), VectorCodec.writeManifest(manifest).getBytes(StandardCharsets.UTF_8));
        return manifest;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = VectorBundle.class.getResourceAsStream(RESOURCE + path)) {
            if (in == null) {
                throw new VectorFileException("jar:" + RESOURCE + path, 0, "missing from the conformance jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jar:" + RESOURCE + path, e);
        }
    }

    /** The bytes of every vector file under {@code dir} (not the manifest), by path relative to it. */
    public static java.util.Map<String, byte[]> files(Path dir) {
        java.util.Map<String, byte[]> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                if (!relative.equals(MANIFEST)) {
                    files.put(relative, Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return files;
    }

    /** Lowercase hex SHA-256. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
