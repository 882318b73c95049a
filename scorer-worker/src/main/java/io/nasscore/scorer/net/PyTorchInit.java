package io.nasscore.scorer.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import io.nasscore.core.space.SplitMix64;
import io.nasscore.scorer.images.Gaussian;
import java.util.List;

/**
 * PyTorch's default initialisation (nb201-network.md section 7), drawn in Java from SplitMix64 streams so that a
 * seed gives the same weights on every device and engine version:
 * <ul>
 *   <li>conv and linear weights: U(-b, b) with b = 1/sqrt(fan_in), fan_in = product of shape[1..];</li>
 *   <li>the classifier bias: U(-1/sqrt(64), 1/sqrt(64)) = U(-0.125, 0.125) (the bound uses the weight's fan-in);</li>
 *   <li>BN gamma 1, beta 0, running mean 0, running variance 1 (DJL's defaults, kept).</li>
 * </ul>
 * Trainable tensor i (section 6 order) draws from the stream seeded by {@code SplitMix64.mix(seed, i)}: a
 * 1-unit-head network and a K-class network built from the same seed share every tensor but the classifier's.
 */
public final class PyTorchInit {
    private PyTorchInit() {}

    /** Sets the seeded initializers on every trainable tensor of a network not initialised yet. */
    public static void apply(TinyNetwork net, long seed) { apply(net, seed, false); }

    /**
     * The same draws; with {@code absolute} every value is replaced by its absolute value (synflow's copy of the
     * network, baselines.md §4).
     */
    public static void apply(TinyNetwork net, long seed, boolean absolute) {
        List<Parameter> params = net.trainableParameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            long s = SplitMix64.mix(seed, i);
            switch (p.getType()) {
                case WEIGHT -> p.setInitializer(new SeededUniform(s, 0.0, absolute));
                case BIAS -> p.setInitializer(new SeededUniform(s, 1.0 / Math.sqrt(TinyNetwork.FEATURES), absolute));
                case GAMMA -> p.setInitializer(Initializer.ONES);
                case BETA -> p.setInitializer(Initializer.ZEROS);
                default -> throw new IllegalStateException("unexpected parameter type " + p.getType() + " of " + p.getName());
            }
        }
    }

    /**
     * AZ-NAS's initialisation (baselines.md §9.1): every conv and linear weight N(0, 2/fan_in) (Kaiming normal,
     * fan-in mode, ReLU gain), the classifier bias 0, BN gamma 1 and beta 0; tensor i from {@code mix(seed, i)}.
     */
    public static void applyKaimingNormal(TinyNetwork net, long seed) {
        List<Parameter> params = net.trainableParameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            long s = SplitMix64.mix(seed, i);
            switch (p.getType()) {
                case WEIGHT -> p.setInitializer(new SeededKaimingNormal(s));
                case BIAS, BETA -> p.setInitializer(Initializer.ZEROS);
                case GAMMA -> p.setInitializer(Initializer.ONES);
                default -> throw new IllegalStateException("unexpected parameter type " + p.getType() + " of " + p.getName());
            }
        }
    }

    /** N(0, 2/fan_in) from a SplitMix64 stream. */
    public static final class SeededKaimingNormal implements Initializer {
        private final long seed;

        public SeededKaimingNormal(long seed) { this.seed = seed; }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            int n = Math.toIntExact(shape.size());
            float[] v = new float[n];
            Gaussian.fill(v, n, new SplitMix64(seed));
            float std = (float) Math.sqrt(2.0 / fanIn(shape));
            for (int j = 0; j < n; j++) v[j] *= std;
            return manager.create(v, shape).toType(dataType, false);
        }
    }

    /** U(-b, b) from a SplitMix64 stream; b = 1/sqrt(fan_in) of the shape when the fixed bound is 0. */
    public static final class SeededUniform implements Initializer {
        private final long seed;
        private final double bound;
        private final boolean absolute;

        public SeededUniform(long seed, double bound) { this(seed, bound, false); }

        public SeededUniform(long seed, double bound, boolean absolute) {
            this.seed = seed;
            this.bound = bound;
            this.absolute = absolute;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            double b = bound > 0 ? bound : 1.0 / Math.sqrt(fanIn(shape));
            int n = Math.toIntExact(shape.size());
            float[] v = new float[n];
            SplitMix64 rng = new SplitMix64(seed);
            for (int j = 0; j < n; j++) {
                double u = (rng.nextLong() >>> 11) * 0x1.0p-53; // [0, 1)
                v[j] = (float) ((2 * u - 1) * b);
                if (absolute) v[j] = Math.abs(v[j]);
            }
            return manager.create(v, shape).toType(dataType, false);
        }
    }

    /** product of shape[1..]: C_in * kH * kW for a conv, in-features for a linear weight. */
    public static long fanIn(Shape shape) {
        long f = 1;
        for (int d = 1; d < shape.dimension(); d++) f *= shape.get(d);
        return f;
    }
}
