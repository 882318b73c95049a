package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.aggregator.Fixtures.Sample;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.BestAccuracy;
import io.nasscore.core.metrics.BestPercentile;
import io.nasscore.core.metrics.CostSummary;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.MeanStd;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Subset;
import io.nasscore.core.score.ScoreName;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology against TopologyTestDriver: joins, replacement, windows, runs, keys, punctuation, bad input. */
class QualityTopologyTest {
    static final String EXP = "exp-a";
    static final Duration TICK = Duration.ofSeconds(1);
    /** The twelve scores and the one combined score whose members they are (ensemble_twelve: LNS, MNJS, WPJS, params). */
    static final List<String> SCORE_NAMES = scoreNames();
    static final int SCORES = SCORE_NAMES.size();

    private static List<String> scoreNames() {
        List<String> out = new ArrayList<>();
        for (ScoreName s : ScoreName.PAPER) out.add(s.name());
        out.add("ensemble_twelve");
        return out;
    }

    @TempDir Path stateDir;
    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    /** A driver over the aggregator topology, with its topics. */
    final class Harness {
        final TopologyTestDriver driver;
        final TestInputTopic<String, ScoreRecord> scores;
        final TestInputTopic<String, GroundTruth> truth;
        final TestInputTopic<String, byte[]> rawScores;
        final TestOutputTopic<String, ScoreQuality> quality;
        long t = 0;

        Harness(AggregatorConfig config) {
            Topology topology = QualityTopology.build(config);
            Properties p = AggregatorConfig.streamsProperties("dummy:9092", config.applicationId(),
                    stateDir.resolve(config.applicationId() + "-" + drivers.size()), Map.of());
            driver = new TopologyTestDriver(topology, p, Fixtures.T0);
            drivers.add(driver);
            scores = driver.createInputTopic(Topics.SCORES.name(), new StringSerializer(), Topics.SCORES.valueSerde().serializer());
            truth = driver.createInputTopic(Topics.GROUND_TRUTH.name(), new StringSerializer(), Topics.GROUND_TRUTH.valueSerde().serializer());
            rawScores = driver.createInputTopic(Topics.SCORES.name(), new StringSerializer(), new ByteArraySerializer());
            quality = driver.createOutputTopic(Topics.SCORE_QUALITY.name(), new StringDeserializer(),
                    Topics.SCORE_QUALITY.valueSerde().deserializer());
        }

        void score(String experiment, Sample s) {
            ScoreRecord r = Fixtures.score(experiment, s, Fixtures.T0.plusMillis(++t));
            scores.pipeInput(r.getScoreKey(), r);
        }

        void truth(Sample s) { truth.pipeInput(Keys.groundTruth(s.dataset(), s.arch()), Fixtures.truth(s)); }

        /** Fires the punctuator and returns the latest record per key. */
        Map<String, ScoreQuality> tick() {
            driver.advanceWallClockTime(TICK);
            return new TreeMap<>(quality.readKeyValuesToMap());
        }

        long metric(String op) { return AggregatorMetrics.total(driver.metrics(), op); }
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    /** In-memory stores: TopologyTestDriver commits (and RocksDB flushes) after every record. */
    static AggregatorConfig config(int w) {
        return AggregatorConfig.defaults().withWindowSize(w).withRecomputeInterval(TICK)
                .withStoreType(Materialized.StoreType.IN_MEMORY);
    }

    static String key(String score, Subset subset, String window) {
        return Keys.quality(EXP, "cifar10", score, subset.id(), window);
    }

    @Test
    void scoresThenTruthAndTruthThenScoresGiveTheSameTable() {
        List<Sample> samples = Fixtures.samples(1, Dataset.CIFAR10, 150, 3);
        Harness a = new Harness(config(1000));
        samples.forEach(s -> a.score(EXP, s));
        samples.forEach(a::truth);
        Harness b = new Harness(config(1000));
        samples.forEach(b::truth);
        samples.forEach(s -> b.score(EXP, s));
        Map<String, ScoreQuality> ta = a.tick();
        Map<String, ScoreQuality> tb = b.tick();
        assertThat(ta).hasSize(SCORES * 2 * 2);
        assertThat(tb).isEqualTo(ta);
        assertThat(ta.get(key("JS", Subset.ALL, Keys.WINDOW_CUMULATIVE)).getN()).isEqualTo(150);
    }

