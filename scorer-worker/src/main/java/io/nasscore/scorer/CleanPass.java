package io.nasscore.scorer;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.Similarity;
import io.nasscore.scorer.GradientPass.Grads;
import io.nasscore.scorer.net.TinyNetwork;
import io.nasscore.scorer.proxy.NaswotKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * The clean batch's passes and the parameter gradients. With the {@code loss} target one pass gives the input
 * gradient and, when a parameter score (or a gradient proxy) is requested, the parameter gradients in the same
 * backward. With {@code output-sum} and {@code mellor}, parameter gradients need a pass of their own (cross-entropy of
 * the K-class network, no input gradient) before the input-gradient pass; both count as the clean pass. NASWOT's
 * kernel is filled by the first of them (or by a forward alone when nothing else runs).
 */
final class CleanPass {
    /**
     * What the clean passes gave.
     *
     * @param kNet        the K-class network (seeded default init), null when none was built
     * @param inputNet    the network of the input-gradient passes (the noisy ones too), null when none
     * @param inputJ      the clean input Jacobian, null when no input score is requested
     * @param weightGrads the weight gradients of the clean batch (summed CE), null when not computed
     * @param outputSumJ  the clean input Jacobian when the target is output-sum, else null
     * @param tensorSims  the weight-tensor similarities (empty when no parameter score is requested)
     * @param millis      the clean passes' time, null when none ran
     * @param simNanos    the time of the similarity math
     */
    record Result(TinyNetwork kNet, TinyNetwork inputNet, float[] inputJ, List<float[]> weightGrads, float[] outputSumJ,
            List<Similarity.Result> tensorSims, Double millis, long simNanos) {}

    private CleanPass() {}

    /** Runs the clean passes that {@code plan}, {@code weightGrads} (gradient proxies) and {@code naswot} need. */
    static Result run(GradientPass passes, ScoringSetup s, PaperPlan plan, boolean weightGrads, NaswotKernel naswot) {
        return s.cfg().target() == ScoreConfig.JacobianTarget.LOSS
                ? loss(passes, s, plan, weightGrads, naswot)
                : outputTarget(passes, s, plan, weightGrads, naswot);
    }

    private static Result loss(GradientPass passes, ScoringSetup s, PaperPlan plan, boolean weightGrads, NaswotKernel naswot) {
        if (!(plan.input || weightGrads || naswot != null)) return new Result(null, null, null, null, null, new ArrayList<>(), null, 0);
        TinyNetwork kNet = GradientPass.build(s.arch(), s.classes(), s.weightSeed(), s.m(), s.xShape(), weightGrads);
        kNet.probes().reluInput = naswot;
        long p0 = System.nanoTime();
        Grads g = passes.run(kNet, s.store(), s.m(), s.batch().images(), s.xShape(), s.batch().labels(), true, plan.input,
                weightGrads, s.training());
        double millis = ms(System.nanoTime() - p0);
        kNet.probes().reluInput = null;
        long s0 = System.nanoTime();
        List<Similarity.Result> tensorSims = plan.param ? g.tensorSims(plan) : new ArrayList<>();
        long simNanos = System.nanoTime() - s0;
        if (weightGrads) kNet.setParameterGradients(false);
        return new Result(kNet, kNet, g.input(), g.weights(), null, tensorSims, millis, simNanos);
    }

    private static Result outputTarget(GradientPass passes, ScoringSetup s, PaperPlan plan, boolean weightGrads,
            NaswotKernel naswot) {
        boolean outputSum = s.cfg().target() == ScoreConfig.JacobianTarget.OUTPUT_SUM;
        TinyNetwork kNet = null;
        TinyNetwork inputNet = null;
        float[] inputJ = null;
        List<float[]> weightGradients = null;
        List<Similarity.Result> tensorSims = new ArrayList<>();
        long simNanos = 0;
        double cleanNanos = 0;
        boolean clean = false;
        if (weightGrads) {
            kNet = GradientPass.build(s.arch(), s.classes(), s.weightSeed(), s.m(), s.xShape(), true);
            kNet.probes().reluInput = naswot;
            long p0 = System.nanoTime();
            Grads g = passes.run(kNet, s.store(), s.m(), s.batch().images(), s.xShape(), s.batch().labels(), true, false,
                    true, s.training());
            cleanNanos += System.nanoTime() - p0;
            kNet.probes().reluInput = null;
            clean = true;
            weightGradients = g.weights();
            long s0 = System.nanoTime();
            if (plan.param) tensorSims = g.tensorSims(plan);
            simNanos += System.nanoTime() - s0;
            kNet.setParameterGradients(false);
        }
        if (plan.input) {
            if (outputSum) {
                inputNet = kNet != null ? kNet : GradientPass.build(s.arch(), s.classes(), s.weightSeed(), s.m(), s.xShape(), false);
            } else {
                inputNet = GradientPass.build(s.arch(), 1, s.weightSeed(), s.m(), s.xShape(), false); // Mellor: a 1-unit head
            }
            if (!clean) inputNet.probes().reluInput = naswot; // the codes precede the head: any head will do
            long p0 = System.nanoTime();
            Grads g = passes.run(inputNet, s.store(), s.m(), s.batch().images(), s.xShape(), s.batch().labels(), false,
                    true, false, s.training());
            cleanNanos += System.nanoTime() - p0;
            inputNet.probes().reluInput = null;
            clean = true;
            inputJ = g.input();
        }
        if (!clean && naswot != null) { // NASWOT alone: a forward is all it needs
            kNet = GradientPass.build(s.arch(), s.classes(), s.weightSeed(), s.m(), s.xShape(), false);
            kNet.probes().reluInput = naswot;
            long p0 = System.nanoTime();
            passes.run(kNet, s.store(), s.m(), s.batch().images(), s.xShape(), s.batch().labels(), true, false, false,
                    s.training());
            cleanNanos += System.nanoTime() - p0;
            kNet.probes().reluInput = null;
            clean = true;
        }
        return new Result(kNet, inputNet, inputJ, weightGradients, outputSum ? inputJ : null, tensorSims,
                clean ? ms((long) cleanNanos) : null, simNanos);
    }

    private static double ms(long nanos) { return nanos / 1e6; }
}
