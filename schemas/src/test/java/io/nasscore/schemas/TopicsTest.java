package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void theCatalogueMatchesThePipelineSpec() {
        assertThat(Topics.all()).extracting(Topic::name)
                .containsExactly("nas.jobs", "nas.scores", "nas.ground-truth", "nas.score-quality", "nas.jobs.dlq",
                        "nas.aggregator.dlq");
        assertThat(Topics.all()).extracting(Topic::cleanupPolicy)
                .containsExactly("delete", "compact,delete", "compact", "compact", "delete", "delete");
        assertThat(Topics.JOBS.partitions()).isEqualTo(6);
        for (Topic<?> t : Topics.all()) {
            assertThat(t.keySerde().serializer()).isInstanceOf(StringSerializer.class);
            assertThat(t.configs()).containsEntry("cleanup.policy", t.cleanupPolicy());
            assertThat(Topics.byName(t.name())).isSameAs(t);
        }
        assertThat(Topics.JOBS.valueSerde()).isInstanceOf(AvroSerde.class);
        assertThat(((AvroSerde<?>) Topics.SCORES.valueSerde()).schema().getName()).isEqualTo("ScoreRecord");
        assertThat(((AvroSerde<?>) Topics.SCORE_QUALITY.valueSerde()).schema().getName()).isEqualTo("ScoreQuality");
        assertThatThrownBy(() -> Topics.byName("nas.nope")).hasMessageContaining("unknown topic 'nas.nope'");
    }

    @Test
    void aPrefixNamesEveryTopicAndIdOfThePipeline() {
        TopicCatalogue a = Topics.withPrefix("team-a.");
        assertThat(a.all()).extracting(Topic::name).containsExactly("team-a.nas.jobs", "team-a.nas.scores",
                "team-a.nas.ground-truth", "team-a.nas.score-quality", "team-a.nas.jobs.dlq", "team-a.nas.aggregator.dlq");
        assertThat(a.all()).extracting(Topic::cleanupPolicy)
                .containsExactlyElementsOf(Topics.all().stream().map(Topic::cleanupPolicy).toList());
        assertThat(a.qualify("nasscore-workers")).isEqualTo("team-a.nasscore-workers");
        assertThat(a.byName("team-a.nas.scores")).isSameAs(a.scores());
        assertThat(a.nameOf("nas.ground-truth", Topics.DEFAULT)).isEqualTo("team-a.nas.ground-truth");
        assertThatThrownBy(() -> a.byName("nas.scores")).hasMessageContaining("unknown topic 'nas.scores'");
        assertThat(Topics.withPrefix("")).isSameAs(Topics.DEFAULT);
        assertThat(Topics.DEFAULT.jobs()).isSameAs(Topics.JOBS);
        assertThatThrownBy(() -> Topics.withPrefix("team a/"))
                .hasMessage("topic prefix 'team a/': only letters, digits, '.', '_' and '-' are allowed");
    }

    @Test
    void newTopicsCarryPartitionsReplicationAndConfig() {
        NewTopic dev = Topics.SCORES.newTopic((short) 1);
        assertThat(dev.name()).isEqualTo("nas.scores");
        assertThat(dev.numPartitions()).isEqualTo(6);
        assertThat(dev.replicationFactor()).isEqualTo((short) 1);
        assertThat(dev.configs()).containsEntry("cleanup.policy", "compact,delete").doesNotContainKey("min.insync.replicas");
        NewTopic prod = Topics.JOBS.newTopic(12, (short) 3);
        assertThat(prod.numPartitions()).isEqualTo(12);
        assertThat(prod.configs()).containsEntry("min.insync.replicas", "2").containsEntry("retention.ms", "604800000");
        assertThatThrownBy(() -> Topics.JOBS.newTopic((short) 0)).hasMessageContaining("replication factor must be >= 1");
    }

    @Test
    void dlqHeadersCarryTheReason() {
        BadRecordException e = new BadRecordException("nas.jobs", BadRecordException.Reason.UNKNOWN_SCHEMA, "boom");
        Headers h = DlqHeaders.of(e, 3, 42L, Instant.parse("2025-01-01T00:00:00Z"), "w1");
        assertThat(DlqHeaders.get(h, DlqHeaders.REASON)).isEqualTo("unknown-schema");
        assertThat(DlqHeaders.get(h, DlqHeaders.STAGE)).isEqualTo("deserialize");
        assertThat(DlqHeaders.get(h, DlqHeaders.SOURCE_TOPIC)).isEqualTo("nas.jobs");
        assertThat(DlqHeaders.get(h, DlqHeaders.PARTITION)).isEqualTo("3");
        assertThat(DlqHeaders.get(h, DlqHeaders.OFFSET)).isEqualTo("42");
        assertThat(DlqHeaders.get(h, DlqHeaders.AT)).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(DlqHeaders.get(h, DlqHeaders.MESSAGE)).isEqualTo("topic nas.jobs: boom");
        assertThat(DlqHeaders.get(h, DlqHeaders.EXCEPTION)).isEqualTo(BadRecordException.class.getName());
        assertThat(DlqHeaders.get(h, "absent")).isNull();
    }
}