    @Test
    void rocksDbStoresGiveTheSameTableAsInMemoryOnes() {
        List<Sample> samples = Fixtures.samples(16, Dataset.CIFAR10, 25, 2);
        Harness rocks = new Harness(config(10).withStoreType(Materialized.StoreType.ROCKS_DB));
        Harness mem = new Harness(config(10));
        for (Harness h : List.of(rocks, mem)) {
            samples.subList(0, 15).forEach(s -> h.score(EXP, s));
            samples.forEach(h::truth);
            samples.subList(15, 25).forEach(s -> h.score(EXP, s));
        }
        Map<String, ScoreQuality> t = rocks.tick();
        assertThat(t).hasSize(SCORES * 4).isEqualTo(mem.tick());
        assertMatchesEvaluation(t, Fixtures.evaluate(samples), Keys.WINDOW_CUMULATIVE);
    }

    @Test
    void truthArrivingLaterJoinsTheTablesThen() {
        List<Sample> samples = Fixtures.samples(2, Dataset.CIFAR10, 40, 0);
        Harness h = new Harness(config(1000));
        samples.forEach(s -> h.score(EXP, s));
        assertThat(h.tick()).as("no ground truth yet: no point, nothing emitted").isEmpty();
        samples.subList(0, 25).forEach(h::truth);
        assertThat(h.tick().get(key("WPJS", Subset.ALL, Keys.WINDOW_CUMULATIVE)).getN()).isEqualTo(25);
        samples.subList(25, 40).forEach(h::truth);
        assertThat(h.tick().get(key("WPJS", Subset.ALL, Keys.WINDOW_CUMULATIVE)).getN()).isEqualTo(40);
    }

    @Test
    void aScoreRecordScoredTwiceReplacesItsPointInsteadOfAddingOne() {
        List<Sample> samples = Fixtures.samples(3, Dataset.CIFAR10, 60, 0);
        Harness h = new Harness(config(1000));
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        Map<String, ScoreQuality> before = h.tick();
        // the same key again (a worker crashed after producing): identical redelivery, then a re-scoring with other values
        samples.subList(0, 10).forEach(s -> h.score(EXP, s));
        List<Sample> rescored = new ArrayList<>(samples);
        Random rnd = new Random(9);
        for (int i = 10; i < 20; i++) {
            double[] s = samples.get(i).scores().clone();
            for (int k = 0; k < s.length; k++) s[k] = 1 - (1 - s[k]) * (0.5 + rnd.nextDouble());
            rescored.set(i, samples.get(i).withScores(s));
            h.score(EXP, rescored.get(i));
        }
        Map<String, ScoreQuality> after = h.tick();
        for (ScoreName s : ScoreName.PAPER) {
            assertThat(after.get(key(s.name(), Subset.ALL, Keys.WINDOW_CUMULATIVE)).getN()).isEqualTo(60);
        }
        assertThat(after.get(key("JS", Subset.ALL, Keys.WINDOW_CUMULATIVE)).getSpearman())
                .isNotEqualTo(before.get(key("JS", Subset.ALL, Keys.WINDOW_CUMULATIVE)).getSpearman());
        assertMatchesEvaluation(after, Fixtures.evaluate(rescored), Keys.WINDOW_CUMULATIVE);
    }

    @Test
    void emittedMetricsEqualEvaluateOverTheSamePoints() {
        List<Sample> samples = Fixtures.samples(4, Dataset.CIFAR10, 400, 5);
        Harness h = new Harness(config(1000));
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        Map<String, ScoreQuality> table = h.tick();
        List<Evaluation.Row> expected = Fixtures.evaluate(samples);
        assertMatchesEvaluation(table, expected, Keys.WINDOW_CUMULATIVE);
        assertMatchesEvaluation(table, expected, "last-1000"); // W > n: the window is every point
        ScoreQuality js = table.get(key("JS", Subset.ALL, Keys.WINDOW_CUMULATIVE));
        assertThat(js.getRuns()).isEqualTo(5);
        CostSummary cost = CostSummary.of(samples.stream().sorted(java.util.Comparator.comparingInt(Sample::arch))
                .mapToDouble(Sample::totalMillis).toArray());
        assertThat(js.getMeanMillis()).isEqualTo(cost.mean());
        assertThat(js.getMedianMillis()).isEqualTo(cost.median());
        assertThat(js.getConfigHash()).isEqualTo(Fixtures.config(Dataset.CIFAR10).hash());
        assertThat(js.getUpdatedAt()).isEqualTo(Fixtures.T0.plus(TICK));
    }

