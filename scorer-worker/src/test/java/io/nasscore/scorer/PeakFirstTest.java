package io.nasscore.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.Op;
import io.nasscore.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeakFirstTest {
    static final Set<ScoreName> PAPER = EnumSet.copyOf(ScoreName.PAPER);
    static final ScoreConfig B16 = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(16);
    static final ScoreConfig B32 = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(32);

    /** The no-op scorer, remembering what it was asked, failing on the cells in {@code failOn}. */
    static final class Recording implements Scorer {
        final List<ScoreRequest> asked = new ArrayList<>();
        final Set<Arch> failOn;
        final NoopScorer noop = new NoopScorer();

        Recording(Set<Arch> failOn) { this.failOn = failOn; }

        @Override public ScoreResult score(ScoreRequest r) {
            asked.add(r);
            if (failOn.contains(r.arch())) throw new IllegalArgumentException("cannot score " + r.arch());
            return noop.score(r);
        }
        @Override public String device() { return "none"; }
        @Override public String engineVersion() { return "recording"; }
        @Override public void close() {}
    }

    /** The cells asked for, in order: LARGEST for the warm-up, else the index. */
    static List<String> cells(Recording r) {
        return r.asked.stream().map(q -> q.arch().equals(PeakFirst.LARGEST) ? "LARGEST" : Integer.toString(q.index())).toList();
    }

    static ScoreRequest request(int index, ScoreConfig config, Set<ScoreName> scores) {
        return new ScoreRequest(SearchSpace.arch(index), config, scores);
    }

    @Test
    void theLargestCellIsScoredOnceBeforeTheFirstRequestOfEachConfigurationAndOfEachScoreNotYetWarmed() {
        Recording r = new Recording(Set.of());
        PeakFirst s = new PeakFirst(r);
        Set<ScoreName> js = EnumSet.of(ScoreName.JS);
        Set<ScoreName> paperAndSynflow = EnumSet.copyOf(PAPER);
        paperAndSynflow.add(ScoreName.SYNFLOW);
        s.score(request(1, B16, PAPER));
        s.score(request(2, B16, PAPER));
        s.score(request(3, B32, PAPER));
        s.score(request(4, B32, PAPER));
        s.score(request(5, B32, js));               // JS was warmed with the twelve: no warm-up
        s.score(request(7, B32, paperAndSynflow));  // synflow's pass was not
        s.score(request(8, B32, paperAndSynflow));
        s.score(request(6, B16, PAPER));
        assertThat(cells(r)).containsExactly("LARGEST", "1", "2", "LARGEST", "3", "4", "5", "LARGEST", "7", "8", "6");
        assertThat(r.asked.get(3).config()).isEqualTo(B32);
        assertThat(r.asked.get(7).config()).isEqualTo(B32);
        assertThat(r.asked.get(7).scores()).isEqualTo(paperAndSynflow);
    }

    @Test
    void aScoreSetOfItsOwnUnderAConfigurationGetsItsOwnWarmUp() {
        Recording r = new Recording(Set.of());
        PeakFirst s = new PeakFirst(r);
        Set<ScoreName> js = EnumSet.of(ScoreName.JS);
        s.score(request(5, B32, js));
        s.score(request(3, B32, PAPER));
        assertThat(cells(r)).containsExactly("LARGEST", "5", "LARGEST", "3");
        assertThat(r.asked.get(0).scores()).isEqualTo(js);
        assertThat(r.asked.get(2).scores()).isEqualTo(PAPER);
    }

    @Test
    void theLargestCellAskedForFirstIsScoredOnceOnly() {
        Recording r = new Recording(Set.of());
        PeakFirst s = new PeakFirst(r);
        ScoreRequest largest = new ScoreRequest(PeakFirst.LARGEST, B16, PAPER);
        assertThat(s.score(largest).arch()).isEqualTo(PeakFirst.LARGEST);
        s.score(request(1, B16, PAPER));
        assertThat(r.asked).hasSize(2);
    }

    @Test
    void aWarmUpThatFailsLeavesTheRequestToItsOwnOutcome() {
        Recording r = new Recording(Set.of(PeakFirst.LARGEST));
        ScoreResult result = new PeakFirst(r).score(request(7, B16, PAPER));
        assertThat(result.index()).isEqualTo(7);
        assertThat(r.asked).hasSize(2);
    }

    @Test
    void noCellOfTheSpaceHasMoreParametersParameterTensorsOrFlopsThanTheLargest() {
        for (int i = 0; i < SearchSpace.SIZE; i++) {
            Arch a = SearchSpace.arch(i);
            assertThat(Cost.params(a, 10)).isLessThanOrEqualTo(Cost.params(PeakFirst.LARGEST, 10));
            assertThat(Cost.tensors(a)).isLessThanOrEqualTo(Cost.tensors(PeakFirst.LARGEST));
            assertThat(Cost.flopsM(a, Dataset.CIFAR10)).isLessThanOrEqualTo(Cost.flopsM(PeakFirst.LARGEST, Dataset.CIFAR10));
        }
        assertThat(PeakFirst.LARGEST.count(Op.NOR_CONV_3X3)).isEqualTo(6);
    }

    /** On the real engine: a record scored after the warm-up is the one a fresh scorer gives, value for value. */
    @Test
    void theWarmUpDoesNotChangeTheRecord() {
        ScoreRequest q = request(4777, B16, PAPER);
        ScoreResult fresh;
        try (JacobianScorer s = new JacobianScorer("cpu")) {
            fresh = s.score(q);
        }
        ScoreResult warmed;
        try (PeakFirst s = new PeakFirst(new JacobianScorer("cpu"))) {
            warmed = s.score(q);
        }
        assertThat(warmed.scores()).isEqualTo(fresh.scores());
        assertThat(warmed.jsRaw()).isEqualTo(fresh.jsRaw());
    }
}
