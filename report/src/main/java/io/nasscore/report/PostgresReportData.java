package io.nasscore.report;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.truth.GroundTruth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The scores of one experiment from the {@code v_experiment_scores} view (v_scores per member experiment: a
 * score shared by two experiments belongs to both): one row per (experiment, configuration, architecture) with the configuration columns, the twelve scores (lower-case names), the parameter count,
 * the per-pass times and the ground-truth accuracies known to the database. Every column name the report
 * depends on is a constant below.
 */
public final class PostgresReportData implements ReportData {
    static final String VIEW = "v_experiment_scores";
    static final String EXPERIMENT = "member_experiment";
    static final String ARCH_INDEX = "arch_index";
    static final String DATASET = "dataset";
    static final String BATCH_SIZE = "batch_size";
    static final String BATCH_POLICY = "batch_policy";
    static final String TARGET = "target";
    static final String BN_MODE = "bn_mode";
    static final String SEED = "seed";
    static final String NORMALISATION = "normalisation";
    static final String DATA = "data";
    static final String SIMILARITY_MS = "similarity_ms";
    static final String TOTAL_MS = "total_ms";
    static final String INPUT_DEGENERATE = "input_degenerate";

    /** The view's time column of a pass: clean_ms, noise0_1_ms, noise10_ms, noise100_ms. */
    static String passColumn(Pass p) { return p.column(); }

    /** The view's accuracy column of a dataset: cifar10_test, cifar100_test, imagenet16_test. */
    static String accuracyColumn(Dataset d) { return GroundTruth.defaultColumn(d); }

    /** The view's column of a score: its name in lower case. */
    static String scoreColumn(ScoreName s) { return s.name().toLowerCase(Locale.ROOT); }

    private final DataSource dataSource;
    private final String experiment;
    private final List<String> columns;
    private final boolean excludeDegenerate;
    private final String configHash;

    /**
     * @param dataSource        the nasscore database
     * @param experiment        the experiment name
     * @param columns           the scores to report (paper names, any case; null or empty: every score with a value)
     * @param excludeDegenerate drop the architectures flagged input_degenerate (needs that column in the view)
     * @param configHash        the configuration to report when the experiment holds several (null: the only one)
     */
    public PostgresReportData(DataSource dataSource, String experiment, List<String> columns, boolean excludeDegenerate,
                              String configHash) {
        this.dataSource = dataSource;
        this.experiment = experiment;
        this.columns = columns == null ? List.of() : List.copyOf(columns);
        this.excludeDegenerate = excludeDegenerate;
        this.configHash = configHash;
    }

    @Override public String describe() { return "experiment '" + experiment + "' (" + VIEW + ")"; }

    /** One row of the view, as read. */
    private record Row(int index, Map<ScoreName, Double> scores, Map<Pass, Double> passes, double similarity,
                       double total, Map<Dataset, Double> accuracy) {}

