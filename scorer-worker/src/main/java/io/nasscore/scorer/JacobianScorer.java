package io.nasscore.scorer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreMath;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.score.Similarity;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.Cost;
import io.nasscore.scorer.images.Batch;
import io.nasscore.scorer.proxy.NaswotKernel;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Jacobian scorer (scores.md): builds the NB201 network of the request with fresh seeded weights, runs only
 * the forward/backward passes the requested scores need, and turns the gradients into the twelve scores with the
 * float64 similarity math of core.
 *
 * <p>Passes. With the {@code loss} target the clean pass gives the input gradient and, when a parameter score is
 * requested, the parameter gradients in the same backward. With {@code output-sum} and {@code mellor}, parameter
 * scores need one more pass (cross-entropy of the K-class network, no input gradient), counted with the clean
 * pass in {@link ScoreResult#passMillis()}. The noisy passes (0.1, 10, 100) compute input gradients only: the
 * network's parameters have {@code requires_grad} off during them.
 *
 * <p>Threading and lifetime. DJL allows one gradient collector per process, so scorings in one JVM are serialised
 * on a process-wide lock: run one scoring thread per JVM and scale by processes. Each job builds its network in
 * its own {@link NDManager} (each pass in a sub-manager, so activations are freed pass by pass) and closes it. The
 * only state kept between jobs is the image sources, the {@code fixed} batches (per configuration) and a noise
 * buffer, all per instance.
 *
 * <p>The parts: {@link CleanPass} (the clean pass and the parameter gradients), {@link InputPasses} (the input
 * similarities and the noisy passes), {@link ProxyPasses} (the proxies' own passes), each pass run by
 * {@link GradientPass} on the batches of {@link ImageBatches}, as {@link PaperPlan} and {@link ProxyPlan} ask.
 */
public final class JacobianScorer implements Scorer {
    /** DJL's PyTorch gradient collector is process-wide: one scoring at a time per JVM. */
    private static final Object PROCESS_LOCK = new Object();

    private final Engine engine;
    private final Device device;
    private final NDManager base;
    private final Similarity.Scale minmax;
    private final ImageBatches batches = new ImageBatches();
    private final GradientPass passes;
    private final InputPasses inputPasses = new InputPasses();
    private boolean closed;
    /**
     * Test seam, null in production: runs inside each pass's gradient collector, after the forward and before the
     * backward (the regression tests force a garbage collection there, or throw).
     */
    Runnable beforeBackward;

    /** A scorer on the GPU when the engine sees one, else the CPU. */
    public JacobianScorer() { this("auto", null); }

    /** @param device "auto", "cpu", "gpu" or "gpu:N" */
    public JacobianScorer(String device) { this(device, null); }

    /**
     * @param device "auto" (GPU when PyTorch sees one, else CPU), "cpu", "gpu" or "gpu:N"
     * @param minmaxCalibration the scale used when a configuration asks for {@code minmax} normalisation of the
     *     eigenvalue similarity (from {@link Similarity#minmax}); null = such requests are refused
     */
    public JacobianScorer(String device, Similarity.Scale minmaxCalibration) {
        this.engine = Engine.getEngine("PyTorch");
        this.device = resolveDevice(device, engine);
        this.base = NDManager.newBaseManager(this.device, "PyTorch");
        this.minmax = minmaxCalibration;
        this.passes = new GradientPass(engine, () -> beforeBackward);
    }

    @Override public String device() { return device.toString(); }

    @Override public String engineVersion() { return "PyTorch " + engine.getVersion() + " / DJL " + Engine.getDjlVersion(); }

    /** Forward/backward passes run by this scorer so far (all kinds). */
    public long passesRun() { return passes.passesRun(); }

    /** Of {@link #passesRun()}, the passes that computed parameter gradients. */
    public long parameterGradientPassesRun() { return passes.parameterGradientPassesRun(); }

    @Override
    public ScoreResult score(ScoreRequest request) {
        synchronized (PROCESS_LOCK) {
            if (closed) throw new IllegalStateException("the scorer is closed");
            return scoreLocked(request);
        }
    }

    private ScoreResult scoreLocked(ScoreRequest request) {
        long t0 = System.nanoTime();
        Arch arch = request.arch();
        ScoreConfig cfg = request.config();
        Set<ScoreName> scores = request.scores();
        Dataset dataset = cfg.dataset();
        Similarity.Scale scale = eigenScale(cfg);

        PaperPlan plan = new PaperPlan(scores);
        ProxyPlan proxies = new ProxyPlan(scores, cfg);
        boolean weightGrads = plan.param || proxies.cleanWeightGradients();
        NaswotKernel naswot = proxies.naswot() ? new NaswotKernel(cfg.batchSize()) : null;
        long job = Seeds.job(cfg.seed(), request.index());
        Batch batch = batches.batch(cfg, job);
        Shape xShape = new Shape(batch.size(), 3, batch.side(), batch.side());
        boolean training = cfg.bnMode() == ScoreConfig.BnMode.TRAIN;

        EnumMap<Pass, Double> passMillis = new EnumMap<>(Pass.class);
        EnumMap<Pass, Similarity.Result> inputSims = new EnumMap<>(Pass.class);
        List<Similarity.Result> tensorSims;
        double simNanos = 0;
        Map<ScoreName, Double> proxyValues = new EnumMap<>(ScoreName.class);
        Map<ScoreName, Double> proxyRaw = new EnumMap<>(ScoreName.class);

        try (NDManager m = base.newSubManager()) {
            ScoringSetup setup = new ScoringSetup(arch, cfg, job, Seeds.weights(job), batch, xShape, training,
                    new ParameterStore(m, false), m);
            CleanPass.Result clean = CleanPass.run(passes, setup, plan, weightGrads, naswot);
            if (clean.millis() != null) passMillis.put(Pass.CLEAN, clean.millis());
            tensorSims = clean.tensorSims();
            simNanos += clean.simNanos();
            if (plan.input) simNanos += inputPasses.run(passes, setup, plan, clean.inputNet(), clean.inputJ(), inputSims, passMillis);
            if (!proxies.isEmpty()) {
                ProxyPasses.Context ctx = new ProxyPasses.Context(arch, cfg, setup.weightSeed(), job, batch, xShape,
                        training, setup.store(), m, clean.kNet(), clean.weightGrads(), clean.outputSumJ(), naswot);
                simNanos += new ProxyPasses(passes, batches).run(proxies, ctx, proxyValues, proxyRaw, passMillis);
            }
        }

        long s0 = System.nanoTime();
        Map<ScoreName, Double> values = new EnumMap<>(ScoreName.class);
        values.putAll(ScoreMath.inputScores(scores, inputSims, scale));
        values.putAll(ScoreMath.parameterScores(scores, tensorSims));
        values.putAll(proxyValues);
        simNanos += System.nanoTime() - s0;

        Similarity.Result clean = inputSims.get(Pass.CLEAN);
        double jsRaw = clean == null ? Double.NaN : clean.eigenRaw();
        return new ScoreResult(arch, cfg, values, jsRaw,
                plan.param ? tensorSims.size() : 0,
                clean == null ? 0 : clean.degenerateRows(),
                ScoreMath.degenerateTensors(tensorSims),
                clean != null && ScoreMath.inputDegenerate(clean),
                Cost.params(arch, dataset.classes()),
                passMillis, ms((long) simNanos), ms(System.nanoTime() - t0), device(), proxyRaw);
    }

    /** The noisy batch of a pass (for tests of the noise scale): see {@link InputPasses#noisyBatch}. */
    float[] noisyBatch(Batch batch, Pass pass, long job) { return inputPasses.noisyBatch(batch, pass, job); }

    private Similarity.Scale eigenScale(ScoreConfig cfg) {
        if (cfg.normalisation() == ScoreConfig.Normalisation.BOUNDS) return Similarity.BOUNDS;
        if (minmax == null) {
            throw new IllegalArgumentException("normalisation 'minmax' needs a calibration (min, max) of raw JS values;"
                    + " this scorer was built without one");
        }
        return minmax;
    }

    static Device resolveDevice(String spec, Engine engine) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        int gpus = engine.getGpuCount();
        if (s.isEmpty() || s.equals("auto")) return gpus > 0 ? Device.gpu() : Device.cpu();
        if (s.equals("cpu")) return Device.cpu();
        if (s.equals("gpu") || s.startsWith("gpu:") || s.startsWith("cuda:") || s.equals("cuda")) {
            int id = 0;
            int colon = s.indexOf(':');
            if (colon >= 0) {
                try {
                    id = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("device '" + spec + "': expected auto, cpu, gpu or gpu:N");
                }
            }
            if (id < 0 || id >= gpus) {
                throw new IllegalArgumentException("device '" + spec + "' was requested but the PyTorch engine sees "
                        + gpus + " GPU(s)");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("device '" + spec + "': expected auto, cpu, gpu or gpu:N");
    }

    private static double ms(long nanos) { return nanos / 1e6; }

    @Override
    public void close() {
        synchronized (PROCESS_LOCK) {
            if (closed) return;
            closed = true;
            batches.clear();
            base.close();
        }
    }
}
