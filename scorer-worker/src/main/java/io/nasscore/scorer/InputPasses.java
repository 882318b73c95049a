package io.nasscore.scorer;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.Similarity;
import io.nasscore.core.space.SplitMix64;
import io.nasscore.scorer.GradientPass.Grads;
import io.nasscore.scorer.images.Batch;
import io.nasscore.scorer.images.Gaussian;
import io.nasscore.scorer.net.TinyNetwork;
import java.util.Map;

/**
 * The input-Jacobian similarities: the clean pass's, and the noisy passes' (0.1, 10, 100), which compute input
 * gradients only (the network's parameters have {@code requires_grad} off during them). Keeps one noise buffer
 * between jobs. Not thread-safe.
 */
final class InputPasses {
    private float[] noisy = new float[0];

    /**
     * Puts the similarity of the clean Jacobian {@code cleanJ} and of each noisy pass {@code plan} wants into
     * {@code sims}, the noisy passes' times into {@code passMillis}; returns the nanoseconds of similarity math.
     */
    long run(GradientPass passes, ScoringSetup s, PaperPlan plan, TinyNetwork inputNet, float[] cleanJ,
            Map<Pass, Similarity.Result> sims, Map<Pass, Double> passMillis) {
        Batch batch = s.batch();
        int b = batch.size();
        int cols = batch.imageValues();
        long simNanos = 0;
        long s0 = System.nanoTime();
        sims.put(Pass.CLEAN, Similarity.of(cleanJ, b, cols, plan.eigen(Pass.CLEAN), plan.cosine(Pass.CLEAN)));
        simNanos += System.nanoTime() - s0;
        boolean loss = s.cfg().target() == ScoreConfig.JacobianTarget.LOSS;
        for (Pass pass : plan.noisePasses) {
            long p0 = System.nanoTime();
            float[] x = noisyBatch(batch, pass, s.job());
            Grads g = passes.run(inputNet, s.store(), s.m(), x, s.xShape(), batch.labels(), loss, true, false, s.training());
            passMillis.put(pass, (System.nanoTime() - p0) / 1e6);
            long s1 = System.nanoTime();
            sims.put(pass, Similarity.of(g.input(), b, cols, plan.eigen(pass), plan.cosine(pass)));
            simNanos += System.nanoTime() - s1;
        }
        return simNanos;
    }

    /** noisy_a = x + a · Var(x) · ε (scores.md section 4), ε standard normal from the job's seeded stream for this pass. */
    float[] noisyBatch(Batch batch, Pass pass, long job) {
        float[] x = batch.images();
        if (noisy.length != x.length) noisy = new float[x.length];
        Gaussian.fill(noisy, x.length, new SplitMix64(Seeds.noise(job, pass)));
        double k = pass.level() * batch.variance();
        for (int i = 0; i < x.length; i++) noisy[i] = (float) (x[i] + k * noisy[i]);
        return noisy;
    }
}
