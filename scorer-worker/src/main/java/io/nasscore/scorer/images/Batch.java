package io.nasscore.scorer.images;

/**
 * B normalised images in NCHW order (float32, the layout the network takes) and their labels.
 *
 * @param images B * 3 * side * side values, image b at offset b * 3 * side * side, channel planes R, G, B
 * @param labels B class indices in [0, K)
 * @param side H = W
 * @param variance the population variance over every element of {@code images} (the Var(x) of the noise passes)
 */
public record Batch(float[] images, int[] labels, int side, double variance) {

    public Batch {
        if ((long) labels.length * 3 * side * side != images.length) {
            throw new IllegalArgumentException(labels.length + " labels do not match " + images.length + " values of "
                    + side + "x" + side + "x3 images");
        }
    }

    /** Builds a batch, computing the population variance in float64. */
    public static Batch of(float[] images, int[] labels, int side) {
        return new Batch(images, labels, side, populationVariance(images));
    }

    public int size() { return labels.length; }

    /** Images [from, to) of this batch, with their own variance. */
    public Batch slice(int from, int to) {
        int per = imageValues();
        return of(java.util.Arrays.copyOfRange(images, from * per, to * per), java.util.Arrays.copyOfRange(labels, from, to), side);
    }

    /** Values per image: 3 * side * side (the columns of the input Jacobian). */
    public int imageValues() { return 3 * side * side; }

    /** Two-pass population variance of all values. */
    public static double populationVariance(float[] v) {
        double sum = 0;
        for (float f : v) sum += f;
        double mean = sum / v.length;
        double ss = 0;
        for (float f : v) {
            double d = f - mean;
            ss += d * d;
        }
        return ss / v.length;
    }
}
