package io.nasscore.scorer.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The NB201 reduction block (nb201-network.md section 2.1), stride 2: output = shortcut(x) + conv_b(conv_a(x)),
 * shortcut = AvgPool 2x2/2 -> Conv 1x1 (no BN, no ReLU). Children in the order conv_a, conv_b, shortcut, which
 * is PyTorch's parameter order (the shortcut comes last).
 */
public final class ResNetBasicBlock extends AbstractBlock {
    private static final Shape K2 = new Shape(2, 2);

    private final ReLUConvBN convA;
    private final ReLUConvBN convB;
    private final Block shortcutPool;
    private final Conv2d shortcutConv;

    public ResNetBasicBlock(int planes) { this(planes, new Probes()); }

    public ResNetBasicBlock(int planes, Probes probes) {
        convA = addChildBlock("conv_a", new ReLUConvBN(planes, 3, 2, 1, probes));
        convB = addChildBlock("conv_b", new ReLUConvBN(planes, 3, 1, 1, probes));
        shortcutPool = addChildBlock("downsample_pool", new Fn("AvgPool2x2", x -> Pool.avgPool2d(x, K2, K2, new Shape(0, 0), false, true),
                s -> new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2)));
        shortcutConv = addChildBlock("downsample_conv", Nb201Blocks.conv(planes, 1, 1, 0));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList main = convB.forward(store, convA.forward(store, inputs, training, params), training, params);
        NDList shortcut = shortcutConv.forward(store, shortcutPool.forward(store, inputs, training, params), training, params);
        return new NDList(shortcut.singletonOrThrow().add(main.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return convA.getOutputShapes(inputShapes); }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        convA.initialize(manager, dataType, inputShapes);
        Shape[] reduced = convA.getOutputShapes(inputShapes);
        convB.initialize(manager, dataType, reduced);
        shortcutPool.initialize(manager, dataType, inputShapes);
        shortcutConv.initialize(manager, dataType, shortcutPool.getOutputShapes(inputShapes));
    }
}
