package io.nasscore.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three NB201 datasets: class count, image side, and the normalisation constants of the reference code. */
public enum Dataset {
    CIFAR10("cifar10", 10, 32,
            new double[] {125.3, 123.0, 113.9}, new double[] {63.0, 62.1, 66.7}),
    CIFAR100("cifar100", 100, 32,
            new double[] {129.3, 124.1, 112.4}, new double[] {68.2, 65.4, 70.4}),
    IMAGENET16_120("imagenet16-120", 120, 16,
            new double[] {122.68, 116.66, 104.01}, new double[] {63.22, 61.26, 65.09});

    private final String id;
    private final int classes;
    private final int imageSize;
    private final double[] mean255;
    private final double[] std255;

    Dataset(String id, int classes, int imageSize, double[] mean255, double[] std255) {
        this.id = id;
        this.classes = classes;
        this.imageSize = imageSize;
        this.mean255 = mean255;
        this.std255 = std255;
    }

    public String id() { return id; }

    /** K: the number of classes of the benchmark's head. */
    public int classes() { return classes; }

    /** H = W of the images (32 for CIFAR, 16 for ImageNet16-120). */
    public int imageSize() { return imageSize; }

    /** Per-channel mean (R, G, B) in [0, 1] units: the reference constant divided by 255. */
    public double mean(int channel) { return mean255[channel] / 255.0; }

    /** Per-channel standard deviation (R, G, B) in [0, 1] units. */
    public double std(int channel) { return std255[channel] / 255.0; }

    @Override public String toString() { return id; }

    /** Looks a dataset up by id, with a message naming the bad value and the valid ones. */
    public static Dataset of(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase();
            for (Dataset d : values()) {
                if (d.id.equals(wanted)) return d;
            }
            // accepted spellings seen in the literature and in published CSVs
            if (wanted.equals("imagenet16") || wanted.equals("imagenet16_120") || wanted.equals("imagenet")) {
                return IMAGENET16_120;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + id + "': expected one of "
                + Arrays.stream(values()).map(Dataset::id).collect(Collectors.joining(", ")));
    }
}
