package io.nasscore.schemas;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringConfig;
import io.nasscore.schemas.avro.ScoringJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converters between the core domain types and the Avro records. Reading converters validate what they read
 * and throw {@link IllegalArgumentException} with a message naming the record and the bad value (the worker
 * dead-letters such a record with reason {@code invalid-content}).
 */
public final class Convert {

    private Convert() {}

    // ---------------------------------------------------------------- configuration

    /** The Avro form: categorical values as lower-case strings spelled as in {@link ScoreConfig#canonical()}. */
    public static ScoringConfig toAvro(ScoreConfig c) {
        return ScoringConfig.newBuilder()
                .setDataset(c.dataset().id())
                .setBatchSize(c.batchSize())
                .setBatchPolicy(option(c.batchPolicy()))
                .setTarget(option(c.target()))
                .setBnMode(option(c.bnMode()))
                .setSeed(c.seed())
                .setNormalisation(option(c.normalisation()))
                .setData(c.data())
                .build();
    }

    /** The core form; unknown datasets or options raise IllegalArgumentException naming them. */
    public static ScoreConfig fromAvro(ScoringConfig c) {
        return new ScoreConfig(
                Dataset.of(c.getDataset()),
                c.getBatchSize(),
                ScoreConfig.parseOption(ScoreConfig.BatchPolicy.class, "batch policy", c.getBatchPolicy()),
                ScoreConfig.parseOption(ScoreConfig.JacobianTarget.class, "jacobian target", c.getTarget()),
                ScoreConfig.parseOption(ScoreConfig.BnMode.class, "bn mode", c.getBnMode()),
                c.getSeed(),
                ScoreConfig.parseOption(ScoreConfig.Normalisation.class, "normalisation", c.getNormalisation()),
                c.getData());
    }

