package io.nasscore.scorer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
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
import io.nasscore.core.space.SplitMix64;
import io.nasscore.scorer.images.Batch;
import io.nasscore.scorer.images.Gaussian;
import io.nasscore.scorer.images.ImageSource;
import io.nasscore.scorer.images.ImageSources;
import io.nasscore.scorer.net.PyTorchInit;
import io.nasscore.scorer.net.TinyNetwork;
import io.nasscore.scorer.proxy.NaswotKernel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
 */
public final class JacobianScorer implements Scorer {
    /** DJL's PyTorch gradient collector is process-wide: one scoring at a time per JVM. */
    private static final Object PROCESS_LOCK = new Object();
    private static final int SOURCE_CACHE = 2;
    private static final int BATCH_CACHE = 4;

    private final Engine engine;
    private final Device device;
    private final NDManager base;
    private final Similarity.Scale minmax;
    private final Map<String, ImageSource> sources = lru(SOURCE_CACHE);
    private final Map<String, Batch> fixedBatches = lru(BATCH_CACHE);
    private float[] noisy = new float[0];
    private long passesRun;
    private long parameterGradientPassesRun;
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
    }

    @Override public String device() { return device.toString(); }

    @Override public String engineVersion() { return "PyTorch " + engine.getVersion() + " / DJL " + Engine.getDjlVersion(); }

    /** Forward/backward passes run by this scorer so far (all kinds). */
    public long passesRun() { return passesRun; }

    /** Of {@link #passesRun()}, the passes that computed parameter gradients. */
    public long parameterGradientPassesRun() { return parameterGradientPassesRun; }

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
        int index = request.index();
        Similarity.Scale scale = eigenScale(cfg);

        Plan plan = new Plan(scores);
        ProxyPlan proxies = new ProxyPlan(scores, cfg);
        boolean weightGrads = plan.param || proxies.cleanWeightGradients();
        NaswotKernel naswot = proxies.naswot() ? new NaswotKernel(batchSizeOf(cfg)) : null;
        long job = Seeds.job(cfg.seed(), index);
        Batch batch = batch(cfg, job);
        int b = batch.size();
        int cols = batch.imageValues();
        Shape xShape = new Shape(b, 3, batch.side(), batch.side());
        boolean training = cfg.bnMode() == ScoreConfig.BnMode.TRAIN;
        long weightSeed = Seeds.weights(job);

        EnumMap<Pass, Double> passMillis = new EnumMap<>(Pass.class);
        EnumMap<Pass, Similarity.Result> inputSims = new EnumMap<>(Pass.class);
        List<Similarity.Result> tensorSims = new ArrayList<>();
        double simNanos = 0;
        Map<ScoreName, Double> proxyValues = new EnumMap<>(ScoreName.class);
        Map<ScoreName, Double> proxyRaw = new EnumMap<>(ScoreName.class);

        try (NDManager m = base.newSubManager()) {
            ParameterStore store = new ParameterStore(m, false);
            TinyNetwork kNet = null;
            TinyNetwork inputNet = null;
            float[] cleanJ = null;
            List<float[]> cleanWeightGrads = null;
            float[] outputSumJ = null;

            if (cfg.target() == ScoreConfig.JacobianTarget.LOSS) {
                if (plan.input || weightGrads || naswot != null) {
                    kNet = build(arch, dataset.classes(), weightSeed, m, xShape, weightGrads);
                    kNet.probes().reluInput = naswot;
                    long p0 = System.nanoTime();
                    Grads g = pass(kNet, store, m, batch.images(), xShape, batch.labels(), true, plan.input, weightGrads, training);
                    passMillis.put(Pass.CLEAN, ms(System.nanoTime() - p0));
                    kNet.probes().reluInput = null;
                    cleanJ = g.input;
                    cleanWeightGrads = g.weights;
                    long s0 = System.nanoTime();
                    if (plan.param) tensorSims = g.tensorSims(plan);
                    simNanos += System.nanoTime() - s0;
                    inputNet = kNet;
                    if (weightGrads) kNet.setParameterGradients(false);
                }
            } else {
                double cleanNanos = 0;
                boolean clean = false;
                if (weightGrads) {
                    kNet = build(arch, dataset.classes(), weightSeed, m, xShape, true);
                    kNet.probes().reluInput = naswot;
                    long p0 = System.nanoTime();
                    Grads g = pass(kNet, store, m, batch.images(), xShape, batch.labels(), true, false, true, training);
                    cleanNanos += System.nanoTime() - p0;
                    kNet.probes().reluInput = null;
                    clean = true;
                    cleanWeightGrads = g.weights;
                    long s0 = System.nanoTime();
                    if (plan.param) tensorSims = g.tensorSims(plan);
                    simNanos += System.nanoTime() - s0;
                    kNet.setParameterGradients(false);
                }
                if (plan.input) {
                    if (cfg.target() == ScoreConfig.JacobianTarget.OUTPUT_SUM) {
                        inputNet = kNet != null ? kNet : build(arch, dataset.classes(), weightSeed, m, xShape, false);
                    } else {
                        inputNet = build(arch, 1, weightSeed, m, xShape, false); // Mellor: a 1-unit head
                    }
                    if (!clean) inputNet.probes().reluInput = naswot; // the codes precede the head: any head will do
                    long p0 = System.nanoTime();
                    Grads g = pass(inputNet, store, m, batch.images(), xShape, batch.labels(), false, true, false, training);
                    cleanNanos += System.nanoTime() - p0;
                    inputNet.probes().reluInput = null;
                    clean = true;
                    cleanJ = g.input;
                    if (cfg.target() == ScoreConfig.JacobianTarget.OUTPUT_SUM) outputSumJ = cleanJ;
                }
                if (!clean && naswot != null) { // NASWOT alone: a forward is all it needs
                    kNet = build(arch, dataset.classes(), weightSeed, m, xShape, false);
                    kNet.probes().reluInput = naswot;
                    long p0 = System.nanoTime();
                    pass(kNet, store, m, batch.images(), xShape, batch.labels(), true, false, false, training);
                    cleanNanos += System.nanoTime() - p0;
                    kNet.probes().reluInput = null;
                    clean = true;
                }
                if (clean) passMillis.put(Pass.CLEAN, ms((long) cleanNanos));
            }

            if (plan.input) {
                long s0 = System.nanoTime();
                inputSims.put(Pass.CLEAN, Similarity.of(cleanJ, b, cols, plan.eigen(Pass.CLEAN), plan.cosine(Pass.CLEAN)));
                simNanos += System.nanoTime() - s0;
                boolean loss = cfg.target() == ScoreConfig.JacobianTarget.LOSS;
                for (Pass pass : plan.noisePasses) {
                    long p0 = System.nanoTime();
                    float[] x = noisyBatch(batch, pass, job);
                    Grads g = pass(inputNet, store, m, x, xShape, batch.labels(), loss, true, false, training);
                    passMillis.put(pass, ms(System.nanoTime() - p0));
                    long s1 = System.nanoTime();
                    inputSims.put(pass, Similarity.of(g.input, b, cols, plan.eigen(pass), plan.cosine(pass)));
                    simNanos += System.nanoTime() - s1;
                }
            }

            if (!proxies.isEmpty()) {
                ProxyPasses.Context ctx = new ProxyPasses.Context(arch, cfg, weightSeed, job, batch, xShape,
                        training, store, m, kNet, cleanWeightGrads, outputSumJ, naswot);
                simNanos += new ProxyPasses(this).run(proxies, ctx, proxyValues, proxyRaw, passMillis);
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

    /** B of a configuration (the batch is drawn later; NASWOT's kernel is B x B). */
    private static int batchSizeOf(ScoreConfig cfg) { return cfg.batchSize(); }

    // ------------------------------------------------------------------------------------------- passes

    /** The gradients one pass produced. */
    record Grads(float[] input, List<float[]> weights, List<Shape> shapes) {
        List<Similarity.Result> tensorSims(Plan plan) {
            List<Similarity.Result> out = new ArrayList<>(weights.size());
            for (int i = 0; i < weights.size(); i++) {
                Shape s = shapes.get(i);
                int rows = Math.toIntExact(s.get(0));
                int cols = Math.toIntExact(s.size() / rows);
                out.add(Similarity.of(weights.get(i), rows, cols, plan.paramEigen, plan.paramCosine));
            }
            return out;
        }
    }

    /**
     * One forward/backward pass in its own sub-manager: L = cross-entropy sum (ce) or the sum of the logits,
     * with the input gradient and/or the weight-tensor gradients read out (each copied to the heap once).
     */
    Grads pass(TinyNetwork net, ParameterStore store, NDManager m, float[] images, Shape xShape, int[] labels,
                       boolean ce, boolean inputGrad, boolean paramGrad, boolean training) {
        passesRun++;
        if (paramGrad) parameterGradientPassesRun++;
        try (NDManager pm = m.newSubManager()) {
            NDArray x = pm.create(images, xShape);
            if (!inputGrad && !paramGrad) { // a forward only (NASWOT's codes): nothing to differentiate
                net.forward(store, new NDList(x), training);
                return new Grads(null, List.of(), List.of());
            }
            if (inputGrad) x.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray logits = net.forward(store, new NDList(x), training).get(0);
                NDArray target = ce ? crossEntropySum(logits, labels, net.classes(), pm) : logits.sum();
                if (beforeBackward != null) beforeBackward.run();
                gc.backward(target);
            }
            float[] in = inputGrad ? x.getGradient().toFloatArray() : null;
            List<float[]> w = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            if (paramGrad) {
                for (Parameter p : net.weightTensors()) {
                    try (NDArray g = p.getArray().getGradient()) {
                        w.add(g.toFloatArray());
                        shapes.add(g.getShape());
                    }
                }
            }
            return new Grads(in, w, shapes);
        }
    }

    /** Σ_b -log softmax(logits_b)[label_b]. */
    private static NDArray crossEntropySum(NDArray logits, int[] labels, int classes, NDManager pm) {
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) oneHot[i * classes + labels[i]] = 1f;
        NDArray y = pm.create(oneHot, new Shape(labels.length, classes)).toDevice(logits.getDevice(), false);
        return logits.logSoftmax(1).mul(y).sum().neg();
    }

    /** A network with seeded PyTorch-default weights, parameter gradients on or off from the start. */
    static TinyNetwork build(Arch arch, int classes, long weightSeed, NDManager m, Shape xShape, boolean paramGrads) {
        TinyNetwork net = new TinyNetwork(arch, classes);
        PyTorchInit.apply(net, weightSeed);
        if (!paramGrads) net.setParameterGradients(false);
        net.initialize(m, DataType.FLOAT32, xShape);
        return net;
    }

    /** noisy_a = x + a · Var(x) · ε, ε standard normal from the pass's seeded stream, in a reused buffer. */
    /** noisy_a = x + a · Var(x) · ε (scores.md section 4), ε standard normal from the job's seeded stream for this pass. */
    float[] noisyBatch(Batch batch, Pass pass, long job) {
        float[] x = batch.images();
        if (noisy.length != x.length) noisy = new float[x.length];
        Gaussian.fill(noisy, x.length, new SplitMix64(Seeds.noise(job, pass)));
        double k = pass.level() * batch.variance();
        for (int i = 0; i < x.length; i++) noisy[i] = (float) (x[i] + k * noisy[i]);
        return noisy;
    }

    // ------------------------------------------------------------------------------------------- inputs

    /**
     * ZiCo's second batch (baselines.md §8): the B images after the clean batch in the same shuffle ({@code fixed})
     * or the same fresh draw ({@code fresh}); the shuffle is a prefix of the 2B-image one.
     */
    Batch secondBatch(ScoreConfig cfg, long job) {
        String sourceKey = cfg.dataset().id() + "|" + cfg.data();
        ImageSource source = sources.get(sourceKey);
        long seed = cfg.batchPolicy() == ScoreConfig.BatchPolicy.FRESH ? Seeds.freshBatch(job) : Seeds.fixedBatch(cfg.seed());
        int b = cfg.batchSize();
        if (cfg.batchPolicy() == ScoreConfig.BatchPolicy.FIXED) {
            String key = sourceKey + "|" + b + "|" + cfg.seed() + "|second";
            Batch cached = fixedBatches.get(key);
            if (cached != null) return cached;
            Batch second = source.batch(2 * b, seed).slice(b, 2 * b);
            fixedBatches.put(key, second);
            return second;
        }
        return source.batch(2 * b, seed).slice(b, 2 * b);
    }

    private Batch batch(ScoreConfig cfg, long job) {
        String sourceKey = cfg.dataset().id() + "|" + cfg.data();
        ImageSource source = sources.get(sourceKey);
        if (source == null) {
            source = ImageSources.open(cfg.dataset(), cfg.data());
            sources.put(sourceKey, source);
        }
        if (cfg.batchPolicy() == ScoreConfig.BatchPolicy.FRESH) {
            return source.batch(cfg.batchSize(), Seeds.freshBatch(job));
        }
        String key = sourceKey + "|" + cfg.batchSize() + "|" + cfg.seed();
        Batch b = fixedBatches.get(key);
        if (b == null) {
            b = source.batch(cfg.batchSize(), Seeds.fixedBatch(cfg.seed()));
            fixedBatches.put(key, b);
        }
        return b;
    }

    private Similarity.Scale eigenScale(ScoreConfig cfg) {
        if (cfg.normalisation() == ScoreConfig.Normalisation.BOUNDS) return Similarity.BOUNDS;
        if (minmax == null) {
            throw new IllegalArgumentException("normalisation 'minmax' needs a calibration (min, max) of raw JS values;"
                    + " this scorer was built without one");
        }
        return minmax;
    }

    /** Which passes and which similarities the requested scores need. */
    static final class Plan {
        final boolean input;
        final boolean param;
        final boolean paramEigen;
        final boolean paramCosine;
        final EnumSet<Pass> noisePasses = EnumSet.noneOf(Pass.class);
        private final EnumSet<Pass> eigen = EnumSet.noneOf(Pass.class);
        private final EnumSet<Pass> cosine = EnumSet.noneOf(Pass.class);

        Plan(Set<ScoreName> scores) {
            boolean in = false;
            boolean pe = false;
            boolean pc = false;
            for (ScoreName s : scores) {
                if (!s.paper()) continue;
                boolean e = s.similarity() == ScoreName.Similarity.EIGEN;
                if (s.space() == ScoreName.Space.INPUT) {
                    in = true;
                    for (Pass p : s.passes()) {
                        (e ? eigen : cosine).add(p);
                        if (p != Pass.CLEAN) noisePasses.add(p);
                    }
                } else if (e) {
                    pe = true;
                } else {
                    pc = true;
                }
            }
            input = in;
            paramEigen = pe;
            paramCosine = pc;
            param = pe || pc;
        }

        boolean eigen(Pass p) { return eigen.contains(p); }

        boolean cosine(Pass p) { return cosine.contains(p); }
    }

    // ------------------------------------------------------------------------------------------- misc

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

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) { return size() > capacity; }
        };
    }

    @Override
    public void close() {
        synchronized (PROCESS_LOCK) {
            if (closed) return;
            closed = true;
            sources.clear();
            fixedBatches.clear();
            base.close();
        }
    }
}
