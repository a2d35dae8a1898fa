package io.netchannel.conformance.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netchannel.conformance.catalogue.RequirementCatalogue;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shard reports merge into one: a failure anywhere fails, a pass anywhere passes, every shard exactly once. */
class ReportMergeTest {

    private static Report shard(String shard, Map<String, String> verdicts, int vectorsPassed, List<Certification.Failure> failures) {
        return new Report("NIC 1.0", "nic", List.of("core"), List.of("core"), "0.1.0", "ab".repeat(32), List.of(shard), 10, failures.size(),
                new Certification.VectorCounts(vectorsPassed, failures.size(), 0), verdicts, failures);
    }

    private static Map<String, String> verdicts(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aFailureAnywhereFailsAndAPassSomewhereCoversAnUntestedElsewhere() {
        Certification.Failure failure = new Certification.Failure("vector ring.x.y (ring/x.yaml)", List.of("RING-4"), "step 3: frames differ");
        Report merged = Report.merge(List.of(
                shard("1/2", verdicts("RING-4", "PASS", "RING-5", "UNTESTED", "MEM-9", "UNTESTED"), 200, List.of()),
                shard("2/2", verdicts("RING-4", "FAIL", "RING-5", "PASS", "MEM-9", "UNTESTED"), 199, List.of(failure))));
        assertThat(merged.verdicts()).containsExactly(Map.entry("RING-4", "FAIL"), Map.entry("RING-5", "PASS"), Map.entry("MEM-9", "UNTESTED"));
        assertThat(merged.vectors()).isEqualTo(new Certification.VectorCounts(399, 1, 0));
        assertThat(merged.failures()).containsExactly(failure);
        assertThat(merged.shards()).containsExactly("1/2", "2/2");
        assertThat(merged.passed()).isFalse();
    }

    @Test
    void aMissingOrRepeatedShardOrAnotherCampaignIsRefused() {
        Report one = shard("1/3", verdicts("RING-4", "PASS"), 1, List.of());
        Report two = shard("2/3", verdicts("RING-4", "PASS"), 1, List.of());
        assertThatThrownBy(() -> Report.merge(List.of(one, two))).hasMessageContaining("missing shard report(s): [3/3]");
        assertThatThrownBy(() -> Report.merge(List.of(one, one))).hasMessageContaining("appears twice");
        Report other = new Report("OTHER NIC", "x", List.of("core"), List.of("core"), "0.1.0", "ab".repeat(32), List.of("2/3"), 1, 0,
                new Certification.VectorCounts(1, 0, 0), verdicts("RING-4", "PASS"), List.of());
        assertThatThrownBy(() -> Report.merge(List.of(one, other))).hasMessageContaining("different campaigns");
    }

    @Test
    void aWrittenReportReadsBackEqual(@TempDir Path dir) {
        RequirementCatalogue catalogue = RequirementCatalogue.load(Path.of(System.getProperty("netchannel.root", "..")).resolve("spec/requirements.yaml"));
        Report report = shard("1/1", verdicts("RING-4", "PASS", "DESC-5", "FAIL"), 3,
                List.of(new Certification.Failure("vector d.e.f (descriptor/e.yaml)", List.of("DESC-5"), "<step 2> & more")));
        report.write(dir, catalogue);
        assertThat(Report.read(dir)).isEqualTo(report);
        assertThat(dir.resolve("certification.md")).content().contains("| DESC-5 | MUST | core | FAIL |");
        assertThat(dir.resolve("certification.html")).content().contains("&lt;step 2&gt; &amp; more").contains("<td class=FAIL>FAIL");
    }
}
