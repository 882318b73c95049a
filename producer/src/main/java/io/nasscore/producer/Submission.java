package io.nasscore.producer;

import java.time.Duration;
import java.util.List;

/**
 * What a submission did.
 *
 * @param experiment  the experiment name the jobs and re-published scores carry
 * @param configHash  the configuration's hash (first part of every score key)
 * @param requested   distinct architectures asked for
 * @param published   jobs published to nas.jobs (to be scored)
 * @param republished architectures already scored under the same configuration, with every requested score: their
 *                    existing ScoreRecord was re-published to nas.scores with this experiment's name and run ids, without scoring
 * @param badLines    lines of an architecture file that were skipped
 * @param took        wall time of the whole submission (reading nas.scores included)
 */
public record Submission(String experiment, String configHash, int requested, int published, int republished,
        List<JobSet.BadLine> badLines, Duration took) {

    public Submission {
        badLines = List.copyOf(badLines);
    }
}
