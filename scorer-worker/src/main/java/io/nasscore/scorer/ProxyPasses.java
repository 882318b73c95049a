package io.nasscore.scorer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.nasscore.core.proxy.ProxyMath;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.Similarity;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SplitMix64;
import io.nasscore.scorer.images.Batch;
import io.nasscore.scorer.images.Gaussian;
import io.nasscore.scorer.net.PyTorchInit;
import io.nasscore.scorer.net.TinyNetwork;
import io.nasscore.scorer.proxy.AzNas;
import io.nasscore.scorer.proxy.NaswotKernel;
import io.nasscore.scorer.proxy.Synflow;
import io.nasscore.scorer.proxy.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proxies of one scoring after the clean pass (baselines.md): what the clean pass gave (weight gradients,
 * NASWOT's kernel, the output-sum Jacobian under that target) and the passes of their own that the requested
 * proxies need: jacov's input-gradient pass (unless the target is output-sum), ZiCo's second batch, synflow's
 * float64 pass and AZ-NAS's pass. Gradient proxies are in mean-CE units (divided by B).
 */
final class ProxyPasses {
    /** AZ-NAS's batch of Gaussian images (baselines.md §9.1). */
    static final int AZ_BATCH = 64;
    /** The single-number proxies that the degenerate-architecture rule sets to −∞ (baselines.md §1). */
    static final Set<ScoreName> OVERRIDDEN = Set.of(ScoreName.GRAD_NORM, ScoreName.SNIP, ScoreName.SYNFLOW,
            ScoreName.NWOT, ScoreName.JACOV, ScoreName.ZICO);

    private final GradientPass passes;
    private final ImageBatches batches;

    ProxyPasses(GradientPass passes, ImageBatches batches) {
        this.passes = passes;
        this.batches = batches;
    }

    /**
     * @param kNet the K-class network of the clean pass (seeded default init), or null when none was built
     * @param cleanWeightGrads its weight gradients of the clean batch (summed CE), or null
     * @param outputSumJ the clean output-sum input Jacobian when the run's target is output-sum, else null
     */
    record Context(Arch arch, ScoreConfig cfg, long weightSeed, long job, Batch batch, Shape xShape, boolean training,
                   ParameterStore store, NDManager m, TinyNetwork kNet, List<float[]> cleanWeightGrads,
                   float[] outputSumJ, NaswotKernel naswot) {
        int classes() { return cfg.dataset().classes(); }
    }

    /** Computes the wanted proxies into values (raw values of overridden ones into raw); returns the host-math nanos. */
    long run(ProxyPlan plan, Context c, Map<ScoreName, Double> values, Map<ScoreName, Double> raw, Map<Pass, Double> passMillis) {
        long math = 0;
        int b = c.batch().size();
        TinyNetwork net = c.kNet();
        if (net == null && (plan.has(ScoreName.L2_NORM) || plan.has(ScoreName.JACOV))) {
            net = GradientPass.build(c.arch(), c.classes(), c.weightSeed(), c.m(), c.xShape(), false);
        }
        List<double[]> g1 = c.cleanWeightGrads() == null ? null : doubles(c.cleanWeightGrads());
        List<double[]> weights = net == null ? null : Tensors.values(net.weightTensors());

        long s0 = System.nanoTime();
        if (plan.has(ScoreName.GRAD_NORM)) values.put(ScoreName.GRAD_NORM, ProxyMath.gradNorm(g1, 1.0 / b));
        if (plan.has(ScoreName.SNIP)) values.put(ScoreName.SNIP, ProxyMath.snip(weights, g1, 1.0 / b));
        if (plan.has(ScoreName.PLAIN)) values.put(ScoreName.PLAIN, ProxyMath.plain(weights, g1, 1.0 / b));
        if (plan.has(ScoreName.L2_NORM)) values.put(ScoreName.L2_NORM, ProxyMath.l2Norm(weights));
        if (plan.has(ScoreName.NWOT)) values.put(ScoreName.NWOT, c.naswot().logDet());
        math += System.nanoTime() - s0;

        if (plan.has(ScoreName.JACOV)) {
            float[] j = c.outputSumJ();
            if (j == null) {
                long p0 = System.nanoTime();
                j = passes.run(net, c.store(), c.m(), c.batch().images(), c.xShape(), c.batch().labels(), false, true,
                        false, c.training()).input();
                passMillis.put(Pass.JACOV, ms(System.nanoTime() - p0));
            }
            long s1 = System.nanoTime();
            values.put(ScoreName.JACOV, Similarity.of(j, b, c.batch().imageValues(), true, false).eigenRaw());
            math += System.nanoTime() - s1;
        }
        if (plan.has(ScoreName.ZICO)) {
            long p0 = System.nanoTime();
            Batch second = batches.secondBatch(c.cfg(), c.job());
            List<Parameter> ws = net.weightTensors();
            net.setParameterGradients(true);
            Tensors.zeroGradients(ws);
            List<float[]> g2 = passes.run(net, c.store(), c.m(), second.images(), c.xShape(), second.labels(), true,
                    false, true, c.training()).weights();
            net.setParameterGradients(false);
            passMillis.put(Pass.ZICO, ms(System.nanoTime() - p0));
            long s1 = System.nanoTime();
            values.put(ScoreName.ZICO, ProxyMath.zico(g1, doubles(g2)));
            math += System.nanoTime() - s1;
        }
        if (plan.has(ScoreName.SYNFLOW)) {
            long p0 = System.nanoTime();
            try (NDManager sm = c.m().newSubManager()) {
                TinyNetwork abs = new TinyNetwork(c.arch(), c.classes());
                PyTorchInit.apply(abs, c.weightSeed(), true);
                int side = c.batch().side();
                abs.initialize(sm, DataType.FLOAT64, new Shape(1, 3, side, side));
                values.put(ScoreName.SYNFLOW, ProxyMath.synflow(Synflow.sum(abs, c.store(), sm, side)));
            }
            passMillis.put(Pass.SYNFLOW, ms(System.nanoTime() - p0));
        }
        if (plan.az()) {
            long p0 = System.nanoTime();
            AzNas.Result az = az(c);
            passMillis.put(Pass.AZ, ms(System.nanoTime() - p0));
            if (plan.has(ScoreName.AZ_EXPRESSIVITY)) values.put(ScoreName.AZ_EXPRESSIVITY, az.expressivity());
            if (plan.has(ScoreName.AZ_PROGRESSIVITY)) values.put(ScoreName.AZ_PROGRESSIVITY, az.progressivity());
            if (plan.has(ScoreName.AZ_TRAINABILITY)) values.put(ScoreName.AZ_TRAINABILITY, az.trainability());
        }
        if (plan.has(ScoreName.AZ_FLOPS)) {
            values.put(ScoreName.AZ_FLOPS, Cost.flopsM(c.arch(), c.cfg().dataset()));
        }
        if (ProxyMath.degenerate(c.arch())) {
            for (ScoreName s : OVERRIDDEN) {
                Double v = values.get(s);
                if (v == null) continue;
                raw.put(s, v);
                values.put(s, Double.NEGATIVE_INFINITY);
            }
        }
        return math;
    }

    /**
     * AZ-NAS's own network (Kaiming normal from the job's AZ stream), its own Gaussian input of 64 images and
     * Rademacher signs: no reuse of the clean pass (baselines.md §9.3).
     */
    private static AzNas.Result az(Context c) {
        long seed = Seeds.az(c.job());
        int side = c.batch().side();
        Shape shape = new Shape(AZ_BATCH, 3, side, side);
        try (NDManager am = c.m().newSubManager()) {
            TinyNetwork net = new TinyNetwork(c.arch(), c.classes());
            PyTorchInit.applyKaimingNormal(net, SplitMix64.mix(seed, 1));
            net.setParameterGradients(false);
            net.initialize(am, DataType.FLOAT32, shape);
            float[] x = new float[Math.toIntExact(shape.size())];
            Gaussian.fill(x, x.length, new SplitMix64(SplitMix64.mix(seed, 2)));
            NDArray input = am.create(x, shape);
            return AzNas.compute(net, c.store(), am, input, (entry, n) -> {
                SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed, 16 + entry));
                double[] g = new double[n];
                for (int q = 0; q < n; q++) g[q] = rng.nextLong() < 0 ? -1 : 1;
                return g;
            }, c.training());
        }
    }

    private static List<double[]> doubles(List<float[]> in) {
        List<double[]> out = new ArrayList<>(in.size());
        for (float[] f : in) out.add(Tensors.toDoubles(f));
        return out;
    }

    private static double ms(long nanos) { return nanos / 1e6; }
}
