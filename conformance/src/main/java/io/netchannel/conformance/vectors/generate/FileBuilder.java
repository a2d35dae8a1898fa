package io.netchannel.conformance.vectors.generate;

import io.netchannel.conformance.vectors.Step;
import io.netchannel.conformance.vectors.VectorBundle;
import io.netchannel.conformance.vectors.VectorFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds one vector file: notes, then groups of tests. A group of the frame kind replays one
 * recorded set-up before each test; a scenario file holds one test whose steps start from a
 * fresh device.
 */
public final class FileBuilder {

    /** Who wrote the files. */
    public static final VectorFile.Generator GENERATOR = new VectorFile.Generator("netchannel-vector-generator", VectorBundle.VERSION);

    private final String kind;
    private final String chapter;
    private final String group;
    private final String header;
    private final Map<String, VectorFile.Note> notes = new TreeMap<>();
    private final List<VectorFile.Group> groups = new ArrayList<>();

    private FileBuilder(String kind, String chapter, String group, String header) {
        this.kind = kind;
        this.chapter = chapter;
        this.group = group;
        this.header = header;
    }

    /** A file of layout tests. */
    public static FileBuilder layout(String chapter, String group, String header) {
        return new FileBuilder("layout", chapter, group, header);
    }

    /** A file of frame tests (groups with a shared set-up). */
    public static FileBuilder frame(String chapter, String group, String header) {
        return new FileBuilder("frame", chapter, group, header);
    }

    /** A scenario file (conventionally one test; the file name is the last part of its id). */
    public static FileBuilder scenario(String chapter, String group, String header) {
        return new FileBuilder("scenario", chapter, group, header);
    }

    /** A file of document tests (spec 05, section 4.4): the suite's document reader, no device. */
    public static FileBuilder document(String chapter, String group, String header) {
        return new FileBuilder("document", chapter, group, header);
    }

    /** Declares a flag. */
    public FileBuilder note(String flag, String category, String description, String effect) {
        notes.put(flag, new VectorFile.Note(category, description, effect));
        return this;
    }

    /** What an invalid test expects; scope is packet, context or request. */
    public static VectorFile.ErrorScope error(String scope) {
        return new VectorFile.ErrorScope(scope, null);
    }

    /** A rejected control request of {@code category}. */
    public static VectorFile.ErrorScope rejected(String category) {
        return new VectorFile.ErrorScope("request", category);
    }

    /**
     * Test metadata: id, requirements, one-line comment, result, error (invalid only), flags, and
     * the rule that grants the choice (acceptable only).
     */
    public record Meta(String id, List<String> reqs, String comment, String result, VectorFile.ErrorScope error, List<String> flags,
            String allows) {

        /** Metadata without {@code allows} (valid and invalid tests). */
        public Meta(String id, List<String> reqs, String comment, String result, VectorFile.ErrorScope error, List<String> flags) {
            this(id, reqs, comment, result, error, flags, null);
        }

        /** A valid test. */
        public static Meta valid(String id, String comment, String... reqs) {
            return new Meta(id, List.of(reqs), comment, "valid", null, null);
        }

        /** An invalid test. */
        public static Meta invalid(String id, String comment, VectorFile.ErrorScope error, String... reqs) {
            return new Meta(id, List.of(reqs), comment, "invalid", error, null);
        }

        /** An acceptable test: the input lands where rule {@code allows} grants a choice; give it flags too (spec 05, section 7). */
        public static Meta acceptable(String id, String comment, String allows, String... reqs) {
            return new Meta(id, List.of(reqs), comment, "acceptable", null, null, allows);
        }

        /** These metadata with flags. */
        public Meta flags(String... names) {
            return new Meta(id, reqs, comment, result, error, List.of(names), allows);
        }
    }

    /**
     * A group whose tests each start from a fresh {@code setUp} (recorded once as the group's
     * set-up steps) and then run their own action.
     */
    public <T> GroupBuilder<T> group(String comment, Supplier<T> setUp) {
        return new GroupBuilder<>(comment, null, setUp);
    }

    /**
     * A group that runs behind the reference host with {@code deviceContexts} device contexts
     * (spec 05, section 3.2): {@code setUp} must start its harness on
     * {@code new HostedProvider(Generators.model(), deviceContexts)}, as a runner will.
     */
    public <T> GroupBuilder<T> hostGroup(String comment, int deviceContexts, Supplier<T> setUp) {
        if (deviceContexts < 0 || deviceContexts > VectorFile.Host.MAX_DEVICE_CONTEXTS) {
            throw new IllegalArgumentException("a host group holds 0.." + VectorFile.Host.MAX_DEVICE_CONTEXTS + " device contexts: deviceContexts="
                    + deviceContexts);
        }
        return new GroupBuilder<>(comment, new VectorFile.Host(deviceContexts), setUp);
    }

