package io.nasscore.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Op;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.scorer.net.Nb201Blocks;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: the same command sometimes gave NaN (or silently different) input gradients. The {@code none}
 * edge was DJL's {@code x.mul(0)}, whose scalar 0 lives in a Java direct buffer (torch::from_blob) that DJL closes
 * right after the multiply while autograd keeps it for the backward; when a garbage collection freed the buffer
 * between forward and backward, the backward read freed memory. The tests force that collection inside every
 * pass (the scorer's {@code beforeBackward} seam), which made the old code fail every time.
 */
class JacobianScorerDeterminismTest {
    static final Set<ScoreName> ALL = EnumSet.copyOf(ScoreName.PAPER);
    /** Archs with a {@code none} edge that failed at B = 16 in the CLI. */
    static final int[] ARCHS = {4777, 6481};
    static final int RUNS = 3;
    static final ScoreConfig CFG = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(16);
    /** Per arch, the record of a fresh scorer without forced collections. */
    static final Map<Integer, ScoreResult> REFERENCE = new LinkedHashMap<>();

    @BeforeAll
    static void reference() {
        try (JacobianScorer s = new JacobianScorer("cpu")) {
            for (int a : ARCHS) {
                ScoreResult r = score(s, a);
                assertFinite(r);
                REFERENCE.put(a, r);
            }
        }
    }

    static ScoreResult score(JacobianScorer s, int index) {
        return s.score(new ScoreRequest(SearchSpace.arch(index), CFG, ALL));
    }

    @Test
    void zeroEdgeGradientSurvivesAGarbageCollectionBetweenForwardAndBackward() {
        Shape shape = new Shape(2, 4, 3, 3);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) v[i] = i - 20.5f;
        v[7] = Float.NaN;
        v[8] = Float.POSITIVE_INFINITY;
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block zero = Nb201Blocks.edge(Op.NONE, 4);
            zero.initialize(m, DataType.FLOAT32, shape);
            for (int round = 0; round < 3; round++) {
                try (NDManager pm = m.newSubManager()) {
                    NDArray x = pm.create(v, shape);
                    x.setRequiresGradient(true);
                    float[] out;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray y = zero.forward(new ParameterStore(pm, false), new NDList(x), true).singletonOrThrow();
                        out = y.toFloatArray();
                        collectGarbage();
                        gc.backward(y.mul(pm.create(2f)).sum()); // ∂/∂x of Σ 2·(x·0): exactly 0 everywhere
                    }
                    float[] grad = x.getGradient().toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        // x * 0: NaN and inf stay NaN (the reference's semantics), everything else 0
                        if (i == 7 || i == 8) {
                            assertThat(out[i]).as("out[%d]", i).isNaN();
                        } else {
                            assertThat(Float.floatToRawIntBits(out[i]) & 0x7fffffff).as("out[%d]", i).isZero();
                        }
                        assertThat(Float.floatToRawIntBits(grad[i]) & 0x7fffffff).as("round %d grad[%d] = %s", round, i, grad[i]).isZero();
                    }
                }
            }
        }
    }

    @Test
    void allTwelveScoresAreFiniteAndBitIdenticalAcrossRunsAndScorersEvenWithGarbageCollections() {
        try (JacobianScorer s = new JacobianScorer("cpu")) {
            for (int run = 0; run < RUNS; run++) {
                s.beforeBackward = run % 2 == 0 ? JacobianScorerDeterminismTest::collectGarbage : null;
                for (int a : ARCHS) assertSameRecord(REFERENCE.get(a), score(s, a), "arch " + a + ", run " + run);
            }
        }
        try (JacobianScorer fresh = new JacobianScorer("cpu")) {
            fresh.beforeBackward = JacobianScorerDeterminismTest::collectGarbage;
            for (int a : ARCHS) assertSameRecord(REFERENCE.get(a), score(fresh, a), "arch " + a + ", fresh scorer");
        }
    }

    @Test
    void aFailureInsideAScoringDoesNotPoisonTheNext() {
        try (JacobianScorer s = new JacobianScorer("cpu")) {
            // fail in the clean pass (input + parameter gradients) and in a noise pass (parameter gradients taken)
            for (int failAt : new int[] {1, 3}) {
                AtomicInteger calls = new AtomicInteger();
                s.beforeBackward = () -> {
                    if (calls.incrementAndGet() == failAt) throw new IllegalStateException("injected failure " + failAt);
                };
                assertThatThrownBy(() -> score(s, ARCHS[0])).hasMessage("injected failure " + failAt);
                // no gradient collector was left open (DJL allows one per process)
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    assertThat(gc).isNotNull();
                }
                s.beforeBackward = null;
                for (int a : ARCHS) assertSameRecord(REFERENCE.get(a), score(s, a), "arch " + a + " after failure " + failAt);
            }
        }
    }

    static void assertFinite(ScoreResult r) {
        assertThat(r.scores()).hasSize(12);
        for (ScoreName n : ALL) assertThat(r.score(n)).as(n.name()).isFinite();
        assertThat(r.jsRaw()).isFinite();
    }

    static void assertSameRecord(ScoreResult expected, ScoreResult actual, String what) {
        assertFinite(actual);
        for (ScoreName n : ALL) {
            assertThat(Double.doubleToRawLongBits(actual.score(n)))
                    .as("%s: %s = %s, expected %s", what, n, actual.score(n), expected.score(n))
                    .isEqualTo(Double.doubleToRawLongBits(expected.score(n)));
        }
        assertThat(Double.doubleToRawLongBits(actual.jsRaw())).as(what + ": js_raw")
                .isEqualTo(Double.doubleToRawLongBits(expected.jsRaw()));
        assertThat(actual.degenerateRows()).as(what).isEqualTo(expected.degenerateRows());
        assertThat(actual.degenerateTensors()).as(what).isEqualTo(expected.degenerateTensors());
    }

    /**
     * A full collection, then waits until the reference handler has processed its results (a phantom canary is
     * enqueued): the direct buffers of closed DJL arrays are freed by then.
     */
    static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> canary = new PhantomReference<>(new Object(), queue);
        try {
            for (int i = 0; i < 200 && queue.poll() == null; i++) {
                System.gc();
                Thread.sleep(5);
            }
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Reference.reachabilityFence(canary);
        }
    }
}
