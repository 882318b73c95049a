package io.nasscore.scorer.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.nasscore.core.proxy.AzMath;
import io.nasscore.scorer.net.TinyNetwork;
import java.util.List;

/**
 * AZ-NAS's pass (baselines.md §9): forward stem then cell by cell; for entry i a fresh leaf copy of F_{i−1}, the
 * entry run under a gradient collector, backward ⟨F_i, G_out⟩ with G_out = ±1, G_in read from the leaf. BN batch
 * statistics are those of a one-piece forward (they depend only on the entry's input). Parameters must not
 * require gradients (input gradients only).
 */
public final class AzNas {
    private AzNas() {}

    /** G_out of entry i (1..17) for a feature map of n values: ±1 each. */
    public interface Signs {
        double[] draw(int entry, int n);
    }

    /**
     * @param h the 18 entropies H_0..H_17
     * @param t the 17 trainability terms t_1..t_17
     */
    public record Result(double expressivity, double progressivity, double trainability, double[] h, double[] t) {}

    public static Result compute(TinyNetwork net, ParameterStore store, NDManager m, NDArray x, Signs signs, boolean training) {
        Engine engine = Engine.getEngine("PyTorch");
        List<Block> cells = net.cells();
        double[] h = new double[cells.size() + 1];
        double[] t = new double[cells.size()];
        try (NDManager am = m.newSubManager()) {
            NDArray prev = net.stem().forward(store, new NDList(x), training).singletonOrThrow().stopGradient();
            prev.attach(am);
            h[0] = entropy(prev);
            for (int i = 1; i <= cells.size(); i++) {
                try (NDManager cm = am.newSubManager()) {
                    NDArray leaf = prev.duplicate();
                    leaf.attach(cm);
                    leaf.setRequiresGradient(true);
                    NDArray out;
                    double[] gOut;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        out = cells.get(i - 1).forward(store, new NDList(leaf), training).singletonOrThrow();
                        gOut = signs.draw(i, Math.toIntExact(out.size()));
                        NDArray g = cm.create(gOut, out.getShape()).toType(out.getDataType(), false);
                        gc.backward(out.mul(g).sum());
                    }
                    double[] gIn = Tensors.toDoubles(leaf.getGradient());
                    NDArray next = out.stopGradient();
                    next.attach(am);
                    Shape si = leaf.getShape();
                    Shape so = next.getShape();
                    h[i] = entropy(next);
                    t[i - 1] = AzMath.trainability(gIn, (int) si.get(1), (int) si.get(2), (int) si.get(3), gOut,
                            (int) so.get(0), (int) so.get(1), (int) so.get(2), (int) so.get(3));
                    prev.close();
                    prev = next;
                }
            }
        }
        double e = 0;
        for (double v : h) e += v;
        double p = Double.POSITIVE_INFINITY;
        for (int i = 1; i < h.length; i++) p = Math.min(p, h[i] - h[i - 1]);
        double tr = 0;
        for (double v : t) tr += v;
        tr /= t.length;
        return new Result(AzMath.orMinusInfinity(e), AzMath.orMinusInfinity(p), AzMath.orMinusInfinity(tr), h, t);
    }

    private static double entropy(NDArray f) {
        Shape s = f.getShape();
        return AzMath.entropy(Tensors.toDoubles(f), (int) s.get(0), (int) s.get(1), (int) (s.get(2) * s.get(3)));
    }
}
