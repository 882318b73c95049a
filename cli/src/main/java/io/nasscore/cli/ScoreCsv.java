package io.nasscore.cli;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scores CSV that `score` writes and `evaluate` and `report` read: index, arch, the twelve scores in the
 * paper's order then the proxies (grad_norm ... az_flops; empty = not requested), then raw JS, params, the degenerate flags, one time column per pass
 * (ms), the similarity and total times, the device and the configuration hash.
 */
final class ScoreCsv {
    private ScoreCsv() {}

    static final List<String> HEADER;

    static {
        List<String> h = new ArrayList<>(List.of("index", "arch"));
        for (ScoreName s : ScoreName.values()) h.add(s.column());
        h.addAll(List.of("js_raw", "params", "n_tensors", "degenerate_rows", "degenerate_tensors", "input_degenerate"));
        for (Pass p : Pass.values()) h.add(p.label() + "_ms");
        h.addAll(List.of("similarity_ms", "total_ms", "device", "config_hash"));
        HEADER = List.copyOf(h);
    }

    static String header() { return String.join(",", HEADER); }

    /**
     * Refuses to append to a scores CSV whose header is not this version's (e.g. one written before the proxies'
     * columns): the new rows would land under the wrong columns. Such files are still read by evaluate and report.
     */
    static void checkResumable(java.nio.file.Path file) throws java.io.IOException {
        String first;
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            first = r.readLine();
        }
        if (first != null && !first.isBlank() && !first.strip().equals(header())) {
            throw new IllegalArgumentException(file + ": its header is not the one this version writes (columns "
                    + first.split(",").length + " vs " + HEADER.size() + "); resume it with the version that started it,"
                    + " or write a new file");
        }
    }

    static String row(ScoreResult r) {
        StringBuilder b = new StringBuilder();
        b.append(r.index()).append(',').append(r.arch());
        for (ScoreName s : ScoreName.values()) b.append(',').append(num(r.score(s)));
        b.append(',').append(num(r.jsRaw()));
        b.append(',').append(r.params());
        b.append(',').append(r.weightTensors());
        b.append(',').append(r.degenerateRows());
        b.append(',').append(r.degenerateTensors());
        b.append(',').append(r.inputDegenerate() ? 1 : 0);
        for (Pass p : Pass.values()) {
            Double ms = r.passMillis().get(p);
            b.append(',').append(ms == null ? "" : String.format(Locale.ROOT, "%.3f", ms));
        }
        b.append(',').append(String.format(Locale.ROOT, "%.3f", r.similarityMillis()));
        b.append(',').append(String.format(Locale.ROOT, "%.3f", r.totalMillis()));
        b.append(',').append(r.device().replace(',', ';'));
        b.append(',').append(r.config().hash());
        return b.toString();
    }

    /** Full round-trip precision; empty for a value that was not computed. */
    static String num(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }
}
