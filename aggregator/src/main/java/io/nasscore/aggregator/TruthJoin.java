package io.nasscore.aggregator;

import io.nasscore.schemas.Keys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The score / ground-truth join, partitioned by {@code dataset/archIndex}. Keeps the latest accuracy of every
 * arch ({@link QualityTopology#TRUTH_STORE}) and the latest point of every (dataset, arch, experiment)
 * ({@link QualityTopology#SCORES_BY_ARCH_STORE}, key {@code dataset/archIndex/experiment}), so that either side
 * may arrive first. Emits points with their accuracy, keyed {@code experiment/dataset}; a point with a NaN
 * accuracy tells the table to drop it (the truth was retracted).
 */
final class TruthJoin implements Processor<String, ArchEvent, String, Point> {
    private static final StringSerializer KEYS = new StringSerializer();

    private ProcessorContext<String, Point> ctx;
    private KeyValueStore<String, Double> truth;
    private KeyValueStore<String, Point> scores;

    @Override public void init(ProcessorContext<String, Point> context) {
        ctx = context;
        truth = context.getStateStore(QualityTopology.TRUTH_STORE);
        scores = context.getStateStore(QualityTopology.SCORES_BY_ARCH_STORE);
    }

    @Override public void process(Record<String, ArchEvent> r) {
        String arch = r.key();
        ArchEvent e = r.value();
        if (arch == null || e == null) return;
        if (e.isPoint()) {
            Point p = e.point();
            String k = arch + Keys.SEPARATOR + p.experiment();
            Point old = scores.get(k);
            if (p.sameContent(old)) return; // a redelivery: nothing changes
            scores.put(k, p);
            Double a = truth.get(arch);
            if (a != null) emit(r, p.withAccuracy(a));
            return;
        }
        double a = e.accuracy();
        Double old = truth.get(arch);
        if (Double.isNaN(a)) {
            if (old == null) return;
            truth.delete(arch);
        } else {
            if (old != null && Double.compare(old, a) == 0) return;
            truth.put(arch, a);
        }
        List<Point> waiting = new ArrayList<>();
        try (KeyValueIterator<String, Point> it = scores.prefixScan(arch + Keys.SEPARATOR, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, Point> kv = it.next();
                waiting.add(kv.value);
            }
        }
        for (Point p : waiting) emit(r, p.withAccuracy(a));
    }

    private void emit(Record<String, ArchEvent> r, Point p) {
        ctx.forward(new Record<>(p.experiment() + Keys.SEPARATOR + p.dataset(), p, r.timestamp(), r.headers()));
    }
}
