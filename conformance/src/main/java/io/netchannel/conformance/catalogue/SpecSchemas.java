package io.netchannel.conformance.catalogue;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Schemas of {@code spec/schema/} as the jar ships them (draft 2020-12), each read once. */
public final class SpecSchemas {

    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private SpecSchemas() {
    }

    /** The schema at class-path {@code resource}, e.g. {@code /netchannel/spec/schema/adapter-v1.schema.json}. */
    public static JsonSchema load(String resource) {
        return LOADED.computeIfAbsent(resource, SpecSchemas::read);
    }

    private static JsonSchema read(String resource) {
        try (InputStream in = SpecSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the schema is not on the classpath: " + resource);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
