package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.ScoreTableLookup;
import io.nasscore.schemas.TopicSetup;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.sink.SinkConfig;
import io.nasscore.producer.Submission;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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

    /** Which architectures (exactly one of --sample, --index, --archs, --all). */
    @Mixin ArchSelection which;

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
        JobSet set = which.jobSet();
        String name = experiment == null ? JobPublisher.defaultExperiment(set, config) : experiment.trim();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        which.reportBadLines(set, "submit", err);

        TopicCatalogue topics = topicOptions.catalogue(conn);
        Submission s;
        try (EmbeddedStack stack = conn.startMissing(true, false)) {
            Map<String, Object> kafka = conn.kafkaConfig();
            TopicSetup.ensure(kafka, topics);
            // with a known PostgreSQL (flags or a running stack), look up the submitted keys in the sink's tables
            // instead of reading all of nas.scores; never start a database just for that
            try (HikariDataSource db = conn.needsEmbeddedPostgres() ? null : conn.dataSource();
                 JobPublisher publisher = new JobPublisher(kafka, db == null ? null : new ScoreTableLookup(db, SinkConfig.of(topics)), topics)) {
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
            out.printf(Locale.ROOT, "skipped %d bad line(s) of %s (listed on stderr)%n", set.badLines().size(), which.archs);
        }
        out.flush();
        return 0;
    }
}
