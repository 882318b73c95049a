package io.nasscore.report;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.GroundTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic scores CSV in the layout `score` writes: the twelve scores (values in [0, 1] that rise with the
 * shipped CIFAR-10 accuracy, plus a deterministic wobble), the per-pass times and the configuration hash.
 */
public final class SyntheticScores {
    private SyntheticScores() {}

    /** The hash of the paper's default configuration on CIFAR-10. */
    /** The paper's four passes (the fixture has no proxies). */
    static final List<Pass> PAPER_PASSES = java.util.Arrays.stream(Pass.values()).filter(Pass::paper).toList();

    public static final String DEFAULT_HASH = ScoreConfig.defaults(Dataset.CIFAR10).hash();

    /** Times per architecture, ms: clean, noise0.1, noise10, noise100, similarity (a function of the row). */
    public static double time(Pass p, int row) {
        return switch (p) {
            case CLEAN -> 40 + row % 7;
            case NOISE_0_1 -> 25 + row % 5;
            case NOISE_10 -> 26 + row % 3;
            case NOISE_100 -> 27 + row % 2;
            default -> throw new IllegalArgumentException("no synthetic time for the proxies' pass " + p);
        };
    }

    public static double similarityTime(int row) { return 8 + row % 4; }

    /** n architectures (indices 17·i + 3), scores JS..WPJSI, times and config_hash {@code hash}. */
    public static Path write(Path file, int n, String hash) throws IOException {
        GroundTruth gt = GroundTruth.shipped(Dataset.CIFAR10);
        List<String> header = new ArrayList<>(List.of("index", "arch"));
        for (ScoreName s : ScoreName.PAPER) header.add(s.name());
        header.addAll(List.of("params", "input_degenerate"));
        for (Pass p : PAPER_PASSES) header.add(p.label() + "_ms");
        header.addAll(List.of("similarity_ms", "total_ms", "device", "config_hash"));
        StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
        for (int i = 0; i < n; i++) {
            int index = 17 * i + 3;
            double acc = gt.accuracy(index);
            b.append(index).append(',').append(SearchSpace.arch(index));
            for (ScoreName s : ScoreName.PAPER) {
                int k = s.ordinal();
                double wobble = Math.sin(1.7 * i + 0.9 * k) * (0.4 + 0.05 * k);
                double y = -1 - (0.03 + 0.004 * k) * acc + wobble; // ln(1 - s)
                b.append(',').append(1 - Math.exp(y));
            }
            b.append(",123456,").append(acc < 15 ? 1 : 0);
            double total = similarityTime(i);
            for (Pass p : PAPER_PASSES) {
                b.append(',').append(time(p, i));
                total += time(p, i);
            }
            b.append(',').append(similarityTime(i)).append(',').append(String.format(Locale.ROOT, "%.3f", total))
                    .append(",cpu,").append(hash).append('\n');
        }
        Files.writeString(file, b);
        return file;
    }
}
