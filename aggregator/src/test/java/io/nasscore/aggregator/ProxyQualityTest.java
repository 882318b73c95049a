package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.aggregator.Fixtures.Sample;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combination;
import io.nasscore.core.metrics.Combinations;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.table.ScoreTable;
import io.nasscore.core.table.ScoresCsv;
import io.nasscore.core.truth.Csv;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field's proxies and the combined scores in the streaming tables (issue 10): the records of nas.score-quality
 * for each proxy and each combined score equal what {@code evaluate} gives on the same points (the oracle: the
 * records written as the scores CSV {@code score} writes, read, −∞ ranked and evaluated as {@code evaluate} does);
 * the points' internal form still reads version 1 bytes; a table of the twelve alone gives what it gave before.
 */
class ProxyQualityTest {
    static final String EXP = "exp-p";
    static final Duration TICK = Duration.ofSeconds(1);
    static final int N = 120;
    static final int W = 50;
    /** The single-number proxies the degenerate-architecture rule sets to −∞ (baselines.md §1). */
    static final Set<ScoreName> DEGENERATE_MINUS_INFINITY = Set.of(ScoreName.GRAD_NORM, ScoreName.SNIP, ScoreName.SYNFLOW,
            ScoreName.NWOT, ScoreName.JACOV, ScoreName.ZICO);

    @TempDir Path dir;
    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    @Test
    void proxiesAndCombinedScoresEqualEvaluateOverTheSamePoints() throws IOException {
        List<Sample> samples = Fixtures.samples(21, Dataset.CIFAR10, N, 3);
        List<ScoreRecord> records = records(samples, ScoreName.values(), new Random(22));
        Map<Integer, Double> accuracy = new TreeMap<>();
        samples.forEach(s -> accuracy.put(s.arch(), s.accuracy()));
        Driver d = new Driver();
        samples.forEach(d::truth);
        records.forEach(d::score);
        Map<String, ScoreQuality> table = d.tick();

        Set<String> names = new LinkedHashSet<>();
        for (ScoreName s : ScoreName.values()) names.add(s.column());
        for (Combination c : Combinations.ALL) names.add(c.name());
        assertThat(table.values().stream().map(q -> q.getScore().toString()).distinct())
                .as("every single score and every combined score").containsExactlyInAnyOrderElementsOf(names);
        assertThat(table).hasSize(names.size() * 2 * 2);

        List<Evaluation.Row> all = evaluate(records, accuracy, dir.resolve("all.csv"));
        assertMatches(table, all, Keys.WINDOW_CUMULATIVE, names);
        // the last-W window: the W points that arrived last (truth first, so in the order the scores were piped)
        List<Evaluation.Row> last = evaluate(records.subList(N - W, N), accuracy, dir.resolve("last.csv"));
        assertMatches(table, last, Keys.lastWindow(W), names);

        // −∞ is ranked, not left out; NaN is left out and counted
        ScoreQuality synflow = table.get(key("synflow", "all", Keys.WINDOW_CUMULATIVE));
        assertThat(synflow.getN()).isEqualTo(N);
        assertThat(synflow.getExcluded()).isZero();
        ScoreQuality zico = table.get(key("zico", "all", Keys.WINDOW_CUMULATIVE));
        assertThat(zico.getExcluded()).isEqualTo(2);
        assertThat(table.get(key("az_nas", "all", Keys.WINDOW_CUMULATIVE)).getExcluded())
                .as("the point with a NaN az_expressivity is outside az_nas's pool").isEqualTo(1);
        assertThat(AggregatorMetrics.total(d.driver.metrics(), AggregatorMetrics.NAN_SCORES))
                .as("records with a NaN proxy; a proxy's −∞ is no excluded value").isEqualTo(3);
    }

    @Test
    void aTableOfTheProxiesAloneGivesTheirRecordsAndTheCombinedScoresOfTheirMembers() throws IOException {
        List<Sample> samples = Fixtures.samples(23, Dataset.CIFAR10, 40, 0);
        List<ScoreRecord> records = records(samples, ScoreName.PROXIES.toArray(new ScoreName[0]), new Random(24));
        Map<Integer, Double> accuracy = new TreeMap<>();
        samples.forEach(s -> accuracy.put(s.arch(), s.accuracy()));
        Driver d = new Driver();
        records.forEach(d::score);
        samples.forEach(d::truth);
        Map<String, ScoreQuality> table = d.tick();
        Set<String> names = new LinkedHashSet<>();
        for (ScoreName s : ScoreName.PROXIES) names.add(s.column());
        names.add("az_nas");
        names.add("vote");
        // no paper score, so neither ensemble (LNS, MNJS, WPJS are members) nor ensemble_twelve
        assertThat(table.values().stream().map(q -> q.getScore().toString()).distinct())
                .containsExactlyInAnyOrderElementsOf(names);
        assertMatches(table, evaluate(records, accuracy, dir.resolve("proxies.csv")), Keys.WINDOW_CUMULATIVE, names);
    }

