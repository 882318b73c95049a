package io.nasscore.core.space;

import java.util.Arrays;

/**
 * One NB201 cell: an op on each of the six edges, in canonical edge order
 * e0 = 1<-0, e1 = 2<-0, e2 = 2<-1, e3 = 3<-0, e4 = 3<-1, e5 = 3<-2.
 */
public final class Arch {
    public static final int EDGES = 6;
    /** Source node of each edge. */
    public static final int[] EDGE_SOURCE = {0, 0, 1, 0, 1, 2};
    /** Target node of each edge. */
    public static final int[] EDGE_TARGET = {1, 2, 2, 3, 3, 3};

    private final Op[] ops;

    private Arch(Op[] ops) { this.ops = ops; }

    public static Arch of(Op... ops) {
        if (ops.length != EDGES) {
            throw new InvalidArchException("an NB201 cell has 6 edges, got " + ops.length);
        }
        for (Op op : ops) {
            if (op == null) throw new InvalidArchException("an NB201 cell edge has no op");
        }
        return new Arch(ops.clone());
    }

    /** The cell whose base-5 digits (e0 most significant) are the op indices: the pre-shuffle order. */
    public static Arch ofPreIndex(int pre) {
        if (pre < 0 || pre >= SearchSpace.SIZE) {
            throw new InvalidArchException("pre-shuffle index " + pre + " is outside 0.." + (SearchSpace.SIZE - 1));
        }
        Op[] ops = new Op[EDGES];
        for (int e = EDGES - 1; e >= 0; e--) {
            ops[e] = Op.values()[pre % 5];
            pre /= 5;
        }
        return new Arch(ops);
    }

    /**
     * Parses the canonical NB201 string {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}. Anything else
     * (other node counts, sources out of order, unknown ops, spaces) is rejected with a message that
     * names the string and the problem, so that string-to-index lookups stay exact.
     */
    public static Arch parse(String s) {
        if (s == null || s.isEmpty()) throw new InvalidArchException("empty arch string");
        String[] nodes = s.split("\\+", -1);
        if (nodes.length != 3) {
            throw new InvalidArchException("arch '" + s + "': expected 3 node groups joined by '+', found " + nodes.length);
        }
        Op[] ops = new Op[EDGES];
        int e = 0;
        for (int node = 1; node <= 3; node++) {
            String group = nodes[node - 1];
            if (group.length() < 2 || group.charAt(0) != '|' || group.charAt(group.length() - 1) != '|') {
                throw new InvalidArchException("arch '" + s + "': node " + node + " group '" + group
                        + "' must start and end with '|'");
            }
            String[] edges = group.substring(1, group.length() - 1).split("\\|", -1);
            if (edges.length != node) {
                throw new InvalidArchException("arch '" + s + "': node " + node + " must have " + node
                        + " input edge(s), found " + edges.length);
            }
            for (int j = 0; j < node; j++) {
                String edge = edges[j];
                int tilde = edge.indexOf('~');
                if (tilde < 0) {
                    throw new InvalidArchException("arch '" + s + "': edge '" + edge + "' must be op~source");
                }
                String name = edge.substring(0, tilde);
                String src = edge.substring(tilde + 1);
                Op op = Op.byName(name);
                if (op == null) {
                    throw new InvalidArchException("arch '" + s + "': unknown op '" + name
                            + "' (expected none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)");
                }
                if (!src.equals(Integer.toString(j))) {
                    throw new InvalidArchException("arch '" + s + "': node " + node + " edge " + (j + 1)
                            + " must come from node " + j + ", found '~" + src + "'");
                }
                ops[e++] = op;
            }
        }
        return new Arch(ops);
    }

    public Op op(int edge) { return ops[edge]; }

    public Op[] ops() { return ops.clone(); }

    /** How many edges carry this op. */
    public int count(Op op) {
        int n = 0;
        for (Op o : ops) if (o == op) n++;
        return n;
    }

    /** k: edges with parameters (conv 1x1 or 3x3) per cell. */
    public int convEdges() { return count(Op.NOR_CONV_1X1) + count(Op.NOR_CONV_3X3); }

    /** The base-5 number of the op indices, e0 most significant: position in the pre-shuffle enumeration. */
    public int preIndex() {
        int p = 0;
        for (Op op : ops) p = p * 5 + op.ordinal();
        return p;
    }

    /** The official NB201 index of this cell. */
    public int index() { return SearchSpace.indexOf(this); }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        int e = 0;
        for (int node = 1; node <= 3; node++) {
            if (node > 1) b.append('+');
            b.append('|');
            for (int j = 0; j < node; j++) {
                b.append(ops[e++].nb201Name()).append('~').append(j).append('|');
            }
        }
        return b.toString();
    }

    @Override public boolean equals(Object o) { return o instanceof Arch a && Arrays.equals(ops, a.ops); }

    @Override public int hashCode() { return Arrays.hashCode(ops); }
}
