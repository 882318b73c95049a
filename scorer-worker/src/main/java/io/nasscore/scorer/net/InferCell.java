package io.nasscore.scorer.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.nasscore.core.space.Arch;

/**
 * The NB201 normal cell (nb201-network.md section 2.2): one op block per edge, added in canonical order
 * e0..e5 (so DJL's parameter order is PyTorch's), node i = the sum of its incoming edges, output = node 3 only.
 */
public final class InferCell extends AbstractBlock {
    private final Block[] edges = new Block[Arch.EDGES];

    public InferCell(Arch arch, int channels) { this(arch, channels, new Probes()); }

    public InferCell(Arch arch, int channels, Probes probes) {
        for (int e = 0; e < Arch.EDGES; e++) {
            edges[e] = addChildBlock("e" + e, Nb201Blocks.edge(arch.op(e), channels, probes));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray[] nodes = new NDArray[4];
        nodes[0] = inputs.singletonOrThrow();
        for (int node = 1; node <= 3; node++) {
            NDArray sum = null;
            for (int e = 0; e < Arch.EDGES; e++) {
                if (Arch.EDGE_TARGET[e] != node) continue;
                NDArray out = edges[e].forward(store, new NDList(nodes[Arch.EDGE_SOURCE[e]]), training, params).singletonOrThrow();
                sum = sum == null ? out : sum.add(out);
            }
            nodes[node] = sum;
        }
        return new NDList(nodes[3]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block edge : edges) edge.initialize(manager, dataType, inputShapes);
    }
}
