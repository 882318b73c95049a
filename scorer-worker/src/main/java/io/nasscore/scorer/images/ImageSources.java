package io.nasscore.scorer.images;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import java.nio.file.Path;

/** Opens the image source a configuration names: "shipped", "random", or a directory or file path. */
public final class ImageSources {
    private ImageSources() {}

    public static ImageSource open(Dataset dataset, String data) {
        if (data == null || data.isBlank()) throw new IllegalArgumentException("no image source given");
        if (data.equals(ScoreConfig.SHIPPED)) {
            if (dataset != Dataset.CIFAR10) {
                throw new IllegalArgumentException("the shipped images are CIFAR-10 only; for " + dataset.id()
                        + " use '" + ScoreConfig.RANDOM + "' (standard-normal stand-in) or a directory of "
                        + RecordFormat.of(dataset).describe());
            }
            return RecordFileSource.shippedCifar10();
        }
        if (data.equals(ScoreConfig.RANDOM)) return new RandomImageSource(dataset);
        return RecordFileSource.open(dataset, Path.of(data));
    }
}
