package io.nasscore.sink;

import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the PostgreSQL sink.
 *
 * @param groupId        Kafka consumer group (also the key of its rows in {@code sink_offsets}); default {@value #DEFAULT_GROUP}
 * @param topics         topics to persist; default nas.scores, nas.ground-truth, nas.score-quality, nas.jobs and
 *                       nas.jobs.dlq (what each experiment asked for: v_experiment_progress)
 * @param pollTimeout    how long one poll waits for records (default 500 ms)
 * @param maxPollRecords records per poll, hence per database transaction (default 2000)
 * @param retryBackoff   wait after a failed database transaction before re-reading from the stored offsets (default 1 s)
 * @param history        also append every score-quality record to {@code score_quality_history} (default true)
 * @param socketTimeout  how long one database call may wait for PostgreSQL's answer before it fails and the sink
 *                       re-reads its stored offsets (JDBC network timeout; default 30 s): a stalled server must not
 *                       block the sink silently. The sink's transactions take milliseconds, so 30 s is no real limit
 * @param noticeInterval while PostgreSQL is unreachable, how often the sink says it is waiting (default 30 s)
 * @param catalogue      the catalogue {@code topics} belong to (default {@link Topics#DEFAULT}); with a prefix, give
 *                       the group the same prefix ({@link TopicCatalogue#qualify})
 */
public record SinkConfig(String groupId, List<String> topics, Duration pollTimeout, int maxPollRecords,
                         Duration retryBackoff, boolean history, Duration socketTimeout, Duration noticeInterval,
                         TopicCatalogue catalogue) {

    public static final String DEFAULT_GROUP = "nasscore-sink";

    public SinkConfig {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) throw new IllegalArgumentException("sink group id must not be blank");
        Objects.requireNonNull(catalogue, "catalogue");
        topics = List.copyOf(topics);
        for (String t : topics) catalogue.byName(t); // names the valid ones when unknown
        if (topics.isEmpty()) throw new IllegalArgumentException("the sink needs at least one topic");
        if (maxPollRecords < 1) throw new IllegalArgumentException("max poll records must be >= 1, got " + maxPollRecords);
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        if (socketTimeout.toMillis() < 1) throw new IllegalArgumentException("socket timeout must be >= 1 ms, got " + socketTimeout);
        Objects.requireNonNull(noticeInterval, "noticeInterval");
    }

    public static SinkConfig defaults() {
        return new SinkConfig(DEFAULT_GROUP,
                List.of(Topics.SCORES.name(), Topics.GROUND_TRUTH.name(), Topics.SCORE_QUALITY.name(), Topics.JOBS.name(),
                        Topics.JOBS_DLQ.name()),
                Duration.ofMillis(500), 2000, Duration.ofSeconds(1), true, Duration.ofSeconds(30), Duration.ofSeconds(30), Topics.DEFAULT);
    }

    /** The sink of the pipeline of {@code topics}: its topics, and its group in the same namespace. */
    public static SinkConfig of(TopicCatalogue topics) {
        return defaults().withCatalogue(topics).withGroupId(topics.qualify(DEFAULT_GROUP));
    }

    public SinkConfig withGroupId(String g) { return new SinkConfig(g, topics, pollTimeout, maxPollRecords, retryBackoff, history, socketTimeout, noticeInterval, catalogue); }

    public SinkConfig withTopics(List<String> t) { return new SinkConfig(groupId, t, pollTimeout, maxPollRecords, retryBackoff, history, socketTimeout, noticeInterval, catalogue); }

    /** The same topics in catalogue {@code c} (same kinds, its prefix). */
    public SinkConfig withCatalogue(TopicCatalogue c) {
        return new SinkConfig(groupId, topics.stream().map(t -> c.nameOf(t, catalogue)).toList(), pollTimeout, maxPollRecords,
                retryBackoff, history, socketTimeout, noticeInterval, c);
    }

    public SinkConfig withPollTimeout(Duration d) { return new SinkConfig(groupId, topics, d, maxPollRecords, retryBackoff, history, socketTimeout, noticeInterval, catalogue); }

    public SinkConfig withMaxPollRecords(int n) { return new SinkConfig(groupId, topics, pollTimeout, n, retryBackoff, history, socketTimeout, noticeInterval, catalogue); }

    public SinkConfig withRetryBackoff(Duration d) { return new SinkConfig(groupId, topics, pollTimeout, maxPollRecords, d, history, socketTimeout, noticeInterval, catalogue); }

    public SinkConfig withHistory(boolean h) { return new SinkConfig(groupId, topics, pollTimeout, maxPollRecords, retryBackoff, h, socketTimeout, noticeInterval, catalogue); }

    public SinkConfig withSocketTimeout(Duration d) {
        return new SinkConfig(groupId, topics, pollTimeout, maxPollRecords, retryBackoff, history, d, noticeInterval, catalogue);
    }

    public SinkConfig withNoticeInterval(Duration d) {
        return new SinkConfig(groupId, topics, pollTimeout, maxPollRecords, retryBackoff, history, socketTimeout, d, catalogue);
    }
}
