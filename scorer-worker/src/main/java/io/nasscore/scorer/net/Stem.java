package io.nasscore.scorer.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Conv 3x3 (3 -> 16, pad 1, no bias) -> BN(16). No ReLU. */
public final class Stem extends AbstractBlock {
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Probes probes;

    public Stem(int channels) { this(channels, new Probes()); }

    public Stem(int channels, Probes probes) {
        this.probes = probes;
        conv = addChildBlock("conv", Nb201Blocks.conv(channels, 3, 1, 1));
        bn = addChildBlock("bn", Nb201Blocks.batchNorm());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = conv.forward(store, inputs, training, params);
        return probes.batchNormIdentity ? x : bn.forward(store, x, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return conv.getOutputShapes(inputShapes); }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
