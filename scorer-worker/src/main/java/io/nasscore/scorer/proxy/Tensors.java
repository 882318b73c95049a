package io.nasscore.scorer.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/** Copies of device tensors to float64 host arrays (exact for float32 and float64 tensors). */
public final class Tensors {
    private Tensors() {}

    public static double[] toDoubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) return a.toDoubleArray();
        try (NDArray d = a.toType(DataType.FLOAT64, false)) {
            return d.toDoubleArray();
        }
    }

    public static double[] toDoubles(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }

    /** The values of each parameter. */
    public static List<double[]> values(List<Parameter> params) {
        List<double[]> out = new ArrayList<>(params.size());
        for (Parameter p : params) out.add(toDoubles(p.getArray()));
        return out;
    }

    /** The gradient of each parameter. */
    public static List<double[]> gradients(List<Parameter> params) {
        List<double[]> out = new ArrayList<>(params.size());
        for (Parameter p : params) {
            try (NDArray g = p.getArray().getGradient()) {
                out.add(toDoubles(g));
            }
        }
        return out;
    }

    /** Sets the accumulated gradient of each parameter to 0 (PyTorch adds a backward's gradients to the old ones). */
    public static void zeroGradients(List<Parameter> params) {
        for (Parameter p : params) {
            if (!p.getArray().hasGradient()) continue;
            try (NDArray g = p.getArray().getGradient()) {
                g.subi(g);
            }
        }
    }
}
