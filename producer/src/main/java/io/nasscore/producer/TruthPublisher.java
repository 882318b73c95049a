package io.nasscore.producer;

import io.nasscore.core.Dataset;
import io.nasscore.core.truth.GroundTruth;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topic;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes trained accuracies to the compacted {@code nas.ground-truth} topic, key {@link Keys#groundTruth}
 * ({@code dataset/archIndex}; the latest value wins), with an idempotent producer. Every record is built and
 * validated before the first one is sent, so a bad table publishes nothing.
 */
public final class TruthPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TruthPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Topic<io.nasscore.schemas.avro.GroundTruth> topic;

    public TruthPublisher(Map<String, Object> kafkaConfig) {
        this(kafkaConfig, Topics.DEFAULT);
    }

    /** A publisher to the ground-truth topic of {@code topics}. */
    public TruthPublisher(Map<String, Object> kafkaConfig, TopicCatalogue topics) {
        this.topic = topics.groundTruth();
        this.producer = new KafkaProducer<>(JobPublisher.producerConfig(kafkaConfig, "nasscore-truth-publisher"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The shipped NB201 test accuracies of a dataset ({@link GroundTruth#shipped(Dataset)}). */
    public int publishShipped(Dataset dataset) {
        return publish(dataset, GroundTruth.shipped(dataset));
    }

    /** Column {@code column} of a CSV with an index and/or arch column ({@link GroundTruth#fromCsv}). */
    public int publishCsv(Dataset dataset, Path csv, String column) {
        return publish(dataset, GroundTruth.fromCsv(csv, column));
    }

    /**
     * Every known accuracy of a table, as {@code GroundTruth} records of {@code dataset}; the metric is the
     * table's column, the source its file. Returns the number of records published.
     *
     * @throws IllegalArgumentException when an accuracy is not a percentage in [0, 100] (nothing is published)
     * @throws KafkaException when a record cannot be published
     */
    public int publish(Dataset dataset, GroundTruth truth) {
        String source = sourceName(truth.source());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(truth.size());
        for (int index : truth.indices()) {
            io.nasscore.schemas.avro.GroundTruth g;
            try {
                g = Convert.groundTruth(dataset, index, truth.accuracy(index), truth.column(), source);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(truth.source() + ", column " + truth.column() + ": " + e.getMessage(), e);
            }
            records.add(new ProducerRecord<>(topic.name(), Keys.groundTruth(dataset, index),
                    topic.valueSerde().serializer().serialize(topic.name(), g)));
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (ProducerRecord<String, byte[]> r : records) {
            if (failure.get() != null) break;
            producer.send(r, (md, ex) -> {
                if (ex != null) failure.compareAndSet(null, ex);
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new KafkaException("cannot publish the ground truth of " + dataset.id() + " from " + truth.source()
                    + ": " + failure.get().getMessage(), failure.get());
        }
        log.info("{} accuracies of {} ({} from {}) published to {}", records.size(), dataset.id(), truth.column(),
                source, topic.name());
        return records.size();
    }

    /** The shipped table is named by what it is, other files by their file name. */
    private static String sourceName(String source) {
        if (source.equals("classpath:" + GroundTruth.SHIPPED_RESOURCE)) return "NAS-Bench-201 (nasscore-data accuracy.csv)";
        try {
            Path p = Path.of(source).getFileName();
            return p == null ? source : p.toString();
        } catch (RuntimeException e) {
            return source;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
