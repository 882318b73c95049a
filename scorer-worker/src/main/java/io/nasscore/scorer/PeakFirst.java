package io.nasscore.scorer;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.Op;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the first request of each configuration that asks for a score not yet warmed under it, scores NB201's
 * largest cell with that request's scores and discards the result (a request whose scores were all warmed already,
 * e.g. the twelve after {@code everything}, needs no passes the warm-up has not run). The native allocator keeps its high-water mark (the launchers' GLIBC_TUNABLES keep freed memory
 * mapped, which saves the page faults of every pass), so without this a worker's resident memory creeps up over
 * its first few hundred jobs, each time a cell with more activations comes along (docs/benchmarks.md, "Worker
 * memory": +26.5 % from job 100 to 503). With the largest buffers allocated first, later smaller ones fit into the
 * chunks they free: the worker starts near its plateau and the plateau is lower (+6.4 % from job 100 to 2,000,
 * 954 MiB against 1,003 by job 503), so the memory it needs shows early (an orchestrator's limit stops it then, not
 * hours later). Costs one record per configuration a process sees.
 */
public final class PeakFirst implements Scorer {
    private static final Logger LOG = LoggerFactory.getLogger(PeakFirst.class);

    /** nor_conv_3x3 on every edge: the most activations, parameters and parameter gradients of the space. */
    public static final Arch LARGEST = Arch.of(Op.NOR_CONV_3X3, Op.NOR_CONV_3X3, Op.NOR_CONV_3X3,
            Op.NOR_CONV_3X3, Op.NOR_CONV_3X3, Op.NOR_CONV_3X3);
    /** Distinct configurations remembered; past this the set starts again (a worker sees a handful). */
    static final int REMEMBERED = 256;

    private final Scorer scorer;
    /** Per configuration, the scores the largest cell was scored with (the passes run at their peak). */
    private final Map<ScoreConfig, Set<ScoreName>> warmed = new HashMap<>();

    public PeakFirst(Scorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public ScoreResult score(ScoreRequest request) {
        Set<ScoreName> done = warmed.get(request.config());
        if (done == null || !done.containsAll(request.scores())) {
            if (done == null) {
                if (warmed.size() >= REMEMBERED) warmed.clear();
                done = EnumSet.noneOf(ScoreName.class);
                warmed.put(request.config(), done);
            }
            done.addAll(request.scores());
            if (!request.arch().equals(LARGEST)) warmUp(request);
        }
        return scorer.score(request);
    }

    private void warmUp(ScoreRequest request) {
        long t0 = System.nanoTime();
        try {
            scorer.score(new ScoreRequest(LARGEST, request.config(), request.scores()));
            LOG.info("largest cell scored first (memory near its plateau at once) under config {} in {} ms", request.config().hash(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            // the request itself will fail the same way, with its own job's message, and go to the dead letters
            LOG.warn("the largest cell could not be scored under config {}: {}", request.config().hash(), e.getMessage());
        }
    }

    @Override
    public String device() {
        return scorer.device();
    }

    @Override
    public String engineVersion() {
        return scorer.engineVersion();
    }

    @Override
    public void close() {
        scorer.close();
    }
}
