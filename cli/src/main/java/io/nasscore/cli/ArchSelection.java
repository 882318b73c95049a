package io.nasscore.cli;

import io.nasscore.core.space.SearchSpace;
import io.nasscore.producer.JobSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which architectures a command works on, the same for every command that selects them (score, submit): exactly
 * one of {@code --sample N [--runs R --seed S]}, {@code --index I[,I...]}, {@code --archs FILE} or {@code --all},
 * read into a {@link JobSet} (the one reader of architecture files: BOM, comments, bad and repeated lines).
 * Checked by hand rather than by a picocli exclusive group so that every command gives the same one-line messages.
 */
final class ArchSelection {

    @Option(names = "--sample", paramLabel = "N", description = "N architectures drawn at random per run")
    Integer sample;

    @Option(names = "--runs", paramLabel = "R", description = "with --sample: R runs of N (an architecture drawn in several runs is taken once; default: 1; the paper: 5 x 1000)")
    Integer runs;

    @Option(names = "--seed", paramLabel = "S", description = "with --sample: the sampling seed (default: 0)")
    Long seed;

    @Option(names = "--index", split = ",", paramLabel = "I", description = "these NB201 indices (0..15624) or arch strings, comma-separated: 1,2,3")
    List<String> indices;

    @Option(names = "--archs", paramLabel = "FILE",
            description = "a file with one NB201 index or arch string per line ('#' comments; bad lines are reported and skipped)")
    Path archs;

    @Option(names = "--all", description = "the whole space: 15,625 architectures")
    boolean all;

    /** The selected architectures; an IllegalArgumentException (exit 2) naming the option for bad input. */
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
        if (indices != null) {
            List<Integer> resolved = new ArrayList<>();
            for (String s : indices) {
                try {
                    resolved.add(SearchSpace.resolve(s.strip()).index());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--index '" + s + "': " + e.getMessage());
                }
            }
            return JobSet.indices(resolved);
        }
        if (archs != null) return JobSet.fromFile(archs);
        return JobSet.all();
    }

    /** Reports the skipped lines of an architecture file on {@code err}, one line each, prefixed with the command. */
    void reportBadLines(JobSet set, String command, PrintWriter err) {
        for (JobSet.BadLine b : set.badLines()) err.println("nasscore " + command + ": " + archs + ", skipped " + b);
        if (!set.badLines().isEmpty()) err.flush();
    }
}
