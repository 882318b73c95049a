package io.nasscore.scorer.images;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.SplitMix64;

/**
 * A documented stand-in for datasets whose images are not available here: standard-normal images (already in
 * normalised units, so the dataset constants are not applied) of the dataset's size, with labels uniform over
 * its K classes. Images and labels come from two SplitMix64 streams derived from the seed.
 */
public final class RandomImageSource implements ImageSource {
    private final Dataset dataset;

    public RandomImageSource(Dataset dataset) { this.dataset = dataset; }

    @Override public Dataset dataset() { return dataset; }

    @Override public String description() { return "random standard-normal " + dataset.id() + "-shaped images"; }

    @Override public int size() { return Integer.MAX_VALUE; }

    @Override
    public Batch batch(int b, long seed) {
        int side = dataset.imageSize();
        float[] images = new float[b * 3 * side * side];
        Gaussian.fill(images, images.length, new SplitMix64(SplitMix64.mix(seed, 1)));
        SplitMix64 labelRng = new SplitMix64(SplitMix64.mix(seed, 2));
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) labels[i] = labelRng.nextInt(dataset.classes());
        return Batch.of(images, labels, side);
    }
}
