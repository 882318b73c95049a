package io.nasscore.aggregator;

import io.nasscore.aggregator.Fixtures.Sample;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreName;
import io.nasscore.schemas.avro.ScoreQuality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Test-side access to the package-private table processor, for the benchmark (io.nasscore.aggregator.bench). */
public final class BenchSupport {
    private BenchSupport() {}

    /** {@code n} points of one (experiment, dataset) table, accuracy known, each in some of {@code runs} runs. */
    public static List<Point> points(long seed, int n, int runs) {
        return points(seed, n, runs, false);
    }

    /**
     * The same, with the proxies too when {@code proxies}: each loosely following the accuracy, 2 % of the
     * architectures degenerate (−∞ for the single-number proxies, as the 341 of NB201's 15,625 are).
     */
    public static List<Point> points(long seed, int n, int runs, boolean proxies) {
        List<Point> out = new ArrayList<>(n);
        Random rnd = new Random(seed + 1);
        for (Sample s : Fixtures.samples(seed, Dataset.CIFAR10, n, runs)) {
            Point p = ScoreIntake.toPoint(Fixtures.score("bench", s, Fixtures.T0.plusMillis(s.arch()))).withAccuracy(s.accuracy());
            out.add(proxies ? withProxies(p, rnd) : p);
        }
        return out;
    }

    private static Point withProxies(Point p, Random rnd) {
        double[] scores = p.scores().clone();
        int present = p.present();
        boolean degenerate = rnd.nextInt(50) == 0;
        for (ScoreName s : ScoreName.PROXIES) {
            double q = p.accuracy() / 100 + 0.4 * rnd.nextGaussian();
            boolean single = !ScoreName.AZ.contains(s) && s != ScoreName.L2_NORM
                    && s != ScoreName.PLAIN;
            scores[s.ordinal()] = degenerate && single ? Double.NEGATIVE_INFINITY : 10 * q + s.ordinal();
            present |= 1 << s.ordinal();
        }
        return new Point(p.experiment(), p.dataset(), p.archIndex(), p.scoreKey(), p.configHash(), scores, present,
                p.accuracy(), p.totalMillis(), p.scoredAt(), p.seq(), p.runIds());
    }

    /**
     * The real {@link QualityTables} processor on real stores (RocksDB or in memory; changelogs off: no broker),
     * driven through a MockProcessorContext: points go in with {@link #add}, {@link #recompute} fires its punctuator.
     */
    public static final class Table implements AutoCloseable {
        private final MockProcessorContext<String, ScoreQuality> ctx;
        private final QualityTables processor;
        private final List<KeyValueStore<?, ?>> stores = new ArrayList<>();

        public Table(Materialized.StoreType type, Path stateDir, int windowSize) {
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            ctx = new MockProcessorContext<>(p, new TaskId(0, 0), stateDir.toFile());
            add(type, QualityTopology.POINTS_STORE, Point.SERDE);
            add(type, QualityTopology.SEQUENCE_STORE, Serdes.Long());
            add(type, QualityTopology.DIRTY_STORE, Serdes.Long());
            processor = new QualityTables(AggregatorConfig.defaults().withWindowSize(windowSize).withStoreType(type));
            processor.init(ctx);
        }

        private <V> void add(Materialized.StoreType type, String name, org.apache.kafka.common.serialization.Serde<V> serde) {
            KeyValueBytesStoreSupplier supplier = type == Materialized.StoreType.IN_MEMORY
                    ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
            KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(supplier, Serdes.String(), serde)
                    .withLoggingDisabled().build();
            store.init(ctx.getStateStoreContext(), store);
            ctx.addStateStore(store);
            stores.add(store);
        }

        public void add(Point p) {
            processor.process(new Record<>(p.experiment() + "/" + p.dataset(), p, 0L));
        }

        /** Fires the punctuator: recomputes the dirty tables; returns the records emitted. */
        public int recompute(long now) {
            ctx.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
            int n = ctx.forwarded().size();
            ctx.resetForwards();
            return n;
        }

        @Override public void close() {
            processor.close();
            stores.forEach(KeyValueStore::close);
        }
    }
}
