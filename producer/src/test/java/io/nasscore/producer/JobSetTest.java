package io.nasscore.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.space.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSetTest {

    @TempDir Path dir;

    @Test
    void aSampleIsTheUnionOfItsRunsAndAnArchDrawnTwiceIsOneJobWithBothRunIds() {
        JobSet s = JobSet.sample(2000, 5, 7);
        int[][] runs = SearchSpace.runs(5, 2000, 7);
        Set<Integer> union = new HashSet<>();
        int total = 0;
        for (int[] run : runs) for (int i : run) { union.add(i); total++; }
        assertThat(s.size()).isEqualTo(union.size()).isLessThan(total);
        for (int r = 0; r < runs.length; r++) {
            for (int i : runs[r]) assertThat(s.runIds(i)).contains(r);
        }
        int inSeveral = 0;
        for (Map.Entry<Integer, List<Integer>> e : s.runIdsByIndex().entrySet()) {
            assertThat(e.getValue()).isSorted().doesNotHaveDuplicates();
            if (e.getValue().size() > 1) inSeveral++;
        }
        assertThat(inSeveral).isPositive();
        assertThat(s.label()).isEqualTo("sample2000x5-seed7");
        assertThat(s.runs()).isEqualTo(5);
        assertThat(JobSet.sample(2000, 5, 7).indices()).isEqualTo(s.indices());
        assertThat(JobSet.sample(10, 1, 8).indices()).isNotEqualTo(JobSet.sample(10, 1, 7).indices());
    }

    @Test
    void indicesAllAndTheirErrors() {
        JobSet s = JobSet.indices(List.of(5, 3, 5));
        assertThat(s.indices()).containsExactly(5, 3);
        assertThat(s.runIds(5)).isEmpty();
        assertThat(JobSet.all().size()).isEqualTo(SearchSpace.SIZE);
        assertThat(JobSet.all().label()).isEqualTo("all");
        assertThatThrownBy(() -> JobSet.indices(List.of(1, 15625))).hasMessageContaining("15625 is outside 0..15624");
        assertThatThrownBy(() -> JobSet.sample(0, 1, 0)).hasMessageContaining("sample size 0");
        assertThatThrownBy(() -> JobSet.sample(10, 0, 0)).hasMessageContaining("runs must be >= 1");
    }

    @Test
    void aFileOfIndicesAndArchStringsSkipsAndReportsBadLines() throws Exception {
        String arch = SearchSpace.arch(1462).toString();
        Path f = dir.resolve("my archs.txt");
        Files.writeString(f, "# a comment\n12\n\n" + arch + "\nnot-an-arch\n99999\n  12  \n|none~0|+|none~0|none~1|\n");
        JobSet s = JobSet.fromFile(f);
        assertThat(s.indices()).containsExactly(12, 1462);
        assertThat(s.badLines()).extracting(JobSet.BadLine::line).containsExactly(5, 6, 7, 8);
        assertThat(s.badLines().get(0).reason()).contains("not-an-arch");
        assertThat(s.badLines().get(1).reason()).contains("99999 is outside");
        assertThat(s.badLines().get(2).reason()).isEqualTo("architecture 12 already listed on line 2");
        assertThat(s.badLines().get(3).reason()).contains("expected 3 node groups");
        assertThat(s.label()).isEqualTo("file-my_archs");

        Files.writeString(f, "x\ny\n");
        assertThatThrownBy(() -> JobSet.fromFile(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no valid architecture; 2 bad line(s), first line 1:");
        assertThatThrownBy(() -> JobSet.fromFile(dir.resolve("missing.txt"))).hasMessageEndingWith("missing.txt: file not found");
    }
}
