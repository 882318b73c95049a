package io.nasscore.scorer.proxy;

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
import io.nasscore.core.proxy.ProxyMath;
import io.nasscore.core.score.Similarity;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.scorer.net.TinyNetwork;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deterministic oracles of baselines.md §11: the nb201-network.md §9 weights and batch, labels 0..3, K = 10,
 * train-mode BN, network and arithmetic in float64, gradients of the summed loss divided by N = 4; reference values
 * from the AutoDL model in PyTorch float64, relative tolerance 1e-6.
 */
class ProxyOraclesTest {
    static final int N = 4;
    static final double REL = 1e-6;
    static NDManager base;

    @BeforeAll
    static void engine() { base = NDManager.newBaseManager("PyTorch"); }

    @AfterAll
    static void close() { base.close(); }

    @ParameterizedTest(name = "arch {0}")
    @CsvSource({
        "1, 9.206935218, 13.53951963, 15.64148866, -0.01532209041, 110.6538166, 50.85100384, 471040, -4.013725306, 5.511727203e29, 68.48184574, 576.7111707, 15.87278664, -0.1258627934, -12.22289176",
        "284, 9.27287828, 101.9111393, 86.24944549, 0.01618605752, 48.22820478, 47.0534731, 184320, -4.008652197, 4143754638, 22.14486813, 217.6220269, 11.42615852, -0.07638354267, -6.993816769",
    })
    void deterministicOracles(int index, double loss, double gradNorm, double snip, double plain, double l2Norm,
                              double nwot, double units, double jacov, double synflowS, double synflowLn, double zico,
                              double azE, double azP, double azT) {
        try (NDManager m = base.newSubManager()) {
            ParameterStore store = new ParameterStore(m, false);
            Shape shape = new Shape(N, 3, 32, 32);
            TinyNetwork net = formulaNet(index, m, shape, false);
            List<Parameter> weights = net.weightTensors();

            // the clean pass: summed CE, NASWOT hooks on its forward
            NaswotKernel kernel = new NaswotKernel(N);
            net.probes().reluInput = kernel;
            double[] lossOut = new double[1];
            List<double[]> g1 = cePass(net, store, m, batch(shape, 1), lossOut);
            net.probes().reluInput = null;
            assertThat(lossOut[0]).as("loss").isCloseTo(loss, within(REL * Math.abs(loss)));
            List<double[]> w = Tensors.values(weights);
            assertRel("grad_norm", ProxyMath.gradNorm(g1, 1.0 / N), gradNorm);
            assertRel("snip", ProxyMath.snip(w, g1, 1.0 / N), snip);
            assertRel("plain", ProxyMath.plain(w, g1, 1.0 / N), plain);
            assertRel("l2_norm", ProxyMath.l2Norm(w), l2Norm);
            assertThat(kernel.units()).isEqualTo(units);
            assertThat(kernel.relus()).isEqualTo(15 * SearchSpace.arch(index).convEdges() + 5);
            assertRel("nwot", kernel.logDet(), nwot);

            // zico: batch 2
            Tensors.zeroGradients(weights);
            List<double[]> g2 = cePass(net, store, m, batch(shape, 2), null);
            assertRel("zico", ProxyMath.zico(g1, g2), zico);

            // jacov: raw JS of the output-sum Jacobian, parameters frozen
            net.setParameterGradients(false);
            double[] j = outputSumJacobian(net, store, m, batch(shape, 1));
            float[] jf = new float[j.length];
            for (int i = 0; i < j.length; i++) jf[i] = (float) j[i];
            // the project's similarity runs on float rows; relative 1e-6 on the raw value still holds
            assertRel("jacov", Similarity.of(jf, N, 3 * 32 * 32, true, false).eigenRaw(), jacov);

            // synflow: its own |W| float64 network, BN removed, one all-ones image
            TinyNetwork abs = formulaNet(index, m, shape, true);
            double s = Synflow.sum(abs, store, m, 32);
            assertRel("synflow S", s, synflowS);
            assertRel("synflow ln S", ProxyMath.synflow(s), synflowLn);

            // AZ-NAS on the §9 batch, deterministic signs
            AzNas.Result az;
            try (NDManager am = m.newSubManager()) {
                az = AzNas.compute(net, store, am, am.create(batch(shape, 1), shape), (i, n) -> {
                    double[] g = new double[n];
                    for (int q = 0; q < n; q++) g[q] = Math.sin(0.37 * q + i) >= 0 ? 1 : -1;
                    return g;
                }, true);
            }
            assertThat(az.h()[0]).isCloseTo(0.065724, within(1e-6));
            assertRel("AZ E", az.expressivity(), azE);
            assertRel("AZ P", az.progressivity(), azP);
            assertRel("AZ T", az.trainability(), azT);
        }
    }

