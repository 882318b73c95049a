package io.nasscore.core.table;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.truth.Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scores CSV that {@code score} writes and {@code evaluate} and {@code report} read: index, arch, the twelve
 * scores in the paper's order then the proxies (grad_norm ... az_flops; empty = not requested), raw JS, params, the
 * degenerate flags, one time column per pass ({@link Pass#column}, ms), the similarity and total times, the
 * device, the configuration hash and the configuration itself ({@link ScoreConfig#canonical}), so that a reader
 * needs no table of known hashes. RFC 4180 quoting both ways ({@link Csv#line}).
 *
 * <p>Files of earlier versions stay readable: without a {@code config} column the configuration is recovered from
 * the hash alone; the pass times may be spelled {@link Pass#legacyCsvColumn} (noise0.1_ms). {@code score --resume}
 * continues such a file in its own columns ({@link Layout#ofFile}).
 */
public final class ScoresCsv {
    private ScoresCsv() {}

    public static final String CONFIG_HASH = "config_hash";
    public static final String CONFIG = "config";

    /** This version's columns, in order. */
    public static final List<String> HEADER;

    /** Columns that describe a row rather than score it: never evaluated as scores. */
    private static final Set<String> NOT_SCORES = Set.of(
            "index", "arch", "js_raw", "n_tensors", "degenerate_rows", "degenerate_tensors", "input_degenerate",
            "similarity_ms", "total_ms", "device", CONFIG_HASH, CONFIG,
            // columns of the published-proxy CSVs that are not scores
            "naslib_tuple", "naslib_idx", "dataset", "in_naslib725", "suitezero_valid_net", "val_accuracy");

    static {
        List<String> h = new ArrayList<>(List.of("index", "arch"));
        for (ScoreName s : ScoreName.values()) h.add(s.column());
        h.addAll(List.of("js_raw", "params", "n_tensors", "degenerate_rows", "degenerate_tensors", "input_degenerate"));
        for (Pass p : Pass.values()) h.add(p.column());
        h.addAll(List.of("similarity_ms", "total_ms", "device", CONFIG_HASH, CONFIG));
        HEADER = List.copyOf(h);
    }

    /** This version's header line. */
    public static String header() { return Csv.line(HEADER); }

    public static boolean isScoreColumn(String name) {
        return !NOT_SCORES.contains(name) && !name.endsWith("_ms");
    }

    /** The position of a pass's time column in either spelling, or -1 when the file has none. */
    public static int passColumn(Csv.Table csv, Pass p) {
        int c = csv.columnOrMinusOne(p.column());
        return c >= 0 ? c : csv.columnOrMinusOne(p.legacyCsvColumn());
    }

    /**
     * The configuration the rows with {@code hash} were scored with, from the {@code config} column; null when the
     * file has no such column or those rows leave it empty (files of earlier versions: the caller falls back on
     * recovering it from the hash). A configuration that does not hash to its row's {@code config_hash} is an
     * error naming the line: the file was edited by hand or mixed up.
     */
    public static ScoreConfig config(Csv.Table csv, String hash) {
        int cc = csv.columnOrMinusOne(CONFIG);
        int hc = csv.columnOrMinusOne(CONFIG_HASH);
        if (cc < 0 || hc < 0 || hash == null) return null;
        String wanted = hash.trim().toLowerCase(Locale.ROOT);
        for (Csv.Row r : csv.rows()) {
            if (!r.get(hc).trim().toLowerCase(Locale.ROOT).equals(wanted) || r.get(cc).isBlank()) continue;
            ScoreConfig c;
            try {
                c = ScoreConfig.fromCanonical(r.get(cc));
            } catch (IllegalArgumentException e) {
                throw r.error(cc, e.getMessage());
            }
            if (!c.hash().equals(wanted)) {
                throw r.error(cc, "the configuration hashes to " + c.hash() + ", not to the row's config_hash " + wanted);
            }
            return c;
        }
        return null;
    }

    /**
     * The columns rows are written in: this version's ({@link #current}), or those of an existing file that
     * {@code score --resume} continues ({@link #ofFile}), so that appended rows always match the file's header.
     */
    public static final class Layout {
        /** The canonical name ({@link #HEADER}) of each column of the file, in the file's order. */
        private final List<String> columns;

        private Layout(List<String> columns) { this.columns = List.copyOf(columns); }

        public static Layout current() { return new Layout(HEADER); }

        /**
         * The layout of an existing scores CSV, read from its header line: every column must be one this or an
         * earlier version wrote (with the old pass-time spelling), and the scores in {@code wanted} must each have
         * their column (a column the file lacks is otherwise left out of the appended rows, as it is of the
         * file's other rows); {@code index} and {@code config_hash} are required. A file with no header yet gets
         * this version's layout.
         */
        public static Layout ofFile(Path file, Set<ScoreName> wanted) throws IOException {
            String first;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                first = r.readLine();
            }
            if (first == null || first.isBlank()) return current();
            List<String> header = Csv.parse(first, file.toString()).header();
            Map<String, String> known = new HashMap<>();
            for (String h : HEADER) known.put(h, h);
            for (Pass p : Pass.values()) known.put(p.legacyCsvColumn(), p.column());
            List<String> columns = new ArrayList<>();
            for (String h : header) {
                String c = known.get(h);
                if (c == null) {
                    throw new IllegalArgumentException(file + ": column '" + h + "' is not one that score writes;"
                            + " resume it with the version that started it, or write a new file");
                }
                columns.add(c);
            }
            for (String needed : List.of("index", CONFIG_HASH)) {
                if (!columns.contains(needed)) {
                    throw new IllegalArgumentException(file + ": its header has no " + needed + " column (not a file"
                            + " that score wrote, or one too old to tell its configuration); write a new file");
                }
            }
            for (ScoreName s : wanted) {
                if (!columns.contains(s.column())) {
                    throw new IllegalArgumentException(file + ": has no column " + s.column() + " for the requested score "
                            + s.column() + " (an earlier version's file); resume it without that score, or write a new file");
                }
            }
            return new Layout(columns);
        }

        /** Whether rows carry their configuration ({@code config} column). */
        public boolean carriesConfig() { return columns.contains(CONFIG); }

        /** One row (no line end), RFC 4180 quoted. */
        public String row(ScoreResult r) {
            Map<String, String> cells = cells(r);
            List<String> out = new ArrayList<>(columns.size());
            for (String c : columns) out.add(cells.get(c));
            return Csv.line(out);
        }
    }

    /** Every cell of this version's columns for one result. */
    static Map<String, String> cells(ScoreResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("index", Integer.toString(r.index()));
        m.put("arch", r.arch().toString());
        for (ScoreName s : ScoreName.values()) m.put(s.column(), num(r.score(s)));
        m.put("js_raw", num(r.jsRaw()));
        m.put("params", Long.toString(r.params()));
        m.put("n_tensors", Integer.toString(r.weightTensors()));
        m.put("degenerate_rows", Integer.toString(r.degenerateRows()));
        m.put("degenerate_tensors", Integer.toString(r.degenerateTensors()));
        m.put("input_degenerate", r.inputDegenerate() ? "1" : "0");
        for (Pass p : Pass.values()) {
            Double ms = r.passMillis().get(p);
            m.put(p.column(), ms == null ? "" : millis(ms));
        }
        m.put("similarity_ms", millis(r.similarityMillis()));
        m.put("total_ms", millis(r.totalMillis()));
        m.put("device", r.device());
        m.put(CONFIG_HASH, r.config().hash());
        m.put(CONFIG, r.config().canonical());
        return m;
    }

    private static String millis(double ms) { return String.format(Locale.ROOT, "%.3f", ms); }

    /** Full round-trip precision; empty for a value that was not computed. */
    static String num(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }
}