    @Test
    void runIdsGiveTheBestAccuracyAndPercentileOfOverRuns() {
        List<Sample> samples = Fixtures.samples(5, Dataset.CIFAR10, 200, 4);
        Harness h = new Harness(config(1000));
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        Map<String, ScoreQuality> table = h.tick();
        for (ScoreName s : ScoreName.PAPER) {
            int[][] idx = new int[4][];
            double[][] sc = new double[4][];
            double[][] acc = new double[4][];
            for (int r = 0; r < 4; r++) {
                final int run = r;
                List<Sample> in = samples.stream().filter(p -> p.runIds().contains(run))
                        .sorted(java.util.Comparator.comparingInt(Sample::arch)).toList();
                idx[r] = in.stream().mapToInt(Sample::arch).toArray();
                sc[r] = in.stream().mapToDouble(p -> p.scores()[s.ordinal()]).toArray();
                acc[r] = in.stream().mapToDouble(Sample::accuracy).toArray();
            }
            MeanStd best = BestAccuracy.overRuns(idx, sc, acc);
            MeanStd pct = BestPercentile.overRuns(idx, sc, acc);
            for (Subset subset : Subset.values()) {
                ScoreQuality q = table.get(key(s.name(), subset, Keys.WINDOW_CUMULATIVE));
                assertThat(q.getRuns()).isEqualTo(4);
                assertThat(q.getBestAccMean()).isEqualTo(best.mean());
                assertThat(q.getBestAccStd()).isEqualTo(best.std());
                assertThat(q.getBestPercentileMean()).isEqualTo(pct.mean());
            }
        }
    }

    @Test
    void withoutRunsTheRunFiguresAreNull() {
        Harness h = new Harness(config(1000));
        List<Sample> samples = Fixtures.samples(6, Dataset.CIFAR10, 30, 0);
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        ScoreQuality q = h.tick().get(key("PJS", Subset.ALL, Keys.WINDOW_CUMULATIVE));
        assertThat(q.getRuns()).isZero();
        assertThat(q.getBestAccMean()).isNull();
        assertThat(q.getBestAccStd()).isNull();
        assertThat(q.getBestPercentileMean()).isNull();
    }

    @Test
    void theLastWindowHoldsTheWMostRecentPoints() {
        List<Sample> samples = Fixtures.samples(7, Dataset.CIFAR10, 120, 3);
        Harness h = new Harness(config(50));
        samples.forEach(h::truth);
        List<Sample> order = new ArrayList<>(samples);
        Collections.shuffle(order, new Random(7));
        order.forEach(s -> h.score(EXP, s));
        Map<String, ScoreQuality> table = h.tick();
        assertMatchesEvaluation(table, Fixtures.evaluate(samples), Keys.WINDOW_CUMULATIVE);
        assertMatchesEvaluation(table, Fixtures.evaluate(order.subList(70, 120)), "last-50");
        assertThat(table.get(key("JS", Subset.ALL, "last-50")).getN()).isEqualTo(50);
        // 10 more: the window slides
        List<Sample> more = Fixtures.samples(8, Dataset.CIFAR10, 400, 3).stream()
                .filter(s -> samples.stream().noneMatch(p -> p.arch() == s.arch())).limit(10).toList();
        more.forEach(h::truth);
        more.forEach(s -> h.score(EXP, s));
        List<Sample> recent = new ArrayList<>(order.subList(80, 120));
        recent.addAll(more);
        assertMatchesEvaluation(h.tick(), Fixtures.evaluate(recent), "last-50");
    }

