package io.nasscore.scorer.net;

import ai.djl.ndarray.NDArray;
import java.util.function.Consumer;

/**
 * What the proxies of baselines.md need to see or change inside one network, shared by all its blocks:
 * <ul>
 *   <li>{@link #reluInput}: called with the input of every ReLU (the head of each conv edge, both branches of
 *       the reduction blocks, lastact) during a forward: NASWOT's hooks (§5). Null = no hook.</li>
 *   <li>{@link #batchNormIdentity}: every BatchNorm is the identity (synflow's network, §4).</li>
 * </ul>
 */
public final class Probes {
    /** NASWOT's hook on the input of every ReLU; null when not wanted. */
    public Consumer<NDArray> reluInput;
    /** Synflow: no normalisation, no affine, no statistics. */
    public boolean batchNormIdentity;

    NDArray relu(NDArray x) {
        if (reluInput != null) reluInput.accept(x);
        return ai.djl.nn.Activation.relu(x);
    }
}
