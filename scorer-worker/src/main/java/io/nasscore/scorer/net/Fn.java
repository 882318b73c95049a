package io.nasscore.scorer.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;

/**
 * A parameter-free block applying a function to its single input. Unlike DJL's {@code LambdaBlock}, its output
 * shape is computed arithmetically instead of by running the function on zeros, so building a network per job
 * allocates no tensors for shape inference.
 */
final class Fn extends AbstractBlock {
    private final String name;
    private final UnaryOperator<NDArray> function;
    private final UnaryOperator<Shape> shape;

    Fn(String name, UnaryOperator<NDArray> function, UnaryOperator<Shape> shape) {
        this.name = name;
        this.function = function;
        this.shape = shape;
    }

    /** A shape-preserving function. */
    Fn(String name, UnaryOperator<NDArray> function) { this(name, function, UnaryOperator.identity()); }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(function.apply(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {shape.apply(inputShapes[0])}; }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType,
                                         Shape... inputShapes) {
        // no children
    }

    @Override
    public String toString() { return name + "()"; }
}
