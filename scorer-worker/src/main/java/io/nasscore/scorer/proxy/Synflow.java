package io.nasscore.scorer.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.nasscore.core.proxy.ProxyMath;
import io.nasscore.scorer.net.TinyNetwork;
import java.util.List;

/**
 * Synflow's pass (baselines.md §4) on a network whose weights are already |W| in float64: every BN made the
 * identity, one all-ones image, R = Σ logits, S = Σ_W Σ_i |W_i| ∂R/∂W_i. float64 is mandatory: S reaches 7·10^49.
 */
public final class Synflow {
    private Synflow() {}

    /** S (not its log) for a float64 network built with absolute weights; turns its BNs into the identity. */
    public static double sum(TinyNetwork net, ParameterStore store, NDManager m, int side) {
        net.probes().batchNormIdentity = true;
        List<Parameter> weights = net.weightTensors();
        try (NDManager pm = m.newSubManager()) {
            NDArray x = pm.ones(new Shape(1, 3, side, side), DataType.FLOAT64);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = net.forward(store, new NDList(x), true).get(0);
                gc.backward(logits.sum());
            }
            return ProxyMath.synflowSum(Tensors.values(weights), Tensors.gradients(weights));
        }
    }
}
