package io.nasscore.scorer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.nasscore.core.score.Similarity;
import io.nasscore.core.space.Arch;
import io.nasscore.scorer.net.PyTorchInit;
import io.nasscore.scorer.net.TinyNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One forward/backward pass of a network on a batch, and the networks it runs on (seeded PyTorch-default weights).
 * Counts the passes it ran. Not thread-safe: the scorer runs one scoring at a time.
 */
final class GradientPass {
    private final Engine engine;
    private final Supplier<Runnable> beforeBackward;
    private long passesRun;
    private long parameterGradientPassesRun;

    /** {@code beforeBackward} gives the test seam to run after each forward (null in production). */
    GradientPass(Engine engine, Supplier<Runnable> beforeBackward) {
        this.engine = engine;
        this.beforeBackward = beforeBackward;
    }

    /** Passes run so far (all kinds). */
    long passesRun() { return passesRun; }

    /** Of {@link #passesRun()}, the passes that computed parameter gradients. */
    long parameterGradientPassesRun() { return parameterGradientPassesRun; }

    /** The gradients one pass produced. */
    record Grads(float[] input, List<float[]> weights, List<Shape> shapes) {
        List<Similarity.Result> tensorSims(PaperPlan plan) {
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
    Grads run(TinyNetwork net, ParameterStore store, NDManager m, float[] images, Shape xShape, int[] labels,
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
                Runnable seam = beforeBackward.get();
                if (seam != null) seam.run();
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
}
