package io.nasscore.scorer.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import io.nasscore.core.space.Op;

/** Factories of the NB201 building blocks with the reference flags (nb201-network.md sections 3 and 10). */
public final class Nb201Blocks {
    private Nb201Blocks() {}

    /** Conv2d without bias (the PyTorch layout (Cout, Cin, k, k)). */
    public static Conv2d conv(int filters, int kernel, int stride, int pad) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optBias(false)
                .build();
    }

    /** BatchNorm2d: axis 1, eps 1e-5, PyTorch momentum 0.1 (DJL's 0.9), affine. */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder().optAxis(1).optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /**
     * The {@code none} edge: x * 0, not zerosLike, so that NaN and inf stay NaN, as in the reference.
     *
     * <p>Not DJL's {@code x.mul(0)}: PtNDArray's scalar operations create the scalar with {@code torch::from_blob}
     * over a Java direct buffer and close it right after the operation, but autograd saves the scalar for the
     * backward (d(x c)/dx = c). Once the garbage collector frees that buffer, the backward multiplies by whatever
     * the freed memory holds: NaN or wrong input gradients depending on GC timing (the nondeterministic NaN of
     * the noise passes). Here the zero is allocated by torch, so autograd's reference keeps it alive, and it
     * belongs to x's manager (the pass). The same trap is in every DJL op taking a Number whose backward needs
     * the scalar (mul, div, pow, ...): never use them in a graph that is differentiated.
     */
    static NDArray timesZero(NDArray x) {
        NDArray zero = x.getManager().zeros(new Shape(), x.getDataType(), x.getDevice());
        return x.mul(zero);
    }

    /** The block of one cell edge (stride 1, C in = C out). */
    public static Block edge(Op op, int channels) { return edge(op, channels, new Probes()); }

    /** The block of one cell edge, its ReLU and BN under the network's probes. */
    public static Block edge(Op op, int channels, Probes probes) {
        return switch (op) {
            case NONE -> new Fn("Zero", Nb201Blocks::timesZero);
            case SKIP_CONNECT -> new Fn("Identity", x -> x);
            case NOR_CONV_1X1 -> new ReLUConvBN(channels, 1, 1, 0, probes);
            case NOR_CONV_3X3 -> new ReLUConvBN(channels, 3, 1, 1, probes);
            // count_include_pad = false: border averages divide by the in-image pixels only
            case AVG_POOL_3X3 -> new AvgPool3x3();
        };
    }
}
