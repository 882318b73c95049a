package io.nasscore.scorer.images;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.SplitMix64;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Images of a dataset's binary record format ({@link RecordFormat}), from a classpath resource, one file, or every
 * {@code *.bin} file of a directory (in name order, concatenated). The whole content is checked when loaded:
 * a size that is not a multiple of the record size, or a label outside [0, K), fails with a message naming the
 * file (and the record).
 */
public final class RecordFileSource implements ImageSource {
    /** The CIFAR-10 sample shipped in nasscore-data: the first 2,000 training images. */
    public static final String SHIPPED_CIFAR10 = "/io/nasscore/data/cifar10/train_2000.bin";

    private final RecordFormat format;
    private final String description;
    private final byte[] data;
    private final int count;
    private final float[][] lut;

    private RecordFileSource(RecordFormat format, String description, byte[] data) {
        this.format = format;
        this.description = description;
        this.data = data;
        this.count = data.length / format.recordBytes();
        this.lut = normalisationTable(format.dataset());
    }

    /** The shipped CIFAR-10 sample. */
    public static RecordFileSource shippedCifar10() {
        try (InputStream in = RecordFileSource.class.getResourceAsStream(SHIPPED_CIFAR10)) {
            if (in == null) {
                throw new IllegalStateException("the shipped CIFAR-10 sample " + SHIPPED_CIFAR10
                        + " is not on the classpath (module nasscore-data)");
            }
            byte[] bytes = in.readAllBytes();
            RecordFormat f = RecordFormat.of(Dataset.CIFAR10);
            check(f, bytes, 0, bytes.length, "classpath:" + SHIPPED_CIFAR10);
            return new RecordFileSource(f, "shipped CIFAR-10 sample (" + bytes.length / f.recordBytes() + " images)", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHIPPED_CIFAR10 + ": " + e.getMessage(), e);
        }
    }

    /** A file of records, or a directory whose {@code *.bin} files are read in name order. */
    public static RecordFileSource open(Dataset dataset, Path path) {
        RecordFormat f = RecordFormat.of(dataset);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(p -> p.getFileName().toString().endsWith(".bin") && Files.isRegularFile(p)).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list image directory " + path + ": " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("image directory " + path + " has no *.bin file (expected " + f.describe() + ")");
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new IllegalArgumentException("image source " + path + " is neither a directory nor a file"
                    + " (expected 'shipped', 'random', a directory of *.bin files or a .bin file)");
        }
        long total = 0;
        for (Path p : files) {
            try {
                long size = Files.size(p);
                if (size % f.recordBytes() != 0 || size == 0) {
                    throw new IllegalArgumentException("image file " + p + " has " + size + " bytes, not a positive multiple of "
                            + f.recordBytes() + ": it is not a file of " + f.describe());
                }
                total += size;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image file " + p + ": " + e.getMessage(), e);
            }
        }
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("image files under " + path + " are larger than 2 GB");
        byte[] all = new byte[(int) total];
        int at = 0;
        for (Path p : files) {
            try {
                byte[] b = Files.readAllBytes(p);
                check(f, b, 0, b.length, p.toString());
                System.arraycopy(b, 0, all, at, b.length);
                at += b.length;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image file " + p + ": " + e.getMessage(), e);
            }
        }
        String what = files.size() == 1 ? files.get(0).toString() : path + " (" + files.size() + " files)";
        return new RecordFileSource(f, dataset.id() + " images from " + what + " (" + all.length / f.recordBytes() + " images)", all);
    }

    /** Checks sizes and labels of a byte block holding records, naming the source on failure. */
    static void check(RecordFormat f, byte[] b, int from, int length, String name) {
        int rec = f.recordBytes();
        if (length % rec != 0 || length == 0) {
            throw new IllegalArgumentException("image file " + name + " has " + length + " bytes, not a positive multiple of "
                    + rec + ": it is not a file of " + f.describe());
        }
        int k = f.dataset().classes();
        for (int r = 0; r < length / rec; r++) {
            int label = b[from + r * rec + f.labelIndex()] & 0xFF;
            if (label >= k) {
                throw new IllegalArgumentException("image file " + name + ": record " + r + " has label " + label
                        + ", outside 0.." + (k - 1) + " for " + f.dataset().id());
            }
        }
    }

    @Override public Dataset dataset() { return format.dataset(); }

    @Override public String description() { return description; }

    @Override public int size() { return count; }

    @Override
    public Batch batch(int b, long seed) {
        if (b > count) {
            throw new IllegalArgumentException("batch size " + b + " is larger than the " + count + " images of " + description);
        }
        return records(firstOfShuffle(count, b, seed));
    }

    /** The records at these indices, normalised, in this order. */
    public Batch records(int[] order) {
        int b = order.length;
        int px = format.pixelBytes();
        int plane = format.side() * format.side();
        float[] images = new float[b * px];
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            if (order[i] < 0 || order[i] >= count) {
                throw new IndexOutOfBoundsException("record " + order[i] + " is outside 0.." + (count - 1) + " of " + description);
            }
            int rec = order[i] * format.recordBytes();
            labels[i] = data[rec + format.labelIndex()] & 0xFF;
            int src = rec + format.labelBytes();
            int dst = i * px;
            for (int c = 0; c < 3; c++) {
                float[] t = lut[c];
                int o = c * plane;
                for (int q = 0; q < plane; q++) images[dst + o + q] = t[data[src + o + q] & 0xFF];
            }
        }
        return Batch.of(images, labels, format.side());
    }

    /** The first b entries of a Fisher-Yates shuffle of 0..n-1 (positions filled from the front) by SplitMix64(seed). */
    static int[] firstOfShuffle(int n, int b, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        SplitMix64 rng = new SplitMix64(seed);
        for (int i = 0; i < b; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, b);
    }

    /** (pixel / 255 - mean_c) / std_c for every byte value and channel. */
    static float[][] normalisationTable(Dataset d) {
        float[][] t = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) t[c][v] = (float) ((v / 255.0 - d.mean(c)) / d.std(c));
        }
        return t;
    }
}
