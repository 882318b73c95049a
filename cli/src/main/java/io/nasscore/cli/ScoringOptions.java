package io.nasscore.cli;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import java.util.Set;
import picocli.CommandLine.Option;

/** The scoring configuration (scores.md section 1) and the requested scores, as options: one home for `score` and `submit`. */
final class ScoringOptions {

    @Option(names = "--dataset", defaultValue = "cifar10", description = "cifar10, cifar100 or imagenet16-120 (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data", paramLabel = "shipped|random|DIR",
            description = "images: shipped (the CIFAR-10 images in the jar), random (standard-normal) or a directory the workers can read (default: shipped for cifar10, random otherwise)")
    String data;

    @Option(names = "--batch", defaultValue = "256", paramLabel = "B", description = "batch size, >= 2 (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--batch-policy", defaultValue = "fixed", description = "fixed or fresh (default: ${DEFAULT-VALUE})")
    String batchPolicy;

    @Option(names = "--target", defaultValue = "loss", description = "Jacobian target: loss, output-sum or mellor (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--bn", defaultValue = "train", description = "BatchNorm mode: train or eval (default: ${DEFAULT-VALUE})")
    String bn;

    @Option(names = "--normalisation", defaultValue = "bounds", description = "bounds or minmax (default: ${DEFAULT-VALUE})")
    String normalisation;

    @Option(names = "--score-seed", defaultValue = "0", paramLabel = "SEED",
            description = "seed of weight initialisation and noise (the scoring seed; not the sampling --seed; default: ${DEFAULT-VALUE})")
    long scoreSeed;

    @Option(names = "--scores", defaultValue = "all", paramLabel = "LIST", description = "'all' (the twelve paper scores), 'proxies' (grad_norm, snip, plain, l2_norm, synflow, nwot, jacov, zico, az_*), 'everything', or a comma list such as JS,PJS,nwot (default: ${DEFAULT-VALUE})")
    String scores;

    /** The scoring configuration of the options; bad values are errors naming the option. */
    ScoreConfig config() {
        Dataset ds = Dataset.of(dataset);
        String images = data == null ? ScoreConfig.defaults(ds).data() : data.trim();
        if (images.isEmpty()) throw new IllegalArgumentException("--data is empty: expected shipped, random or a directory");
        if (images.equals(ScoreConfig.SHIPPED) && ds != Dataset.CIFAR10) {
            throw new IllegalArgumentException("--data shipped: the shipped images are CIFAR-10 only; for " + ds.id()
                    + " use --data random or a directory of " + ds.id() + " images");
        }
        OptionChecks.atLeast("--batch", batch, 2);
        return new ScoreConfig(ds, batch,
                ScoreConfig.parseOption(ScoreConfig.BatchPolicy.class, "batch policy", batchPolicy),
                ScoreConfig.parseOption(ScoreConfig.JacobianTarget.class, "jacobian target", target),
                ScoreConfig.parseOption(ScoreConfig.BnMode.class, "bn mode", bn),
                scoreSeed,
                ScoreConfig.parseOption(ScoreConfig.Normalisation.class, "normalisation", normalisation),
                images);
    }

    /** The requested scores. */
    Set<ScoreName> scores() { return ScoreName.parseList(scores); }
}
