package io.netchannel.conformance.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule-table rows of the chapter Markdown files: every row of the form
 * {@code | RING-4 | MUST | rule | intent |}.
 */
public final class ChapterTables {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*([A-Z][A-Z0-9]*-[1-9][0-9]*)\\s*\\|\\s*(MUST|SHOULD|MAY)\\s*\\|(.*)$");

    /** One rule row and where it stands. */
    public record Row(String id, Level level, Path file, int line) {
    }

    private ChapterTables() {
    }

    /** Rows of every {@code NN-*.md} chapter file in {@code specDir}, in file and line order. */
    public static List<Row> read(Path specDir) {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(specDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = ROW.matcher(lines.get(i).trim());
                    if (m.matches()) {
                        rows.add(new Row(m.group(1), Level.valueOf(m.group(2)), file, i + 1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spec chapters: dir=" + specDir, e);
        }
        return rows;
    }
}