    @Test
    void versionOneBytesStillDecode() {
        // written by the version 1 serde (commit e91747e): JS, SNS = NaN, LNS = −∞, WPJS, WPJSI; runs 0 and 3
        byte[] v1 = HexFormat.of().parseHex("0100066578702d7631000763696661723130000004d20010682f636966617231302f313233342f3000036162630c153fee80"
                + "00000000007ff8000000000000fff00000000000003fe00000000000003fd00000000000004056d000000000004045400000"
                + "0000000000019b76daa8000000000000000007000000020000000000000003");
        Point p = Point.SERDE.deserializer().deserialize("t", v1);
        assertThat(p.experiment()).isEqualTo("exp-v1");
        assertThat(p.dataset()).isEqualTo("cifar10");
        assertThat(p.archIndex()).isEqualTo(1234);
        assertThat(p.scoreKey()).isEqualTo("h/cifar10/1234/0");
        assertThat(p.configHash()).isEqualTo("abc");
        assertThat(p.score(ScoreName.JS)).isEqualTo(0.953125);
        assertThat(p.has(ScoreName.SNS)).isTrue();
        assertThat(p.score(ScoreName.SNS)).isNaN();
        assertThat(p.score(ScoreName.LNS)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(p.score(ScoreName.WPJS)).isEqualTo(0.5);
        assertThat(p.score(ScoreName.WPJSI)).isEqualTo(0.25);
        for (ScoreName s : ScoreName.values()) {
            boolean requested = Set.of(ScoreName.JS, ScoreName.SNS, ScoreName.LNS, ScoreName.WPJS, ScoreName.WPJSI).contains(s);
            assertThat(p.has(s)).as(s.column()).isEqualTo(requested);
        }
        assertThat(p.accuracy()).isEqualTo(91.25);
        assertThat(p.totalMillis()).isEqualTo(42.5);
        assertThat(p.scoredAt()).isEqualTo(1767225600000L);
        assertThat(p.seq()).isEqualTo(7L);
        assertThat(p.runIds()).containsExactly(0, 3);
        // written again, it is version 2 and reads back equal
        byte[] v2 = Point.SERDE.serializer().serialize("t", p);
        assertThat(v2[0]).isEqualTo((byte) 2);
        assertThat(Point.SERDE.deserializer().deserialize("t", v2)).isEqualTo(p);
    }

    @Test
    void versionTwoCarriesEveryScoreNameAndItsMask() {
        double[] s = new double[Point.SCORES];
        java.util.Arrays.fill(s, Double.NaN);
        s[ScoreName.JS.ordinal()] = 0.75;
        s[ScoreName.SYNFLOW.ordinal()] = Double.NEGATIVE_INFINITY;
        s[ScoreName.ZICO.ordinal()] = Double.NaN;
        s[ScoreName.AZ_FLOPS.ordinal()] = 123.5;
        int present = bit(ScoreName.JS) | bit(ScoreName.SYNFLOW) | bit(ScoreName.ZICO) | bit(ScoreName.AZ_FLOPS);
        Point p = new Point("e", "cifar10", 5, "k", "h", s, present, 90, 1, 2, 3, new int[] {1});
        Point back = Point.SERDE.deserializer().deserialize("t", Point.SERDE.serializer().serialize("t", p));
        assertThat(back).isEqualTo(p);
        assertThat(back.score(ScoreName.SYNFLOW)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(back.has(ScoreName.ZICO)).isTrue();
        assertThat(back.score(ScoreName.AZ_FLOPS)).isEqualTo(123.5);
        assertThat(back.has(ScoreName.AZ_TRAINABILITY)).isFalse();
    }

    /**
     * 40 points of the twelve (some NaN, a −∞, records of some scores only) written by the version 1 serde, and the
     * records QualityCalculator computed from them then (resources point-v1/, made with commit e91747e's classes).
     */
    @Test
    void aTableOfTheTwelveGivesTheRecordsItGaveBefore() throws IOException {
        List<Point> points = new ArrayList<>();
        for (String line : resource("point-v1/points.hex").split("\n")) {
            if (!line.isBlank()) points.add(Point.SERDE.deserializer().deserialize("t", HexFormat.of().parseHex(line.trim())));
        }
        assertThat(points).hasSize(40);
        List<String> expected = resource("point-v1/quality.txt").lines().toList();
        List<String> now = QualityCalculator.compute("bench", "cifar10", points, 15, 0L).stream().map(Object::toString).toList();
        assertThat(now).containsExactlyElementsOf(expected);
    }

    // --- fixtures ---

    static int bit(ScoreName s) { return 1 << s.ordinal(); }

    static String key(String score, String subset, String window) {
        return Keys.quality(EXP, "cifar10", score, subset, window);
    }

    /**
     * A score record per sample with the {@code wanted} scores: the twelve of the sample, the proxies loosely
     * following the accuracy (plain signed, l2_norm and az_flops positive), the real parameter count; every 17th
     * architecture is degenerate (−∞ for the single-number proxies and az_trainability), zico is NaN on two and
     * az_expressivity on one.
     */
    static List<ScoreRecord> records(List<Sample> samples, ScoreName[] wanted, Random rnd) {
        List<ScoreRecord> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Map<ScoreName, Double> scores = new EnumMap<>(ScoreName.class);
            for (ScoreName n : wanted) {
                double v;
                if (n.paper()) {
                    v = s.scores()[n.ordinal()];
                } else {
                    double q = s.accuracy() / 100 + 0.4 * rnd.nextGaussian();
                    v = switch (n) {
                        case PLAIN -> q - 0.5;
                        case L2_NORM, AZ_FLOPS -> Math.exp(q) * 100;
                        default -> 10 * q + n.ordinal();
                    };
                    if (i % 17 == 0 && (DEGENERATE_MINUS_INFINITY.contains(n) || n == ScoreName.AZ_TRAINABILITY)) {
                        v = Double.NEGATIVE_INFINITY;
                    }
                    if (n == ScoreName.ZICO && (i == 4 || i == 30)) v = Double.NaN;
                    if (n == ScoreName.AZ_EXPRESSIVITY && i == 10) v = Double.NaN;
                }
                scores.put(n, v);
            }
            Map<Pass, Double> passes = new EnumMap<>(Pass.class);
            passes.put(Pass.CLEAN, s.totalMillis() / 2);
            ScoreResult r = new ScoreResult(SearchSpace.arch(s.arch()), Fixtures.config(s.dataset()), scores, 0.5, 16, 0, 0,
                    false, Cost.params(SearchSpace.arch(s.arch()), s.dataset().classes()), passes, 1.5, s.totalMillis(), "cpu()");
            out.add(Convert.scoreRecord(r, EXP, Keys.jobId(r.config(), s.arch()), s.runIds(), "test-worker", "test",
                    Fixtures.T0.plusMillis(i + 1)));
        }
        return out;
    }

    /**
     * The oracle, {@code evaluate}'s path: the records as the scores CSV {@code score} writes (arch-index order), read
     * as {@code evaluate} reads it, the proxies' −∞ ranked lowest, every applicable combined score; the runs by run id.
     */
    static List<Evaluation.Row> evaluate(List<ScoreRecord> records, Map<Integer, Double> accuracy, Path csv) throws IOException {
        List<ScoreRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(ScoreRecord::getArchIndex));
        StringBuilder text = new StringBuilder(ScoresCsv.header()).append('\n');
        ScoresCsv.Layout layout = ScoresCsv.Layout.current();
        for (ScoreRecord r : sorted) text.append(layout.row(Convert.scoreResult(r))).append('\n');
        Files.writeString(csv, text);
        ScoreTable t = ScoreTable.read(Csv.read(csv), null, false);
        t.rankMinusInfinityLowest(ScoreTable::isProxyColumn);
        int[] indices = t.indices();
        double[] acc = new double[indices.length];
        TreeMap<Integer, List<Integer>> runs = new TreeMap<>();
        for (int i = 0; i < indices.length; i++) {
            acc[i] = accuracy.get(indices[i]);
            for (int run : sorted.get(i).getRunIds()) runs.computeIfAbsent(run, k -> new ArrayList<>()).add(i);
        }
        int[][] rp = runs.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        List<Combination> combined = Combinations.applicable(Combinations.ALL, t.columns()).present();
        return Evaluation.evaluate(indices, t.columns(), combined, acc, rp.length == 0 ? null : rp);
    }