    @Test
    void qualityRecordsAreKeyedByExperimentDatasetScoreSubsetWindow() {
        Harness h = new Harness(config(10));
        List<Sample> c10 = Fixtures.samples(9, Dataset.CIFAR10, 20, 0);
        List<Sample> c100 = Fixtures.samples(10, Dataset.CIFAR100, 20, 0);
        c10.forEach(h::truth);
        c100.forEach(h::truth);
        c10.forEach(s -> h.score("exp-a", s));
        c10.forEach(s -> h.score("exp-b", s));
        c100.forEach(s -> h.score("exp-a", s));
        Map<String, ScoreQuality> table = h.tick();
        assertThat(table).hasSize(3 * SCORES * 2 * 2);
        Set<String> expected = new HashSet<>();
        for (String[] ed : new String[][] {{"exp-a", "cifar10"}, {"exp-b", "cifar10"}, {"exp-a", "cifar100"}}) {
            for (String s : SCORE_NAMES) {
                for (Subset subset : Subset.values()) {
                    for (String w : List.of(Keys.WINDOW_CUMULATIVE, "last-10")) {
                        expected.add(Keys.quality(ed[0], ed[1], s, subset.id(), w));
                    }
                }
            }
        }
        assertThat(table.keySet()).isEqualTo(expected);
        table.forEach((k, q) -> assertThat(k).isEqualTo(
                Keys.quality(q.getExperiment(), q.getDataset(), q.getScore(), q.getSubset(), q.getWindow())));
        assertThat(table.get(Keys.quality("exp-a", "cifar100", "JS", "all", "last-10")).getN()).isEqualTo(10);
    }

    @Test
    void nothingIsEmittedBeforeThePunctuatorFires() {
        Harness h = new Harness(config(1000));
        List<Sample> samples = Fixtures.samples(11, Dataset.CIFAR10, 30, 0);
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        assertThat(h.quality.isEmpty()).isTrue();
        h.driver.advanceWallClockTime(Duration.ofMillis(400));
        assertThat(h.quality.isEmpty()).isTrue();
        h.driver.advanceWallClockTime(Duration.ofMillis(600));
        assertThat(h.quality.readKeyValuesToList()).hasSize(SCORES * 4);
        // no change since: the next tick emits nothing
        assertThat(h.tick()).isEmpty();
        assertThat(h.metric(AggregatorMetrics.RECOMPUTE)).isEqualTo(1);
        assertThat(h.metric(AggregatorMetrics.QUALITY_RECORDS)).isEqualTo(SCORES * 4);
    }

    @Test
    void badRecordsAreCountedAndSkippedNaNScoresExcluded() {
        Harness h = new Harness(config(1000));
        List<Sample> samples = Fixtures.samples(12, Dataset.CIFAR10, 30, 0);
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        // undecodable bytes, a tombstone, a record with an unknown dataset, one with NaN scores
        h.rawScores.pipeInput("garbage", new byte[] {1, 2, 3});
        h.scores.pipeInput("some/key", (ScoreRecord) null);
        ScoreRecord bad = Fixtures.score(EXP, Fixtures.samples(13, Dataset.CIFAR10, 1, 0).get(0), Fixtures.T0);
        bad.getConfig().setDataset("mnist");
        h.scores.pipeInput(bad.getScoreKey(), bad);
        Sample nanSample = Fixtures.samples(14, Dataset.CIFAR10, 200, 0).stream()
                .filter(s -> samples.stream().noneMatch(p -> p.arch() == s.arch())).findFirst().orElseThrow();
        double[] withNaN = nanSample.scores().clone();
        withNaN[ScoreName.JS.ordinal()] = Double.NaN;
        nanSample = nanSample.withScores(withNaN);
        h.truth(nanSample);
        h.score(EXP, nanSample);
        // a ground truth the aggregator cannot use
        GroundTruth badTruth = Fixtures.truth(samples.get(0));
        badTruth.setDataset("mnist");
        h.truth.pipeInput("mnist/1", badTruth);

        Map<String, ScoreQuality> table = h.tick();
        assertThat(h.metric(AggregatorMetrics.SKIPPED_SCORES)).as("the garbage and the mnist record").isEqualTo(2);
        assertThat(h.metric(AggregatorMetrics.SCORE_TOMBSTONES)).isEqualTo(1);
        assertThat(h.metric(AggregatorMetrics.NAN_SCORES)).isEqualTo(1);
        assertThat(h.metric(AggregatorMetrics.SKIPPED_TRUTH)).isEqualTo(1);
        ScoreQuality js = table.get(key("JS", Subset.ALL, Keys.WINDOW_CUMULATIVE));
        assertThat(js.getN()).isEqualTo(30);
        assertThat(js.getExcluded()).isEqualTo(1);
        assertThat(table.get(key("JSC", Subset.ALL, Keys.WINDOW_CUMULATIVE)).getN()).isEqualTo(31);
        List<Sample> all = new ArrayList<>(samples);
        all.add(nanSample);
        assertMatchesEvaluation(table, Fixtures.evaluate(all), Keys.WINDOW_CUMULATIVE);
    }

