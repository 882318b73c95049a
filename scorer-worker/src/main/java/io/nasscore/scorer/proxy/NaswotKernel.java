package io.nasscore.scorer.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.nasscore.core.proxy.ProxyMath;
import java.util.function.Consumer;

/**
 * NASWOT's ReLU hook (baselines.md §5): for the input u of every ReLU of a forward, the binary codes c = [u > 0]
 * per sample (flattened over C x H x W) are reduced on the device to G = c cᵀ and s = c 1, added into float64 host
 * accumulators; {@link #logDet()} then builds K = 2G − s1ᵀ − 1sᵀ + N11ᵀ and takes ln |det K|. The codes do not
 * take part in the graph (a comparison has no gradient), so the hooked forward is the clean pass itself.
 */
public final class NaswotKernel implements Consumer<NDArray> {
    private final int b;
    private final double[] g;
    private final double[] s;
    private double units;
    private int relus;

    public NaswotKernel(int batch) {
        this.b = batch;
        this.g = new double[batch * batch];
        this.s = new double[batch];
    }

    @Override
    public void accept(NDArray u) {
        long n = u.getShape().size() / b;
        try (NDArray flat = u.reshape(b, n);
             NDArray positive = flat.gt(0);
             NDArray c = positive.toType(u.getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32, false);
             NDArray ct = c.transpose();
             NDArray gram = c.matMul(ct);
             NDArray active = c.sum(new int[] {1});
             NDArray gram64 = gram.toType(DataType.FLOAT64, false);
             NDArray active64 = active.toType(DataType.FLOAT64, false)) {
            // entries are counts <= n_r <= 2^24: exact in float32
            double[] gv = gram64.toDoubleArray();
            double[] sv = active64.toDoubleArray();
            for (int i = 0; i < gv.length; i++) g[i] += gv[i];
            for (int i = 0; i < b; i++) s[i] += sv[i];
        }
        units += n;
        relus++;
    }

    /** N = Σ_r n_r, the units hooked. */
    public double units() { return units; }

    /** ReLUs hooked: 15k + 5 for a forward of the NB201 network. */
    public int relus() { return relus; }

    /** The kernel K (B x B, row-major). */
    public double[] kernel() { return ProxyMath.naswotKernel(g, s, units, b); }

    /** nwot = ln |det K|. */
    public double logDet() { return ProxyMath.logAbsDet(kernel(), b); }
}