    /** Every row of the oracle that names a score of the table equals its record (the scores CSV's params is no score here). */
    static void assertMatches(Map<String, ScoreQuality> table, List<Evaluation.Row> rows, String window, Set<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        for (Evaluation.Row row : rows) {
            if (!names.contains(row.score())) continue;
            seen.add(row.score());
            QualityMetrics m = row.metrics();
            String what = row.score() + " " + m.subset().id() + " " + window;
            ScoreQuality q = table.get(key(row.score(), m.subset().id(), window));
            assertThat(q).as(what).isNotNull();
            assertThat(q.getN()).as(what + " n").isEqualTo(m.n());
            assertThat(q.getExcluded()).as(what + " excluded").isEqualTo(m.excluded());
            assertClose(what + " monotonicity", q.getMonotonicity(), m.monotonicity());
            assertClose(what + " tau_b", q.getTauB(), m.tauB());
            assertClose(what + " spearman", q.getSpearman(), m.spearman());
            assertClose(what + " slope", q.getSlope(), m.slope());
            assertThat(q.getSlopeSign()).as(what + " slope sign").isEqualTo(m.slopeSign());
            assertClose(what + " r2", q.getR2(), m.r2());
            Evaluation.Row allRow = rows.stream().filter(r -> r.score().equals(row.score())
                    && r.subset() == io.nasscore.core.metrics.Subset.ALL).findFirst().orElseThrow();
            assertThat(q.getRuns()).as(what + " runs").isEqualTo(allRow.runs());
            if (allRow.bestAccuracy() != null) {
                assertClose(what + " best accuracy", q.getBestAccMean(), allRow.bestAccuracy().mean());
                assertClose(what + " best accuracy std", q.getBestAccStd(), allRow.bestAccuracy().std());
                assertClose(what + " best percentile", q.getBestPercentileMean(), allRow.bestPercentile().mean());
            }
        }
        assertThat(seen).as("the oracle rows compared (" + window + ")").containsExactlyInAnyOrderElementsOf(names);
    }

