package io.nasscore.core.space;

/** The five NB201 edge operations, in the benchmark's order (the ordinal is the op index). */
public enum Op {
    NONE("none"),
    SKIP_CONNECT("skip_connect"),
    NOR_CONV_1X1("nor_conv_1x1"),
    NOR_CONV_3X3("nor_conv_3x3"),
    AVG_POOL_3X3("avg_pool_3x3");

    private final String nb201Name;

    Op(String nb201Name) { this.nb201Name = nb201Name; }

    /** The name used in NB201 arch strings. */
    public String nb201Name() { return nb201Name; }

    /** True for the two ReLU-Conv-BN ops, the only ones with trainable parameters. */
    public boolean isConv() { return this == NOR_CONV_1X1 || this == NOR_CONV_3X3; }

    /** The op with this NB201 name, or null. */
    public static Op byName(String name) {
        for (Op op : values()) {
            if (op.nb201Name.equals(name)) return op;
        }
        return null;
    }

    @Override public String toString() { return nb201Name; }
}
