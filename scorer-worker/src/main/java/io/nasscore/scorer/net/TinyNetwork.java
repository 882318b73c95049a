package io.nasscore.scorer.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.nasscore.core.space.Arch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * NB201's {@code TinyNetwork(C = 16, N = 5, genotype, num_classes)} (nb201-network.md section 2): stem, 5 cells at
 * C, a reduction block, 5 cells at 2C, a reduction block, 5 cells at 4C, then lastact, global pooling and the
 * classifier. Forward returns (logits (N, K), features (N, 64)).
 *
 * <p>{@link #trainableParameters()} lists the trainable tensors in PyTorch's {@code named_parameters()} order
 * (section 6): DJL lists a block's own parameters, then its children's in {@code addChildBlock} order, and every
 * block here adds its children in the reference registration order; BN running statistics are filtered out.
 */
public final class TinyNetwork extends AbstractBlock {
    public static final int C = 16;
    public static final int N = 5;
    /** Channels of the last stage: the classifier's fan-in. */
    public static final int FEATURES = 4 * C;

    private final Arch arch;
    private final int classes;
    private final Stem stem;
    private final List<Block> cells = new ArrayList<>();
    private final Head head;
    private final Probes probes = new Probes();

    public TinyNetwork(Arch arch, int classes) {
        if (classes < 1) throw new IllegalArgumentException("the classifier needs at least 1 unit, got " + classes);
        this.arch = arch;
        this.classes = classes;
        stem = addChildBlock("stem", new Stem(C, probes));
        int c = C;
        for (int stage = 0; stage < 3; stage++) {
            if (stage > 0) {
                c *= 2;
                cells.add(addChildBlock("cells_" + cells.size(), new ResNetBasicBlock(c, probes)));
            }
            for (int i = 0; i < N; i++) cells.add(addChildBlock("cells_" + cells.size(), new InferCell(arch, c, probes)));
        }
        head = addChildBlock("head", new Head(classes, probes));
    }

    /** The hooks and switches the proxies set on this network (baselines.md). */
    public Probes probes() { return probes; }

    /** The stem block (conv, BN): F_0 of AZ-NAS is its output. */
    public Block stem() { return stem; }

    /** The 17 entries of the reference's {@code cells} list: 15 cells and the 2 reduction blocks, in order. */
    public List<Block> cells() { return Collections.unmodifiableList(cells); }

    public Arch arch() { return arch; }

    public int classes() { return classes; }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = stem.forward(store, inputs, training, params);
        for (Block cell : cells) x = cell.forward(store, x, training, params);
        return head.forward(store, x, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, classes), new Shape(n, FEATURES)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes);
        Shape[] shapes = stem.getOutputShapes(inputShapes);
        for (Block cell : cells) {
            cell.initialize(manager, dataType, shapes);
            shapes = cell.getOutputShapes(shapes);
        }
        head.initialize(manager, dataType, shapes);
    }

    /** The trainable tensors in PyTorch's order (section 6): T = 21 + 45k of them. */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : getParameters().values()) {
            if (isTrainable(p)) out.add(p);
        }
        return out;
    }

    /**
     * The tensors with two or more dimensions (conv and linear weights), N = 8 + 15k, in section 6 order: the
     * matrices of the parameter scores.
     */
    public List<Parameter> weightTensors() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : getParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) out.add(p);
        }
        return out;
    }

    /** Turns the gradient of every trainable tensor on or off (BN running statistics never have one). */
    public void setParameterGradients(boolean on) {
        for (Parameter p : trainableParameters()) p.freeze(!on);
    }

    static boolean isTrainable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }
}