    static void assertClose(String what, Double actual, double expected) {
        assertThat(actual).as(what).isNotNull();
        if (Double.isNaN(expected)) assertThat(actual).as(what).isNaN();
        else assertThat(actual).as(what).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ProxyQualityTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("no test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A driver over the aggregator topology (in-memory stores, window W), with its topics. */
    final class Driver {
        final TopologyTestDriver driver;
        final TestInputTopic<String, ScoreRecord> scores;
        final TestInputTopic<String, io.nasscore.schemas.avro.GroundTruth> truth;
        final TestOutputTopic<String, ScoreQuality> quality;

        Driver() {
            AggregatorConfig config = AggregatorConfig.defaults().withWindowSize(W).withRecomputeInterval(TICK)
                    .withStoreType(Materialized.StoreType.IN_MEMORY);
            driver = new TopologyTestDriver(QualityTopology.build(config), AggregatorConfig.streamsProperties("dummy:9092",
                    config.applicationId(), dir.resolve("state-" + drivers.size()), Map.of()), Fixtures.T0);
            drivers.add(driver);
            scores = driver.createInputTopic(Topics.SCORES.name(), new StringSerializer(), Topics.SCORES.valueSerde().serializer());
            truth = driver.createInputTopic(Topics.GROUND_TRUTH.name(), new StringSerializer(),
                    Topics.GROUND_TRUTH.valueSerde().serializer());
            quality = driver.createOutputTopic(Topics.SCORE_QUALITY.name(), new StringDeserializer(),
                    Topics.SCORE_QUALITY.valueSerde().deserializer());
        }

        void score(ScoreRecord r) { scores.pipeInput(r.getScoreKey(), r); }

        void truth(Sample s) { truth.pipeInput(Keys.groundTruth(s.dataset(), s.arch()), Fixtures.truth(s)); }

        /** Fires the punctuator; the latest record per key. */
        Map<String, ScoreQuality> tick() {
            driver.advanceWallClockTime(TICK);
            return new TreeMap<>(quality.readKeyValuesToMap());
        }
    }
}
