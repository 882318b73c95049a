package io.nasscore.cli;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.score.Similarity;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.table.ScoresCsv;
import io.nasscore.core.truth.Csv;
import io.nasscore.producer.JobSet;
import io.nasscore.scorer.JacobianScorer;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.scorer.Scorer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", description = {
        "Score architectures offline (no Kafka) and append one CSV row per architecture as it goes.",
        "An interrupted run loses no finished row; --resume skips the rows already in the file."})
final class ScoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    /** Which architectures (exactly one of --sample, --index, --archs, --all): the same group as submit's. */
    @Mixin ArchSelection which;

    @Mixin ScoringOptions scoring;

    @Option(names = "--calibration", paramLabel = "FILE.csv",
            description = "with --normalisation minmax: a scores CSV whose js_raw column gives the min and max")
    Path calibration;


    @Option(names = "--device", defaultValue = "auto", description = "auto (GPU if present), cpu, gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--scorer", defaultValue = "djl", description = "djl, or noop (a benchmark tool: no network, dummy scores)")
    String scorer;

    @Option(names = "--out", defaultValue = "scores.csv", description = "output CSV (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--resume", description = "append to --out, skipping the architectures already in it")
    boolean resume;

    @Option(names = "--force", description = "overwrite an existing --out")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        ScoreConfig config = scoring.config();
        Set<ScoreName> wanted = scoring.scores();
        Similarity.Scale minmax = calibration == null ? null : calibrationScale(calibration);
        if (config.normalisation() == ScoreConfig.Normalisation.MINMAX && minmax == null) {
            throw new IllegalArgumentException("--normalisation minmax needs --calibration FILE.csv (a scores CSV with js_raw)");
        }

        JobSet set = which.jobSet();
        which.reportBadLines(set, "score", err);
        int badLines = set.badLines().size();
        List<Arch> archs = new ArrayList<>();
        for (int i : set.indices()) archs.add(SearchSpace.arch(i));
        OutFile.check(out);
        if (!"djl".equals(scorer) && !"noop".equals(scorer)) {
            throw new IllegalArgumentException("--scorer '" + scorer + "': expected djl or noop");
        }
        Set<Integer> already = new LinkedHashSet<>();
        ScoresCsv.Layout layout = ScoresCsv.Layout.current();
        if (Files.exists(out)) {
            if (resume) {
                // an earlier version's file is continued in its own columns: appended rows match its header
                layout = ScoresCsv.Layout.ofFile(out, wanted);
                already.addAll(existingIndices(out));
            } else if (!force) {
                throw new IllegalArgumentException(out + " exists: add --resume to continue it or --force to overwrite it");
            }
        }
        List<Arch> todo = new ArrayList<>();
        for (Arch a : archs) if (!already.contains(a.index())) todo.add(a);

        // the scorer checks --device (loading PyTorch): before the output file is touched, so a bad option never
        // truncates a file --force would have overwritten
        Scorer s = "noop".equals(scorer) ? new NoopScorer() : new JacobianScorer(device, minmax);
        boolean writeHeader = !(resume && Files.exists(out) && Files.size(out) > 0);
        try {
            if (writeHeader) Files.writeString(out, ScoresCsv.header() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            s.close();
            throw OutFile.unwritable(out, e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        err.printf("score: %d architectures (%d already in %s, %d to score), %s, config %s%n", archs.size(),
                archs.size() - todo.size(), out, todo.size(), config.canonical(), config.hash());
        err.flush();

        AtomicBoolean stop = new AtomicBoolean();
        Thread hook = new Thread(() -> stop.set(true));
        Runtime.getRuntime().addShutdownHook(hook);
        Progress progress = new Progress(err, "scored", todo.size(), 10);
        int failed = 0;
        try (s; BufferedWriter w = OutFile.append(out)) {
            for (Arch a : todo) {
                if (stop.get()) break;
                ScoreResult r;
                try {
                    r = s.score(new ScoreRequest(a, config, wanted));
                } catch (RuntimeException e) {
                    failed++;
                    progress.step(false);
                    err.printf("score: arch %d (%s) failed: %s%n", a.index(), a, e.getMessage());
                    if (todo.size() == 1) throw e;
                    continue;
                }
                w.write(layout.row(r));
                w.newLine();
                w.flush(); // a finished row is never lost
                progress.step(true);
            }
        } finally {
            progress.finish();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the rows written so far are on disk
            }
        }
        stdout.printf("wrote %d rows to %s (%d failed, %d bad input lines, %d skipped as already scored)%n",
                progress.done(), out, failed, badLines, archs.size() - todo.size());
        stdout.flush();
        return failed > 0 || badLines > 0 ? 3 : 0;
    }

    private static Set<Integer> existingIndices(Path file) {
        Set<Integer> out = new LinkedHashSet<>();
        Csv.Table t = Csv.read(file);
        int c = t.column("index");
        for (Csv.Row r : t.rows()) out.add(r.getInt(c));
        return out;
    }

    private static Similarity.Scale calibrationScale(Path file) {
        Csv.Table t = Csv.read(file);
        int c = t.column("js_raw");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Csv.Row r : t.rows()) {
            if (r.get(c).isBlank()) continue;
            double v = r.getDouble(c);
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min)) throw new IllegalArgumentException(file + ": js_raw needs at least two different finite values for minmax");
        return Similarity.minmax(min, max);
    }
}
