package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.TopicSetup;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.testsupport.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * v_experiment_progress on a real broker and a real PostgreSQL filled by the real sink from nas.jobs, nas.scores and
 * nas.jobs.dlq: each thing an experiment asked for is counted in exactly one state, by hand-counted cases (a job
 * scored, dead-lettered, waiting; a resubmitted job; a --rescore job whose old score does not count; a score
 * re-published without a job; a job the workers could not read; bytes that are no job at all, one with an unreadable
 * time).
 */
class ExperimentProgressTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String EXP = "progress-exp";
    static final Instant SUBMITTED = TestScores.T0.minusSeconds(3600);
    static final Instant RESUBMITTED = TestScores.T0.plusSeconds(86_400);

    static SinkTestStack stack;
    @TempDir static Path dir;
    static final TopicCatalogue topics = TopicCatalogue.withPrefix("progress.");
    static KafkaProducer<String, byte[]> producer;
    static long published;
    static long consumed;

    @BeforeAll
    static void start() throws Exception {
        stack = SinkTestStack.start(dir.resolve("pg"), Map.of());
        TopicSetup.ensure(stack.kafka().clientConfig(), topics);
        Map<String, Object> p = new HashMap<>(stack.kafka().clientConfig());
        // one record at a time, acknowledged: idempotence buys nothing here and can hit KAFKA-15591 on new topics
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) producer.close();
        if (stack != null) stack.close();
    }

    static final ScoreConfig CONFIG = TestScores.config(0);

    static ScoringJob job(int index, boolean rescore, Instant submittedAt) {
        return Convert.scoringJob(new ScoreRequest(SearchSpace.arch(index), CONFIG, EnumSet.of(ScoreName.JS)), EXP,
                rescore, submittedAt, List.of());
    }

    static byte[] bytes(ScoringJob j) { return topics.jobs().valueSerde().serializer().serialize(topics.jobs().name(), j); }

    static void send(String topic, String key, byte[] value, Headers headers) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        published++;
    }

    static void job(ScoringJob j) throws Exception { send(topics.jobs().name(), j.getJobId(), bytes(j), null); }

    static void score(int index, Instant scoredAt) throws Exception {
        ScoreRecord r = TestScores.record(CONFIG, index, EXP, EnumSet.of(ScoreName.JS), false, "cpu()", scoredAt);
        send(topics.scores().name(), r.getScoreKey(), topics.scores().valueSerde().serializer().serialize(topics.scores().name(), r), null);
    }

    static void deadLetter(String key, byte[] value, String reason) throws Exception {
        send(topics.jobsDlq().name(), key, value, DlqHeaders.of(reason, "what went wrong", "score", topics.jobs().name(), 0, 5,
                TestScores.T0, "w1", null));
    }

    /** Runs the sink over every topic until it has consumed the records published since its last run (then no more). */
    static PostgresSink.Counts sink(String group) {
        long expected = published - consumed;
        SinkConfig cfg = SinkConfig.of(topics).withGroupId(group).withPollTimeout(Duration.ofMillis(200));
        try (PostgresSink sink = new PostgresSink(stack.kafka().clientConfig(), stack.ds(), cfg)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            sink.runUntil(() -> sink.counts().records() >= expected || System.nanoTime() > deadline);
            assertThat(sink.pollOnce()).as("nothing beyond what was published").isZero();
            assertThat(sink.counts().records()).isEqualTo(expected);
            consumed = published;
            return sink.counts();
        }
    }

    static Map<String, Object> progress() throws Exception {
        try (Connection c = stack.ds().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT requested, scored, dead_lettered, waiting, percent_scored, "
                     + "scored_last_10_min, extract(epoch FROM eta)::bigint AS eta_s FROM v_experiment_progress WHERE experiment = '" + EXP + "'")) {
            assertThat(rs.next()).as("a row for " + EXP).isTrue();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.put(rs.getMetaData().getColumnLabel(i), v == null ? null : v.toString());
            }
            assertThat(rs.next()).isFalse();
            return row;
        }
    }

    static long count(String sql) throws Exception {
        try (Connection c = stack.ds().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyRequestIsInExactlyOneState() throws Exception {
        for (int index = 10; index <= 14; index++) job(job(index, false, SUBMITTED));
        job(job(10, false, RESUBMITTED));                          // a resubmission: the same job, once
        job(job(15, true, RESUBMITTED));                           // --rescore, after its old score below
        send(topics.jobs().name(), "poison", new byte[] {1, 2, 3}, null);
        for (int index : new int[] {10, 11, 12}) score(index, TestScores.T0);
        score(15, TestScores.T0);                                  // the old score: before the rescore job
        score(20, TestScores.T0);                                  // re-published by submit: no job
        deadLetter(job(13, false, SUBMITTED).getJobId(), bytes(job(13, false, SUBMITTED)), "scoring-failed");
        ScoringJob invalid = job(16, false, SUBMITTED);
        invalid.setArch("|not~0|+|an~0|arch~1|");                  // only the dead-letter topic holds it
        deadLetter(invalid.getJobId(), bytes(invalid), "invalid-content");
        deadLetter("jgarbage", new byte[] {9, 9}, "not-single-object");
        RecordHeaders badTime = new RecordHeaders();
        badTime.add(DlqHeaders.REASON, "corrupt-body".getBytes(StandardCharsets.UTF_8));
        badTime.add(DlqHeaders.AT, "yesterday".getBytes(StandardCharsets.UTF_8));
        send(topics.jobsDlq().name(), "jbadtime", new byte[] {7}, badTime);

        PostgresSink.Counts first = sink("progress-sink");
        assertThat(first.badRecords()).as("the poison on nas.jobs").isEqualTo(1);
        assertThat(first.deadLetters()).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM experiment_jobs")).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM experiment_jobs WHERE arch_index = 10 AND submitted_at = '" + RESUBMITTED + "'"))
                .as("the latest submission counts").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM job_dead_letters WHERE experiment IS NULL AND job_id = 'jgarbage' "
                + "AND reason = 'not-single-object' AND stage = 'score' AND worker = 'w1'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM job_dead_letters WHERE job_id = 'jbadtime' AND reason = 'corrupt-body' "
                + "AND dead_lettered_at > now() - interval '1 hour'")).as("an unreadable time: the record's own").isEqualTo(1);
        // requested: 6 jobs + arch 20's score + the invalid job = 8; scored 10, 11, 12, 20; dead-lettered 13 and the
        // invalid one; waiting 14 and 15 (its score predates the rescore); 5 scores written just now -> 2 * 600 / 5 s
        assertThat(progress()).containsExactlyEntriesOf(row(8, 4, 2, 2, "50.0", 5, "240"));

        score(15, RESUBMITTED.plusSeconds(60));
        score(14, TestScores.T0);
        sink("progress-sink");
        assertThat(progress()).containsExactlyEntriesOf(row(8, 6, 2, 0, "75.0", 6, "0"));
    }

    static Map<String, Object> row(long requested, long scored, long dead, long waiting, String percent, long recent, String eta) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", Long.toString(requested));
        m.put("scored", Long.toString(scored));
        m.put("dead_lettered", Long.toString(dead));
        m.put("waiting", Long.toString(waiting));
        m.put("percent_scored", percent);
        m.put("scored_last_10_min", Long.toString(recent));
        m.put("eta_s", eta);
        return m;
    }
}
