package io.netchannel.conformance.vectors;

/** A vector file that cannot be read: bad YAML, a schema violation, a wrong type — with its file and line. */
public final class VectorFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /** A problem at {@code line} (1-based; 0 when unknown) of {@code file}. */
    public VectorFileException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** The file, as the caller named it. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }
}
