package io.netchannel.conformance.catalogue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The requirement catalogue, {@code spec/requirements.yaml}, indexed by id in file order. */
public final class RequirementCatalogue {

    private final String specVersion;
    private final Map<String, RequirementEntry> byId;

    private RequirementCatalogue(String specVersion, Map<String, RequirementEntry> byId) {
        this.specVersion = specVersion;
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** The file as Jackson reads it. */
    record File(String specVersion, List<RequirementEntry> requirements) {
    }

    /** Reads the catalogue from a file; a malformed file fails with its path and the broken field. */
    public static RequirementCatalogue load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read requirement catalogue: path=" + file, e);
        }
    }

    /** Reads the catalogue from a stream; {@code source} names it in errors. */
    public static RequirementCatalogue read(InputStream in, String source) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        File parsed;
        try {
            parsed = mapper.readValue(in, File.class);
        } catch (IOException e) {
            throw new IOException("malformed requirement catalogue " + source + ": " + e.getMessage(), e);
        }
        Map<String, RequirementEntry> byId = new LinkedHashMap<>();
        for (RequirementEntry entry : parsed.requirements()) {
            if (byId.putIfAbsent(entry.id(), entry) != null) {
                throw new IllegalArgumentException("duplicate requirement id in " + source + ": id=" + entry.id());
            }
        }
        return new RequirementCatalogue(parsed.specVersion(), byId);
    }

    /** The spec version the catalogue describes. */
    public String specVersion() {
        return specVersion;
    }

    /** Every entry, in file order, withdrawn ones included. */
    public List<RequirementEntry> entries() {
        return new ArrayList<>(byId.values());
    }

    /** The entry with {@code id}. */
    public Optional<RequirementEntry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
