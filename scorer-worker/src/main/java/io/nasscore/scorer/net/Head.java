package io.nasscore.scorer.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * lastact (BN -> ReLU), global average pooling to (N, C), classifier Linear(C -> K) with bias. Returns
 * (logits, features), features being the pooled (N, C) vector.
 */
public final class Head extends AbstractBlock {
    private final BatchNorm lastact;
    private final Linear classifier;
    private final int classes;
    private final Probes probes;

    public Head(int classes) { this(classes, new Probes()); }

    public Head(int classes, Probes probes) {
        this.classes = classes;
        this.probes = probes;
        lastact = addChildBlock("lastact", Nb201Blocks.batchNorm());
        classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).optBias(true).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList normalised = probes.batchNormIdentity ? inputs : lastact.forward(store, inputs, training, params);
        NDArray x = probes.relu(normalised.singletonOrThrow());
        NDArray features = Pool.globalAvgPool2d(x);
        NDArray logits = classifier.forward(store, new NDList(features), training, params).singletonOrThrow();
        return new NDList(logits, features);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), classes), new Shape(s.get(0), s.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        lastact.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, new Shape(s.get(0), s.get(1)));
    }
}
