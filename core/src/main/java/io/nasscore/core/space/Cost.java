package io.nasscore.core.space;

import io.nasscore.core.Dataset;

/**
 * Exact parameter counts, tensor counts and NB201 FLOPs of the TinyNetwork(C=16, N=5) built on a cell.
 * The closed forms are the reference model's (nb201-network.md sections 5 and 6).
 */
public final class Cost {
    private Cost() {}

    /** Trainable parameters with a K-class head: 72,656 + 65K + 243,040 n3 + 28,000 n1. */
    public static long params(Arch arch, int numClasses) {
        return 72_656L + 65L * numClasses
                + 243_040L * arch.count(Op.NOR_CONV_3X3)
                + 28_000L * arch.count(Op.NOR_CONV_1X1);
    }

    /** Trainable parameter tensors (PyTorch's named_parameters): 21 + 45k. */
    public static int tensors(Arch arch) { return 21 + 45 * arch.convEdges(); }

    /**
     * Parameter tensors with two or more dimensions (conv and linear weights), N in the parameter scores:
     * the stem conv, one conv per parametric edge in each of the 15 cells, three per reduction block
     * and the classifier weight, so 8 + 15k.
     */
    public static int weightTensors(Arch arch) { return 8 + 15 * arch.convEdges(); }

    /**
     * NB201 "FLOPs" in millions: multiply-accumulates of Conv2d and Linear only (pooling not counted, the
     * Linear bias counted), at 32x32 for CIFAR and 16x16 for ImageNet16-120.
     */
    public static double flopsM(Arch arch, Dataset dataset, int numClasses) {
        long n3 = arch.count(Op.NOR_CONV_3X3);
        long n1 = arch.count(Op.NOR_CONV_1X1);
        long macs = dataset.imageSize() == 32
                ? 7_782_400L + 65L * numClasses + 35_389_440L * n3 + 3_932_160L * n1
                : 1_945_600L + 65L * numClasses + 8_847_360L * n3 + 983_040L * n1;
        return macs / 1e6;
    }

    public static double flopsM(Arch arch, Dataset dataset) { return flopsM(arch, dataset, dataset.classes()); }
}
