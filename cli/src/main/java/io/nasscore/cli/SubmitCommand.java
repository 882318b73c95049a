package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.aggregator.sink.ScoreTableLookup;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.aggregator.sink.SinkConfig;
import io.nasscore.producer.Submission;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "submit",
        description = {"Publish scoring jobs to nas.jobs: a random sample (R runs of N), explicit indices, a file of "
                + "architectures, or the whole space, under one scoring configuration (scores.md section 1).",
            "Architectures already scored under the same configuration are not scored again: their existing score is "
                + "re-published to nas.scores for this experiment (--rescore scores them again)."})
final class SubmitCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;
    @Mixin TopicOptions topicOptions;

    // ---------------------------------------------------------------- which architectures (exactly one)

    @Option(names = "--sample", paramLabel = "N", description = "N architectures drawn at random per run")
    Integer sample;

    @Option(names = "--runs", paramLabel = "R", description = "with --sample: R runs of N (an architecture drawn in several runs is one job; default: 1)")
    Integer runs;

    @Option(names = "--seed", paramLabel = "S", description = "with --sample: the sampling seed (default: 0)")
    Long seed;

    @Option(names = "--index", split = ",", paramLabel = "I[,I...]", description = "these NB201 indices (0..15624)")
    List<Integer> indices;

    @Option(names = "--archs", paramLabel = "FILE",
            description = "a file with one NB201 index or arch string per line ('#' comments; bad lines are reported and skipped)")
    Path archs;

    @Option(names = "--all", description = "the whole space: 15,625 architectures")
    boolean all;

    // ---------------------------------------------------------------- the experiment and its configuration

    @Option(names = "--experiment", paramLabel = "NAME",
            description = "experiment name, without '/' (default: derived from the options, e.g. sample1000x10-seed0-cifar10-<config hash>)")
    String experiment;

    @Mixin ScoringOptions scoring;

    @Option(names = "--rescore", description = "score every architecture again, even those already scored under this configuration")
    boolean rescore;

    @Override
    public Integer call() {
        ScoreConfig config = scoring.config();
        Set<ScoreName> names = scoring.scores();
        JobSet set = jobSet();
        String name = experiment == null ? JobPublisher.defaultExperiment(set, config) : experiment.trim();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (JobSet.BadLine b : set.badLines()) err.println("nasscore submit: " + archs + ", skipped " + b);
        if (!set.badLines().isEmpty()) err.flush();

        TopicCatalogue topics = topicOptions.catalogue(conn);
        Submission s;
        try (EmbeddedStack stack = conn.startMissing(true, false)) {
            Map<String, Object> kafka = conn.kafkaConfig();
            ensureTopics(kafka, topics);
            // with a known PostgreSQL (flags or a running stack), look up the submitted keys in the sink's tables
            // instead of reading all of nas.scores; never start a database just for that
            try (HikariDataSource db = conn.needsEmbeddedPostgres() ? null : conn.dataSource();
                 JobPublisher publisher = new JobPublisher(kafka, db == null ? null : new ScoreTableLookup(db, sinkConfig(topics)), topics)) {
                s = publisher.submit(set, config, names, name, rescore);
            }
        }
        out.printf(Locale.ROOT, "experiment %s: %,d architecture(s), config %s (%s)%n", s.experiment(), s.requested(),
                s.configHash(), config.canonical());
        out.printf(Locale.ROOT, "published %,d job(s) to %s%n", s.published(), topics.jobs().name());
        if (rescore) {
            out.println("--rescore: every architecture is scored again");
        } else {
            out.printf(Locale.ROOT, "%,d already scored under this configuration: their scores re-published to %s for this "
                    + "experiment, not scored again%n", s.republished(), topics.scores().name());
        }
        if (!set.badLines().isEmpty()) {
            out.printf(Locale.ROOT, "skipped %d bad line(s) of %s (listed on stderr)%n", set.badLines().size(), archs);
        }
        out.flush();
        return 0;
    }

    /** The sink of the pipeline of {@code topics}: its topics, and its group in the same namespace. */
    static SinkConfig sinkConfig(TopicCatalogue topics) {
        return SinkConfig.defaults().withCatalogue(topics).withGroupId(topics.qualify(SinkConfig.DEFAULT_GROUP));
    }

    /** Exactly one of --sample, --index, --archs, --all. */
    JobSet jobSet() {
        List<String> given = new ArrayList<>();
        if (sample != null) given.add("--sample");
        if (indices != null) given.add("--index");
        if (archs != null) given.add("--archs");
        if (all) given.add("--all");
        if (given.isEmpty()) {
            throw new IllegalArgumentException("which architectures? give one of --sample N [--runs R --seed S], "
                    + "--index I[,I...], --archs FILE or --all");
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException("give only one of --sample, --index, --archs, --all (got " + String.join(", ", given) + ")");
        }
        if (sample == null && (runs != null || seed != null)) {
            throw new IllegalArgumentException("--runs and --seed go with --sample (use --score-seed for the scoring seed)");
        }
        if (sample != null) {
            OptionChecks.sample("--sample", sample);
            if (runs != null) OptionChecks.atLeast("--runs", runs, 1);
            return JobSet.sample(sample, runs == null ? 1 : runs, seed == null ? 0 : seed);
        }
        if (indices != null) return JobSet.indices(indices);
        if (archs != null) return JobSet.fromFile(archs);
        return JobSet.all();
    }

    /**
     * Creates the pipeline's topics when missing, with a replication factor of min(3, brokers): 1 on the embedded
     * single-node stack, 3 on a real cluster. Existing topics are left as they are.
     */
    static void ensureTopics(Map<String, Object> kafka, TopicCatalogue topics) {
        try (Admin admin = Admin.create(kafka)) {
            int brokers;
            try {
                brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to Kafka at " + kafka.get("bootstrap.servers"));
            } catch (Exception e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                throw new IllegalStateException("cannot reach Kafka at " + kafka.get("bootstrap.servers") + ": "
                        + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()));
            }
            topics.createAll(admin, Topics.defaultReplicationFactor(brokers), Duration.ofSeconds(60));
        }
    }
}