    /** An option's wire spelling: lower case, '-' for '_' (e.g. OUTPUT_SUM -> output-sum). */
    public static String option(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    // ---------------------------------------------------------------- jobs

    /** The job for one request; its id is {@link Keys#jobId(ScoreConfig, int)}. */
    public static ScoringJob scoringJob(ScoreRequest request, String experiment, boolean rescore, Instant submittedAt,
            List<Integer> runIds) {
        ScoreConfig c = request.config();
        int index = request.index();
        return ScoringJob.newBuilder()
                .setJobId(Keys.jobId(c, index))
                .setExperiment(Keys.part("experiment", experiment))
                .setArchIndex(index)
                .setArch(request.arch().toString())
                .setConfig(toAvro(c))
                .setConfigHash(c.hash())
                .setScores(names(request.scores()))
                .setRescore(rescore)
                .setSubmittedAt(submittedAt)
                .setRunIds(runIds == null ? List.of() : List.copyOf(runIds))
                .build();
    }

    /**
     * The request a job asks for, after checking that the arch string is valid and denotes archIndex, the
     * configuration is valid and hashes to configHash, and every score name is known.
     */
    public static ScoreRequest request(ScoringJob job) {
        String what = "job " + job.getJobId();
        try {
            Arch arch = Arch.parse(job.getArch());
            if (arch.index() != job.getArchIndex()) {
                throw new IllegalArgumentException("arch index " + job.getArchIndex() + " does not match arch '"
                        + job.getArch() + "' (index " + arch.index() + ")");
            }
            ScoreConfig config = fromAvro(job.getConfig());
            if (!config.hash().equals(job.getConfigHash())) {
                throw new IllegalArgumentException("config hash '" + job.getConfigHash()
                        + "' does not match its config (" + config.canonical() + " hashes to " + config.hash() + ")");
            }
            return new ScoreRequest(arch, config, scoreNames(job.getScores()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- scores

    /** The record for a job's result: experiment, job id and run ids come from the job. */
    public static ScoreRecord scoreRecord(ScoringJob job, ScoreResult result, String workerId, String engine,
            Instant scoredAt) {
        return scoreRecord(result, job.getExperiment(), job.getJobId(), job.getRunIds(), workerId, engine, scoredAt);
    }

    /**
     * The record of one scoring. Scores not requested are null; NaN scores stay NaN. jsRaw is null when no
     * input-space score was requested.
     */
    public static ScoreRecord scoreRecord(ScoreResult r, String experiment, String jobId, List<Integer> runIds,
            String workerId, String engine, Instant scoredAt) {
        ScoreConfig c = r.config();
        boolean anyInput = r.scores().keySet().stream().anyMatch(s -> s.space() == ScoreName.Space.INPUT);
        ScoreRecord rec = ScoreRecord.newBuilder()
                .setScoreKey(Keys.score(c, r.index()))
                .setExperiment(experiment)
                .setJobId(jobId)
                .setArchIndex(r.index())
                .setArch(r.arch().toString())
                .setConfig(toAvro(c))
                .setConfigHash(c.hash())
                .setJsRaw(Double.isNaN(r.jsRaw()) && !anyInput ? null : r.jsRaw())
                .setWeightTensors(r.weightTensors())
                .setDegenerateRows(r.degenerateRows())
                .setDegenerateTensors(r.degenerateTensors())
                .setInputDegenerate(r.inputDegenerate())
                .setParams(r.params())
                .setSimilarityMillis(r.similarityMillis())
                .setTotalMillis(r.totalMillis())
                .setDevice(r.device())
                .setWorkerId(workerId)
                .setEngine(engine)
                .setScoredAt(scoredAt)
                .setRunIds(runIds == null ? List.of() : List.copyOf(runIds))
                .build();
        for (Map.Entry<ScoreName, Double> e : r.scores().entrySet()) rec.put(e.getKey().column(), e.getValue());
        if (!r.proxyRaw().isEmpty()) {
            Map<String, Double> raw = new java.util.LinkedHashMap<>();
            for (Map.Entry<ScoreName, Double> e : r.proxyRaw().entrySet()) raw.put(e.getKey().column(), e.getValue());
            rec.setProxyRaw(raw);
        }
        for (Map.Entry<Pass, Double> e : r.passMillis().entrySet()) rec.put(passField(e.getKey()), e.getValue());
        return rec;
    }

    /** The requested scores of a record (non-null fields), in the paper's order, then the proxies. */
    public static Map<ScoreName, Double> scores(ScoreRecord r) {
        Map<ScoreName, Double> out = new EnumMap<>(ScoreName.class);
        for (ScoreName s : ScoreName.values()) {
            Double v = (Double) r.get(s.column());
            if (v != null) out.put(s, v);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Whether an earlier record answers a request for {@code requested}: it holds every one of them (NaN counts: it
     * was computed). A JS-only record does not answer a request for all twelve: that architecture is scored again and
     * the fuller record replaces it. The one rule for {@code submit}'s already-scored check and the worker's cache.
     */
    public static boolean holdsEvery(ScoreRecord r, java.util.Set<ScoreName> requested) {
        for (ScoreName n : requested) if (r.get(n.column()) == null) return false;
        return true;
    }

    /** The passes that ran and their times. */
    public static Map<Pass, Double> passMillis(ScoreRecord r) {
        Map<Pass, Double> out = new EnumMap<>(Pass.class);
        for (Pass p : Pass.values()) {
            Double v = (Double) r.get(passField(p));
            if (v != null) out.put(p, v);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The core result a record carries (the inverse of {@link #scoreRecord}, minus the envelope fields). */
    public static ScoreResult scoreResult(ScoreRecord r) {
        try {
            Arch arch = Arch.parse(r.getArch());
            return new ScoreResult(arch, fromAvro(r.getConfig()), scores(r),
                    r.getJsRaw() == null ? Double.NaN : r.getJsRaw(), r.getWeightTensors(), r.getDegenerateRows(),
                    r.getDegenerateTensors(), r.getInputDegenerate(), r.getParams(), passMillis(r),
                    r.getSimilarityMillis(), r.getTotalMillis(), r.getDevice(), proxyRaw(r));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("score record " + r.getScoreKey() + ": " + e.getMessage(), e);
        }
    }

    /** The raw values of the proxies the degenerate-architecture rule replaced by −∞ (empty when none). */
    public static Map<ScoreName, Double> proxyRaw(ScoreRecord r) {
        Map<ScoreName, Double> out = new EnumMap<>(ScoreName.class);
        if (r.getProxyRaw() == null) return out;
        for (Map.Entry<? extends CharSequence, Double> e : r.getProxyRaw().entrySet()) {
            out.put(ScoreName.valueOf(e.getKey().toString().toUpperCase(Locale.ROOT)), e.getValue());
        }
        return out;
    }

    /**
     * The ScoreRecord field holding a pass's time: cleanMillis, noise0_1Millis, noise10Millis, noise100Millis, then
     * (v2) jacovMillis, zicoMillis, synflowMillis, azMillis.
     */
    public static String passField(Pass p) { return p.avroField(); }

    // ---------------------------------------------------------------- ground truth

    /** A ground-truth record; the arch string is derived from the index. Accuracy must be in [0, 100]. */
    public static GroundTruth groundTruth(Dataset dataset, int archIndex, double accuracy, String metric, String source) {
        if (!(accuracy >= 0 && accuracy <= 100)) {
            throw new IllegalArgumentException("accuracy of arch " + archIndex + " on " + dataset.id() + " must be a percentage in [0, 100], got " + accuracy);
        }
        return GroundTruth.newBuilder()
                .setDataset(dataset.id())
                .setArchIndex(archIndex)
                .setArch(SearchSpace.arch(archIndex).toString())
                .setAccuracy(accuracy)
                .setMetric(metric)
                .setSource(source)
                .build();
    }

    // ---------------------------------------------------------------- helpers

    /** Score names in the paper's order, then the proxies' (as their columns spell them). */
    public static List<String> names(Set<ScoreName> scores) {
        List<String> out = new ArrayList<>();
        for (ScoreName s : ScoreName.values()) if (scores.contains(s)) out.add(s.column());
        return out;
    }

    /** Parses score names exactly as the paper spells them (case-insensitive), naming any unknown one. */
    public static Set<ScoreName> scoreNames(List<String> names) {
        if (names == null || names.isEmpty()) throw new IllegalArgumentException("no score requested");
        EnumSet<ScoreName> out = EnumSet.noneOf(ScoreName.class);
        for (String n : names) {
            try {
                out.add(ScoreName.valueOf(n.trim().toUpperCase(Locale.ROOT)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unknown score '" + n + "': expected some of " + names(EnumSet.allOf(ScoreName.class)));
            }
        }
        return out;
    }
}
