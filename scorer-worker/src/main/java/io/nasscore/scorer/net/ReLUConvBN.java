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

/**
 * ReLU -> Conv2d(k x k, stride, pad, no bias) -> BatchNorm (nb201-network.md section 3): the {@code nor_conv_*}
 * edges and both branches of the reduction block's main path. Parameters: conv weight, BN gamma, BN beta.
 */
public final class ReLUConvBN extends AbstractBlock {
    private final Conv2d conv;
    private final BatchNorm bn;
    private final int stride;
    private final int filters;
    private final Probes probes;

    public ReLUConvBN(int filters, int kernel, int stride, int pad) { this(filters, kernel, stride, pad, new Probes()); }

    public ReLUConvBN(int filters, int kernel, int stride, int pad, Probes probes) {
        this.filters = filters;
        this.probes = probes;
        this.stride = stride;
        this.conv = addChildBlock("conv", Nb201Blocks.conv(filters, kernel, stride, pad));
        this.bn = addChildBlock("bn", Nb201Blocks.batchNorm());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = new NDList(probes.relu(inputs.singletonOrThrow()));
        x = conv.forward(store, x, training, params);
        return probes.batchNormIdentity ? x : bn.forward(store, x, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }

    @Override
    public String toString() { return "ReLUConvBN(" + filters + ", stride " + stride + ")"; }
}
