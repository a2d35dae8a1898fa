package io.netchannel.conformance.catalogue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the spec, the catalogue and the checks together (spec 00-conventions): every active MUST
 * has at least one check, every cited id exists, and the chapter tables list exactly the
 * catalogue's ids with the same levels.
 */
public final class Traceability {

    private Traceability() {
    }

    /**
     * The problems found, one sentence each naming the id; empty when everything holds.
     *
     * @param catalogue the requirement catalogue
     * @param rows the chapter table rows
     * @param citations requirement id → the places (test methods, vector ids) that check it
     */
    public static List<String> problems(RequirementCatalogue catalogue, List<ChapterTables.Row> rows,
            Map<String, Set<String>> citations) {
        List<String> problems = new ArrayList<>();
        Map<String, ChapterTables.Row> seen = new HashMap<>();
        for (ChapterTables.Row row : rows) {
            ChapterTables.Row earlier = seen.putIfAbsent(row.id(), row);
            if (earlier != null) {
                problems.add(row.id() + " appears twice in the spec: " + earlier.file().getFileName() + ":" + earlier.line()
                        + " and " + row.file().getFileName() + ":" + row.line());
                continue;
            }
            var entry = catalogue.find(row.id());
            if (entry.isEmpty()) {
                problems.add(row.id() + " is in " + row.file().getFileName() + ":" + row.line() + " but not in requirements.yaml");
            } else if (entry.get().level() != row.level()) {
                problems.add(row.id() + " is " + row.level() + " in " + row.file().getFileName() + ":" + row.line()
                        + " but " + entry.get().level() + " in requirements.yaml");
            }
        }
        for (RequirementEntry entry : catalogue.entries()) {
            if (entry.active() && !seen.containsKey(entry.id())) {
                problems.add(entry.id() + " is in requirements.yaml but in no chapter table");
            }
            boolean checked = !citations.getOrDefault(entry.id(), Set.of()).isEmpty();
            if (entry.active() && entry.level() == Level.MUST && !checked) {
                problems.add(entry.id() + " is a MUST with no property, test or vector citing it");
            }
        }
        for (var cited : citations.entrySet()) {
            if (catalogue.find(cited.getKey()).isEmpty()) {
                problems.add(cited.getKey() + " is cited by " + cited.getValue() + " but does not exist in requirements.yaml");
            }
        }
        return problems;
    }
}