    @Test
    void aCorrectedOrRetractedGroundTruthMovesOrDropsThePoint() {
        Harness h = new Harness(config(1000));
        List<Sample> samples = Fixtures.samples(15, Dataset.CIFAR10, 50, 0);
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        h.tick();
        List<Sample> corrected = new ArrayList<>(samples);
        Sample s0 = samples.get(0);
        corrected.set(0, new Sample(s0.dataset(), s0.arch(), 99.5, s0.scores(), s0.runIds(), s0.totalMillis()));
        h.truth(corrected.get(0));
        assertMatchesEvaluation(h.tick(), Fixtures.evaluate(corrected), Keys.WINDOW_CUMULATIVE);
        h.truth.pipeInput(Keys.groundTruth(Dataset.CIFAR10, s0.arch()), (GroundTruth) null);
        Map<String, ScoreQuality> t = h.tick();
        assertThat(t.get(key("JS", Subset.ALL, Keys.WINDOW_CUMULATIVE)).getN()).isEqualTo(49);
        assertMatchesEvaluation(t, Fixtures.evaluate(corrected.subList(1, 50)), Keys.WINDOW_CUMULATIVE);
    }

    @Test
    void everySourceProcessorSinkAndStoreIsNamed() {
        Topology t = QualityTopology.build(AggregatorConfig.defaults());
        String d = t.describe().toString();
        assertThat(d).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        Set<String> stores = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (TopologyDescription.Subtopology st : t.describe().subtopologies()) {
            for (TopologyDescription.Node n : st.nodes()) {
                nodes.add(n.name());
                if (n instanceof TopologyDescription.Processor p) stores.addAll(p.stores());
            }
        }
        assertThat(stores).containsExactlyInAnyOrder(QualityTopology.TRUTH_STORE, QualityTopology.SCORES_BY_ARCH_STORE,
                QualityTopology.POINTS_STORE, QualityTopology.SEQUENCE_STORE, QualityTopology.DIRTY_STORE);
        assertThat(nodes).contains(QualityTopology.SCORES_SOURCE, QualityTopology.TRUTH_SOURCE, QualityTopology.SCORE_INTAKE,
                QualityTopology.TRUTH_INTAKE, QualityTopology.MERGE, QualityTopology.JOIN, QualityTopology.TABLES,
                QualityTopology.QUALITY_SINK);
        assertThat(d).contains("arch-events-repartition").contains("table-points-repartition");
        assertThat(t.describe().subtopologies()).hasSize(3);
    }

