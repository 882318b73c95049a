package io.nasscore.scorer.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code avg_pool_3x3}: AvgPool2d(3, stride 1, pad 1, count_include_pad = false): at the border the average is
 * over the in-image pixels only (corners divide by 4, edges by 6, the interior by 9).
 *
 * <p>DJL 0.33's PyTorch engine ignores the {@code countIncludePad} argument of {@code Pool.avgPool2d} (every
 * combination of the flags gives the count-include-pad result; checked on pytorch-native 2.5.1), so this block
 * pools with padding counted and rescales by the constant map 9 / count(h, w): the same values, and the same
 * gradient, as PyTorch's {@code count_include_pad=False}.
 */
final class AvgPool3x3 extends AbstractBlock {
    private static final Shape K3 = new Shape(3, 3);
    private static final Shape S1 = new Shape(1, 1);

    private float[] scale;
    private long scaleH = -1;
    private long scaleW = -1;

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray pooled = Pool.avgPool2d(x, K3, S1, S1, false, true);
        NDArray map = x.getManager().create(scaleMap(h, w), new Shape(1, 1, h, w)).toDevice(x.getDevice(), false);
        return new NDList(pooled.mul(map));
    }

    /** 9 / (number of in-image pixels of each 3x3 window). */
    float[] scaleMap(long h, long w) {
        if (scale == null || h != scaleH || w != scaleW) {
            float[] s = new float[Math.toIntExact(h * w)];
            for (int i = 0; i < h; i++) {
                int rows = (i > 0 ? 1 : 0) + 1 + (i < h - 1 ? 1 : 0);
                for (int j = 0; j < w; j++) {
                    int cols = (j > 0 ? 1 : 0) + 1 + (j < w - 1 ? 1 : 0);
                    s[(int) (i * w + j)] = 9f / (rows * cols);
                }
            }
            scale = s;
            scaleH = h;
            scaleW = w;
        }
        return scale;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }

    @Override
    public String toString() { return "AvgPool3x3(count_include_pad=false)"; }
}