    /** Adds a group of document tests, run only when the device claims {@code profiles} (spec 05, section 4.4). */
    public FileBuilder documentGroup(String comment, List<String> profiles, List<VectorFile.Test> tests) {
        groups.add(new VectorFile.Group(comment, profiles, null, tests));
        return this;
    }

    /** Adds a group of layout tests. */
    public FileBuilder layoutGroup(String comment, List<VectorFile.Test> tests) {
        groups.add(new VectorFile.Group(comment, List.of("core"), null, tests));
        return this;
    }

    /** Tests sharing a set-up. */
    public final class GroupBuilder<T> {
        private final String comment;
        private final VectorFile.Host host;
        private final Supplier<T> setUp;
        private final List<VectorFile.Test> tests = new ArrayList<>();
        private List<String> profiles = List.of("core");
        private List<Step> shared;

        private GroupBuilder(String comment, VectorFile.Host host, Supplier<T> setUp) {
            this.comment = comment;
            this.host = host;
            this.setUp = setUp;
        }

        /**
         * The group's tests run only on a device that claims {@code required} too (spec 05, section
         * 3.2): {@code profiles} becomes {@code [core, required...]}.
         */
        public GroupBuilder<T> requiring(String... required) {
            if (!tests.isEmpty()) {
                throw new IllegalStateException("a group's profiles are set before its first test: group '" + comment + "'");
            }
            List<String> all = new ArrayList<>(List.of("core"));
            for (String profile : required) {
                io.netchannel.api.Profile.fromId(profile);
                all.add(profile);
            }
            profiles = List.copyOf(all);
            return this;
        }

        /** Records one test: a fresh set-up, then {@code action} on what it returned. */
        public GroupBuilder<T> test(Meta meta, Consumer<T> action) {
            return test(meta, setUp, action);
        }

        /**
         * Records one test on {@code own}, a set-up that records the same steps as the group's on
         * another device — the reference model claiming fewer profiles, for a test with a reserved
         * "not offered" flag (spec 05, section 3.1) in a group of tests that claim them all.
         */
        public GroupBuilder<T> test(Meta meta, Supplier<T> own, Consumer<T> action) {
            Recording<T> recording = Recording.of(own);
            List<Step> setUpSteps = recording.setUp();
            if (shared == null) {
                shared = List.copyOf(setUpSteps);
            } else if (!shared.equals(setUpSteps)) {
                throw new IllegalStateException("the set-up of group '" + comment + "' recorded different steps for test " + meta.id());
            }
            if ("acceptable".equals(meta.result()) && (meta.allows() == null || meta.flags() == null || meta.flags().isEmpty())) {
                throw new IllegalStateException("acceptable test " + meta.id() + " needs flags and the rule that allows the choice");
            }
            action.accept(recording.subject());
            List<Step> steps = List.copyOf(recording.sinceMark());
            if (steps.stream().noneMatch(Step::isCall)) {
                throw new IllegalStateException("test " + meta.id() + " calls the device nowhere");
            }
            tests.add(new VectorFile.Test(0, meta.id(), meta.reqs(), meta.comment(), meta.flags(), meta.result(), meta.error(), meta.allows(),
                    steps, null, null, null));
            return this;
        }

        /** Closes the group. */
        public FileBuilder done() {
            groups.add(new VectorFile.Group(comment, profiles, host, shared == null || shared.isEmpty() ? null : shared, List.copyOf(tests)));
            return FileBuilder.this;
        }
    }

    /** The file, tests numbered from 1, and its path in the bundle. */
    public VectorBundle.Entry build() {
        int[] number = {0};
        List<VectorFile.Group> numbered = groups.stream().map(g -> new VectorFile.Group(g.comment(), g.profiles(), g.host(), g.setup(),
                g.tests().stream().map(t -> t.withTcId(++number[0])).toList())).toList();
        VectorFile file = new VectorFile(VectorFile.SCHEMA, VectorBundle.SPEC_VERSION, kind, chapter, group, "core", GENERATOR, number[0],
                header, notes, numbered);
        String path = "scenario".equals(kind) ? chapter + "/scenarios/" + group + ".yaml" : chapter + "/" + group + ".yaml";
        return new VectorBundle.Entry(path, file);
    }
}