    static void assertRel(String what, double actual, double expected) {
        assertThat(actual).as(what).isCloseTo(expected, within(REL * Math.abs(expected)));
    }

    /** x₁[q] = sin(0.013q) + 0.5cos(0.071q); x₂[q] = cos(0.011q) + 0.5sin(0.037q). */
    static double[] batch(Shape shape, int which) {
        double[] x = new double[Math.toIntExact(shape.size())];
        for (int q = 0; q < x.length; q++) {
            x[q] = which == 1 ? Math.sin(0.013 * q) + 0.5 * Math.cos(0.071 * q) : Math.cos(0.011 * q) + 0.5 * Math.sin(0.037 * q);
        }
        return x;
    }

    /** A float64 network with the nb201-network.md §9 formula weights (absolute values for synflow). */
    static TinyNetwork formulaNet(int index, NDManager m, Shape shape, boolean absolute) {
        TinyNetwork net = new TinyNetwork(SearchSpace.arch(index), 10);
        List<Parameter> ps = net.trainableParameters();
        for (int i = 0; i < ps.size(); i++) ps.get(i).setInitializer(new FormulaInit64(i, ps.get(i).getType(), absolute));
        net.initialize(m, DataType.FLOAT64, shape);
        return net;
    }

    /** Summed CE of labels 0..3; returns the weight gradients (summed-loss units). */
    static List<double[]> cePass(TinyNetwork net, ParameterStore store, NDManager m, double[] xs, double[] lossOut) {
        try (NDManager pm = m.newSubManager()) {
            NDArray x = pm.create(xs, new Shape(N, 3, 32, 32));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(store, new NDList(x), true).get(0);
                double[] oneHot = new double[N * 10];
                for (int i = 0; i < N; i++) oneHot[i * 10 + i] = 1;
                NDArray loss = logits.logSoftmax(1).mul(pm.create(oneHot, new Shape(N, 10))).sum().neg();
                if (lossOut != null) lossOut[0] = loss.getDouble();
                gc.backward(loss);
            }
            return Tensors.gradients(net.weightTensors());
        }
    }

    static double[] outputSumJacobian(TinyNetwork net, ParameterStore store, NDManager m, double[] xs) {
        try (NDManager pm = m.newSubManager()) {
            NDArray x = pm.create(xs, new Shape(N, 3, 32, 32));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(store, new NDList(x), true).get(0).sum());
            }
            return x.getGradient().toDoubleArray();
        }
    }

    /** The §9 weights in float64. */
    record FormulaInit64(int i, Parameter.Type type, boolean absolute) implements ai.djl.training.initializer.Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            int n = Math.toIntExact(shape.size());
            double[] v = new double[n];
            for (int j = 0; j < n; j++) {
                double x;
                if (shape.dimension() >= 2) {
                    x = 0.5 / Math.sqrt((double) n / shape.get(0)) * Math.sin(0.7 * j + 1.3 * i + 0.1);
                } else if (type == Parameter.Type.BIAS) {
                    x = 0.05 * Math.sin(j + i);
                } else if (type == Parameter.Type.GAMMA) {
                    x = 1 + 0.1 * Math.sin(0.5 * j + i);
                } else {
                    x = 0.1 * Math.cos(0.5 * j + i);
                }
                v[j] = absolute ? Math.abs(x) : x;
            }
            return manager.create(v, shape).toType(dataType, false);
        }
    }
}
