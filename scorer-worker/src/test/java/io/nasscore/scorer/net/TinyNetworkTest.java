package io.nasscore.scorer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TinyNetworkTest {
    static NDManager base;

    @BeforeAll
    static void engine() { base = NDManager.newBaseManager("PyTorch"); }

    @AfterAll
    static void close() { base.close(); }

    /** nb201-network.md section 5.2: every row, parameter count at K = 10, 100, 120, 1, and tensor count. */
    @ParameterizedTest(name = "arch {0}")
    @CsvSource({
        "1462, 1531546, 1537396, 1538696, 1530961, 291",
        "1651, 73306, 79156, 80456, 72721, 21",
        "1835, 73306, 79156, 80456, 72721, 21",
        "7581, 73306, 79156, 80456, 72721, 21",
        "4317, 241306, 247156, 248456, 240721, 291",
        "9930, 1288506, 1294356, 1295656, 1287921, 246",
        "6111, 1073466, 1079316, 1080616, 1072881, 246",
        "1, 802426, 808276, 809576, 801841, 156",
        "0, 129306, 135156, 136456, 128721, 111",
        "11, 802426, 808276, 809576, 801841, 156",
        "284, 101306, 107156, 108456, 100721, 66",
        "15624, 185306, -1, -1, -1, 201",
    })
    void parameterCountsMatchTheReferenceTable(int index, long k10, long k100, long k120, long k1, int tensors) {
        Arch arch = SearchSpace.arch(index);
        long[] expected = {k10, k100, k120, k1};
        int[] classes = {10, 100, 120, 1};
        for (int c = 0; c < classes.length; c++) {
            if (expected[c] < 0) continue;
            try (NDManager m = base.newSubManager()) {
                TinyNetwork net = new TinyNetwork(arch, classes[c]);
                net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
                List<Parameter> ps = net.trainableParameters();
                long count = ps.stream().mapToLong(p -> p.getArray().size()).sum();
                assertThat(count).as("arch %d K=%d", index, classes[c]).isEqualTo(expected[c]);
                assertThat(ps).hasSize(tensors);
                assertThat(count).isEqualTo(Cost.params(arch, classes[c]));
                assertThat(net.weightTensors()).hasSize(Cost.weightTensors(arch));
                assertThat(net.weightTensors()).allMatch(p -> p.getArray().getShape().dimension() >= 2);
                assertThat(ps.stream().filter(p -> p.getArray().getShape().dimension() >= 2).count())
                        .isEqualTo(Cost.weightTensors(arch));
            }
        }
    }

    /** Section 6: the tensor order of arch 1 (k = 3, T = 156). */
    @Test
    void parameterOrderOfArch1() {
        try (NDManager m = base.newSubManager()) {
            TinyNetwork net = new TinyNetwork(SearchSpace.arch(1), 10);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            List<Parameter> ps = net.trainableParameters();
            assertThat(ps).hasSize(156);
            assertThat(shape(ps, 0)).isEqualTo(new Shape(16, 3, 3, 3));
            assertThat(shape(ps, 1)).isEqualTo(new Shape(16));
            assertThat(ps.get(1).getType()).isEqualTo(Parameter.Type.GAMMA);
            assertThat(ps.get(2).getType()).isEqualTo(Parameter.Type.BETA);
            assertThat(shape(ps, 3)).isEqualTo(new Shape(16, 16, 3, 3));
            assertThat(shape(ps, 48)).isEqualTo(new Shape(32, 16, 3, 3)); // reduction 1 conv_a
            assertThat(shape(ps, 51)).isEqualTo(new Shape(32, 32, 3, 3)); // conv_b
            assertThat(shape(ps, 54)).isEqualTo(new Shape(32, 16, 1, 1)); // shortcut, last
            assertThat(shape(ps, 100)).isEqualTo(new Shape(64, 32, 3, 3));
            assertThat(shape(ps, 106)).isEqualTo(new Shape(64, 32, 1, 1));
            assertThat(ps.get(152).getType()).isEqualTo(Parameter.Type.GAMMA);
            assertThat(shape(ps, 154)).isEqualTo(new Shape(10, 64));
            assertThat(shape(ps, 155)).isEqualTo(new Shape(10));
        }
    }

    /** Section 9: logits, their sum and sum(features), train and eval; plus the input-gradient norms. */
    @ParameterizedTest(name = "arch {0} K={1} H={2} {3}")
    @CsvSource({
        "1, 10, 32, train, -0.0587620, -0.0380876, 0.0193280, 0.0656667, -0.0572187, -0.0368924, 0.0194196, 0.0645967, -0.2784308, 95.47699, 1.152702",
        "1, 10, 32, eval, -0.0481139, -0.0408306, 0.0049281, 0.0487135, -0.0490010, -0.0420937, 0.0040875, 0.0488269, -0.2686663, 50.16569, 0.1422569",
        "284, 10, 32, train, 0.0510381, -0.0025383, -0.0541287, -0.0592139, 0.0398089, 0.0049740, -0.0326243, -0.0373124, 0.0262383, 92.90719, 3.238516",
        "1, 120, 16, train, -0.0431318, -0.0187897, 0.0300934, 0.0610937, -0.0581942, -0.0451743, 0.0090670, 0.0587184, 0.1117428, 101.0725, 0.3921637",
        "1, 120, 16, eval, -0.0598161, -0.0466567, 0.0086613, 0.0596459, -0.0493499, -0.0434746, 0.0025475, 0.0481014, -0.0256999, 45.84073, 0.3226594",
    })
    void deterministicForwardOracle(int index, int classes, int h, String mode,
                                    double a0, double a1, double a2, double a3, double d0, double d1, double d2, double d3,
                                    double logitSum, double featureSum, double gradNorm) {
        boolean training = mode.equals("train");
        try (NDManager m = base.newSubManager()) {
            TinyNetwork net = new TinyNetwork(SearchSpace.arch(index), classes);
            List<Parameter> ps = net.trainableParameters();
            for (int i = 0; i < ps.size(); i++) ps.get(i).setInitializer(new FormulaInit(i, ps.get(i).getType()));
            Shape shape = new Shape(4, 3, h, h);
            net.initialize(m, DataType.FLOAT32, shape);
            float[] xs = new float[Math.toIntExact(shape.size())];
            for (int q = 0; q < xs.length; q++) xs[q] = (float) (Math.sin(0.013 * q) + 0.5 * Math.cos(0.071 * q));
            NDArray x = m.create(xs, shape);
            x.setRequiresGradient(true);
            double norm;
            float[] logits;
            float[] features;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = net.forward(new ParameterStore(m, false), new NDList(x), training);
                logits = out.get(0).toFloatArray();
                features = out.get(1).toFloatArray();
                gc.backward(out.get(0).sum());
            }
            float[] g = x.getGradient().toFloatArray();
            double ss = 0;
            for (float v : g) ss += (double) v * v;
            norm = Math.sqrt(ss);

            double[] row0 = {a0, a1, a2, a3};
            double[] row3 = {d0, d1, d2, d3};
            for (int j = 0; j < 4; j++) {
                assertThat((double) logits[j]).as("logits[0][%d]", j).isCloseTo(row0[j], within(1e-5));
                assertThat((double) logits[3 * classes + j]).as("logits[3][%d]", j).isCloseTo(row3[j], within(1e-5));
            }
            double sumLogits = 0;
            for (float v : logits) sumLogits += v;
            double sumFeatures = 0;
            for (float v : features) sumFeatures += v;
            assertThat(sumLogits).isCloseTo(logitSum, within(1e-4));
            assertThat(sumFeatures).isCloseTo(featureSum, within(1e-4 * Math.abs(featureSum)));
            double rel = training ? 0.02 : 1e-4;
            assertThat(norm).as("|d sum(logits)/dx|").isCloseTo(gradNorm, within(rel * gradNorm));
        }
    }

    /** Section 7: bounds, mean and standard deviation of the default initialisation (not values). */
    @Test
    void seededInitialisationFollowsPyTorchDefaults() {
        try (NDManager m = base.newSubManager()) {
            TinyNetwork net = new TinyNetwork(SearchSpace.arch(1462), 10);
            PyTorchInit.apply(net, 12345L);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            for (Parameter p : net.trainableParameters()) {
                float[] v = p.getArray().toFloatArray();
                Shape s = p.getArray().getShape();
                switch (p.getType()) {
                    case GAMMA -> assertThat(v).containsOnly(1f);
                    case BETA -> assertThat(v).containsOnly(0f);
                    case WEIGHT, BIAS -> {
                        double b = p.getType() == Parameter.Type.BIAS ? 0.125 : 1 / Math.sqrt(PyTorchInit.fanIn(s));
                        double mean = 0;
                        double sq = 0;
                        for (float f : v) {
                            assertThat(Math.abs(f)).isLessThanOrEqualTo((float) b);
                            mean += f;
                            sq += (double) f * f;
                        }
                        mean /= v.length;
                        double std = Math.sqrt(sq / v.length - mean * mean);
                        if (v.length >= 4000) { // large tensors: moments of U(-b, b)
                            assertThat(mean).isCloseTo(0, within(0.05 * b));
                            assertThat(std).isCloseTo(b / Math.sqrt(3), within(0.03 * b));
                        }
                    }
                    default -> throw new AssertionError("unexpected " + p.getType());
                }
            }
            // stem conv: fan_in 27, b = 0.19245; 3x3 conv at C = 64: b = 1/24
            assertThat(PyTorchInit.fanIn(net.trainableParameters().get(0).getArray().getShape())).isEqualTo(27);
        }
    }

    @Test
    void sameSeedSameWeightsAndHeadlessTensorsShared() {
        try (NDManager m = base.newSubManager()) {
            TinyNetwork a = new TinyNetwork(SearchSpace.arch(1), 10);
            TinyNetwork b = new TinyNetwork(SearchSpace.arch(1), 1);
            TinyNetwork c = new TinyNetwork(SearchSpace.arch(1), 10);
            PyTorchInit.apply(a, 7);
            PyTorchInit.apply(b, 7);
            PyTorchInit.apply(c, 8);
            for (TinyNetwork n : List.of(a, b, c)) n.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            List<Parameter> pa = a.trainableParameters();
            List<Parameter> pb = b.trainableParameters();
            List<Parameter> pc = c.trainableParameters();
            for (int i = 0; i < pa.size() - 2; i++) {
                assertThat(pb.get(i).getArray().toFloatArray()).isEqualTo(pa.get(i).getArray().toFloatArray());
            }
            assertThat(pc.get(0).getArray().toFloatArray()).isNotEqualTo(pa.get(0).getArray().toFloatArray());
        }
    }

    private static Shape shape(List<Parameter> ps, int i) { return ps.get(i).getArray().getShape(); }

    /** The section 9 weights: a formula of the tensor index i and the flat element index j. */
    record FormulaInit(int i, Parameter.Type type) implements ai.djl.training.initializer.Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            int n = Math.toIntExact(shape.size());
            float[] v = new float[n];
            for (int j = 0; j < n; j++) {
                double x;
                if (shape.dimension() >= 2) {
                    double f = (double) n / shape.get(0);
                    x = 0.5 / Math.sqrt(f) * Math.sin(0.7 * j + 1.3 * i + 0.1);
                } else if (type == Parameter.Type.BIAS) {
                    x = 0.05 * Math.sin(j + i);
                } else if (type == Parameter.Type.GAMMA) {
                    x = 1 + 0.1 * Math.sin(0.5 * j + i);
                } else {
                    x = 0.1 * Math.cos(0.5 * j + i);
                }
                v[j] = (float) x;
            }
            return manager.create(v, shape);
        }
    }
}