    /** Every (score, subset) record of {@code window} equals the Evaluation row of the same points. */
    /**
     * The combined score's records equal core's computation over the same points: the cumulative pool is every
     * point, each run is ranked within its own sample, and the last-W window is its own pool of the W most recent.
     */
    @Test
    void combinedScoreRowsEqualCoreOverTheSamePool() {
        List<Sample> samples = Fixtures.samples(21, Dataset.CIFAR10, 120, 3);
        Harness h = new Harness(config(50));
        samples.forEach(h::truth);
        samples.forEach(s -> h.score(EXP, s));
        Map<String, ScoreQuality> table = h.tick();
        io.nasscore.core.metrics.Combination c = io.nasscore.core.metrics.Combinations.ENSEMBLE_TWELVE;
        for (List<Sample> pool : List.of(samples, samples.subList(70, 120))) {
            List<Sample> pts = pool.stream().sorted(java.util.Comparator.comparingInt(Sample::arch)).toList();
            double[] values = c.values(memberColumns(pts));
            double[] acc = pts.stream().mapToDouble(Sample::accuracy).toArray();
            String window = pool == samples ? Keys.WINDOW_CUMULATIVE : "last-50";
            for (Subset subset : Subset.values()) {
                QualityMetrics m = QualityMetrics.compute(values, acc, subset);
                ScoreQuality q = table.get(key("ensemble_twelve", subset, window));
                assertThat(q).as(window + " " + subset).isNotNull();
                assertThat(q.getN()).isEqualTo(m.n());
                assertThat(q.getTauB()).isEqualTo(m.tauB());
                assertThat(q.getSpearman()).isEqualTo(m.spearman());
                assertThat(q.getMonotonicity()).isEqualTo(m.monotonicity());
            }
            // best accuracy: each run's sample ranked on its own
            int[][] idx = new int[3][];
            double[][] sc = new double[3][];
            double[][] ra = new double[3][];
            for (int r = 0; r < 3; r++) {
                final int run = r;
                List<Sample> in = pts.stream().filter(p -> p.runIds().contains(run)).toList();
                idx[r] = in.stream().mapToInt(Sample::arch).toArray();
                sc[r] = c.values(memberColumns(in));
                ra[r] = in.stream().mapToDouble(Sample::accuracy).toArray();
            }
            ScoreQuality all = table.get(key("ensemble_twelve", Subset.ALL, window));
            assertThat(all.getBestAccMean()).isEqualTo(BestAccuracy.overRuns(idx, sc, ra).mean());
            assertThat(all.getBestPercentileMean()).isEqualTo(BestPercentile.overRuns(idx, sc, ra).mean());
        }
    }

    /** LNS, MNJS, WPJS of the samples and their parameter count, by name. */
    private static Map<String, double[]> memberColumns(List<Sample> pts) {
        Map<String, double[]> m = Evaluation.columns();
        for (ScoreName s : List.of(ScoreName.LNS, ScoreName.MNJS, ScoreName.WPJS)) {
            m.put(s.name(), pts.stream().mapToDouble(p -> p.scores()[s.ordinal()]).toArray());
        }
        m.put("params", pts.stream().mapToDouble(p -> io.nasscore.core.space.Cost.params(
                io.nasscore.core.space.SearchSpace.arch(p.arch()), 10)).toArray());
        return m;
    }

    static void assertMatchesEvaluation(Map<String, ScoreQuality> table, List<Evaluation.Row> expected, String window) {
        Evaluation.Row all = null;
        for (Evaluation.Row row : expected) {
            if (row.subset() == Subset.ALL) all = row;
            QualityMetrics m = row.metrics();
            ScoreQuality q = table.get(key(row.score(), row.subset(), window));
            assertThat(q).as(row.score() + " " + row.subset() + " " + window).isNotNull();
            String what = row.score() + " " + row.subset() + " " + window;
            assertThat(q.getN()).as(what).isEqualTo(m.n());
            assertThat(q.getExcluded()).as(what).isEqualTo(m.excluded());
            assertThat(q.getMonotonicity()).as(what).isEqualTo(m.monotonicity());
            assertThat(q.getTauB()).as(what).isEqualTo(m.tauB());
            assertThat(q.getSpearman()).as(what).isEqualTo(m.spearman());
            assertThat(q.getSlope()).as(what).isEqualTo(m.slope());
            assertThat(q.getSlopeSign()).as(what).isEqualTo(m.slopeSign());
            assertThat(q.getR2()).as(what).isEqualTo(m.r2());
            assertThat(q.getRuns()).as(what).isEqualTo(row.runs());
            if (all.bestAccuracy() == null) {
                assertThat(q.getBestAccMean()).as(what).isNull();
            } else {
                assertThat(q.getBestAccMean()).as(what).isEqualTo(all.bestAccuracy().mean());
                assertThat(q.getBestAccStd()).as(what).isEqualTo(all.bestAccuracy().std());
                assertThat(q.getBestPercentileMean()).as(what).isEqualTo(all.bestPercentile().mean());
            }
        }
    }
}