    @Override
    public ReportInput load() {
        Map<String, ScoreConfig> configs = new LinkedHashMap<>();
        Map<String, List<Row>> rowsByConfig = new LinkedHashMap<>();
        Set<ScoreName> wanted = wantedScores();
        int dropped = 0;
        String sql = "SELECT * FROM " + VIEW + " WHERE " + EXPERIMENT + " = ? ORDER BY " + ARCH_INDEX;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, experiment);
            try (ResultSet rs = s.executeQuery()) {
                Set<String> have = columnNames(rs.getMetaData());
                for (String required : List.of(ARCH_INDEX, DATASET, BATCH_SIZE, BATCH_POLICY, TARGET, BN_MODE, SEED,
                        NORMALISATION, DATA)) {
                    if (!have.contains(required)) {
                        throw new IllegalArgumentException(VIEW + " has no column '" + required + "'; it has " + have);
                    }
                }
                if (excludeDegenerate && !have.contains(INPUT_DEGENERATE)) {
                    throw new IllegalArgumentException("--exclude-degenerate needs an '" + INPUT_DEGENERATE
                            + "' column in " + VIEW + "; it has " + have);
                }
                while (rs.next()) {
                    if (excludeDegenerate && rs.getBoolean(INPUT_DEGENERATE)) { dropped++; continue; }
                    ScoreConfig config = config(rs);
                    String hash = config.hash();
                    configs.putIfAbsent(hash, config);
                    rowsByConfig.computeIfAbsent(hash, h -> new ArrayList<>()).add(row(rs, have, wanted));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + describe() + ": " + e.getMessage(), e);
        }
        if (rowsByConfig.isEmpty()) {
            throw new IllegalArgumentException(describe() + " has no scores" + (dropped > 0 ? " (all " + dropped
                    + " rows are degenerate)" : "; is the experiment name right?"));
        }
        String hash;
        if (configHash != null) {
            hash = configHash.trim().toLowerCase(Locale.ROOT);
            if (!configs.containsKey(hash)) {
                throw new IllegalArgumentException(describe() + " has no configuration '" + configHash + "'; it has "
                        + listing(configs, rowsByConfig));
            }
        } else if (configs.size() > 1) {
            throw new IllegalArgumentException(describe() + " holds " + configs.size() + " score configurations: "
                    + listing(configs, rowsByConfig) + "; choose one with --config-hash HASH");
        } else {
            hash = configs.keySet().iterator().next();
        }
        return input(rowsByConfig.get(hash), configs.get(hash), wanted, dropped);
    }

    private ReportInput input(List<Row> rows, ScoreConfig config, Set<ScoreName> wanted, int dropped) {
        int n = rows.size();
        int[] indices = new int[n];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            indices[i] = rows.get(i).index();
            if (!seen.add(indices[i])) {
                throw new IllegalArgumentException(describe() + ": architecture " + indices[i]
                        + " appears twice for configuration " + config.hash());
            }
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (ScoreName s : wanted) {
            double[] v = new double[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                Double d = rows.get(i).scores().get(s);
                v[i] = d == null ? Double.NaN : d;
                any |= d != null;
            }
            if (any || !columns.isEmpty()) scores.put(s.column(), v);
        }
        if (scores.isEmpty()) throw new IllegalArgumentException(describe() + ": no score has a value");
        Map<Pass, double[]> passes = new EnumMap<>(Pass.class);
        for (Pass p : Pass.values()) {
            double[] v = new double[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                Double d = rows.get(i).passes().get(p);
                v[i] = d == null ? Double.NaN : d;
                any |= d != null;
            }
            if (any) passes.put(p, v);
        }
        double[] sim = new double[n];
        double[] total = new double[n];
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            sim[i] = r.similarity();
            total[i] = r.total();
            Double a = r.accuracy().get(config.dataset());
            acc[i] = a == null ? Double.NaN : a;
        }
        return new ReportInput(describe(), indices, scores, passes, sim, total, acc, RunConfig.of(config), dropped);
    }

    private Set<ScoreName> wantedScores() {
        if (columns.isEmpty()) return java.util.EnumSet.allOf(ScoreName.class);
        try {
            return ScoreName.parseList(String.join(",", columns));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage());
        }
    }

    private static Set<String> columnNames(ResultSetMetaData md) throws SQLException {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (int i = 1; i <= md.getColumnCount(); i++) out.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
        return out;
    }

    private ScoreConfig config(ResultSet rs) throws SQLException {
        try {
            return new ScoreConfig(Dataset.of(rs.getString(DATASET)), rs.getInt(BATCH_SIZE),
                    ScoreConfig.parseOption(ScoreConfig.BatchPolicy.class, "batch policy", rs.getString(BATCH_POLICY)),
                    ScoreConfig.parseOption(ScoreConfig.JacobianTarget.class, "jacobian target", rs.getString(TARGET)),
                    ScoreConfig.parseOption(ScoreConfig.BnMode.class, "bn mode", rs.getString(BN_MODE)),
                    rs.getLong(SEED),
                    ScoreConfig.parseOption(ScoreConfig.Normalisation.class, "normalisation", rs.getString(NORMALISATION)),
                    rs.getString(DATA));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ", architecture " + rs.getInt(ARCH_INDEX)
                    + ": bad configuration: " + e.getMessage());
        }
    }

    private static Row row(ResultSet rs, Set<String> have, Set<ScoreName> wanted) throws SQLException {
        Map<ScoreName, Double> scores = new EnumMap<>(ScoreName.class);
        for (ScoreName s : wanted) {
            Double v = number(rs, have, scoreColumn(s));
            if (v != null) scores.put(s, v);
        }
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        for (Pass p : Pass.values()) {
            Double v = number(rs, have, passColumn(p));
            if (v != null) passes.put(p, v);
        }
        Map<Dataset, Double> acc = new EnumMap<>(Dataset.class);
        for (Dataset d : Dataset.values()) {
            Double v = number(rs, have, accuracyColumn(d));
            if (v != null) acc.put(d, v);
        }
        Double sim = number(rs, have, SIMILARITY_MS);
        Double total = number(rs, have, TOTAL_MS);
        return new Row(rs.getInt(ARCH_INDEX), scores, passes, sim == null ? Double.NaN : sim,
                total == null ? Double.NaN : total, acc);
    }

    /** A numeric column's value; null when the column is absent or the value is NULL. */
    private static Double number(ResultSet rs, Set<String> have, String column) throws SQLException {
        if (!have.contains(column)) return null;
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static String listing(Map<String, ScoreConfig> configs, Map<String, List<Row>> rows) {
        List<String> parts = new ArrayList<>();
        configs.forEach((h, c) -> parts.add(h + " (" + c.canonical() + ", " + rows.get(h).size() + " architectures)"));
        return String.join("; ", parts);
    }
}
