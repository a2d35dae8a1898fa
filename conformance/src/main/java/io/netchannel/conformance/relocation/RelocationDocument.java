package io.netchannel.conformance.relocation;

import io.netchannel.api.RelocationState;
import io.netchannel.conformance.relocation.RelocationDocumentException.Defect;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;

/**
 * The relocation document, version 1 (spec 12, section 5): the text form of a
 * {@link RelocationState}.
 *
 * <ul>
 *   <li>{@link #canonical} writes the one canonical text of a state (RELOC-10): UTF-8 JSON, no
 *       whitespace, members sorted by code point at every level, integers exact at any size,
 *       absent optional members left out;</li>
 *   <li>{@link #read} reads JSON, or YAML that denotes the same tree, and refuses every defect of
 *       section 5.3 with a {@link RelocationDocumentException} naming the defect, the member's
 *       path and rule RELOC-11. It throws nothing else, whatever the input.</li>
 * </ul>
 *
 * <p>{@code read(canonical(s))} equals {@code s} for every state a device can export, and
 * {@code canonical(read(d))} is the canonical form of any document {@code d} the reader accepts.
 */
public final class RelocationDocument {

    /** The {@code format} member's value. */
    public static final String FORMAT = "netchannel-relocation";
    /** The version this reader reads and this writer writes. */
    public static final int VERSION = 1;
    /** The largest document a reader accepts, in bytes; a larger one is refused before parsing. */
    public static final int MAX_BYTES = 1_048_576;
    /** Where the schema lives in the jar (copied from {@code spec/schema/}). */
    public static final String SCHEMA_RESOURCE = "/netchannel/spec/schema/relocation-v1.schema.json";

    private RelocationDocument() {
    }

    /**
     * The canonical text of {@code state} (RELOC-10).
     *
     * @throws IllegalArgumentException for a state no document can hold, which no export produces:
     *     a state other than ACTIVE or FAILED, a negative runtime integer, a device-wide counter
     */
    public static String canonical(RelocationState state) {
        return Canonical.text(DocumentWriter.write(state));
    }

    /** {@link #canonical} as the UTF-8 bytes a host transfers. */
    public static byte[] canonicalBytes(RelocationState state) {
        return canonical(state).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The state {@code document} holds (spec 12, section 5.3).
     *
     * @throws RelocationDocumentException for every defect of section 5.3, and for nothing else
     */
    public static RelocationState read(byte[] document) {
        if (document == null) {
            throw new RelocationDocumentException(Defect.MALFORMED, "$", "no document (null)");
        }
        if (document.length > MAX_BYTES) {
            throw oversized(document.length + " bytes");
        }
        return parsed(Parse.utf8(document));
    }

    /**
     * The state the text {@code document} holds; its size is counted in UTF-8 bytes.
     *
     * @throws RelocationDocumentException for every defect of section 5.3, and for nothing else
     */
    public static RelocationState read(String document) {
        if (document == null) {
            throw new RelocationDocumentException(Defect.MALFORMED, "$", "no document (null)");
        }
        if (document.length() > MAX_BYTES) { // UTF-8 never takes fewer bytes than UTF-16 code units
            throw oversized("at least " + document.length() + " bytes");
        }
        int bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(document)).remaining();
        } catch (CharacterCodingException e) {
            throw new RelocationDocumentException(Defect.MALFORMED, "$", "not UTF-8: the text holds an unpaired surrogate (" + e.getMessage() + ")");
        }
        if (bytes > MAX_BYTES) {
            throw oversized(bytes + " bytes");
        }
        return parsed(document);
    }

    /**
     * The canonical form of {@code document}: read, then written again. A host tool uses it to
     * normalise a hand-written or YAML document.
     *
     * @throws RelocationDocumentException as {@link #read(String)}
     */
    public static String normalise(String document) {
        return canonical(read(document));
    }

    private static RelocationState parsed(String text) {
        Node tree = Parse.tree(text);
        return DocumentReader.read((Node.Obj) tree);
    }

    private static RelocationDocumentException oversized(String size) {
        return new RelocationDocumentException(Defect.OVERSIZED, "$", size + ", more than the " + MAX_BYTES
                + " a relocation document may have (checked before parsing)");
    }
}
