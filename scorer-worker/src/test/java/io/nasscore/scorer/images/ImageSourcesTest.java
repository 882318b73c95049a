package io.nasscore.scorer.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nasscore.core.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {
    @TempDir Path dir;

    @Test
    void shippedCifar10HasKnownLabelsAndPixels() {
        RecordFileSource s = RecordFileSource.shippedCifar10();
        assertThat(s.size()).isEqualTo(2000);
        assertThat(s.dataset()).isEqualTo(Dataset.CIFAR10);
        Batch b = s.records(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(b.labels()).containsExactly(6, 9, 9, 4, 1, 1, 2, 7, 8, 3); // PROVENANCE.md
        // x_train[0] pixel (0,0) = (59, 62, 63): planes R, G, B of 1024 values each, normalised per channel
        float[] x = b.images();
        assertThat((double) x[0]).isCloseTo((59 / 255.0 - 125.3 / 255) / (63.0 / 255), within(1e-6));
        assertThat((double) x[1024]).isCloseTo((62 / 255.0 - 123.0 / 255) / (62.1 / 255), within(1e-6));
        assertThat((double) x[2048]).isCloseTo((63 / 255.0 - 113.9 / 255) / (66.7 / 255), within(1e-6));
        assertThat(b.imageValues()).isEqualTo(3072);
    }

    @Test
    void fixedSeedGivesTheSameDistinctBatchAndOtherSeedsDiffer() {
        RecordFileSource s = RecordFileSource.shippedCifar10();
        Batch a = s.batch(64, 7);
        Batch a2 = s.batch(64, 7);
        Batch c = s.batch(64, 8);
        assertThat(a2.images()).isEqualTo(a.images());
        assertThat(a2.labels()).isEqualTo(a.labels());
        assertThat(c.images()).isNotEqualTo(a.images());
        int[] idx = RecordFileSource.firstOfShuffle(2000, 64, 7);
        assertThat(Arrays.stream(idx).distinct().count()).isEqualTo(64);
        assertThat(Arrays.stream(idx).allMatch(i -> i >= 0 && i < 2000)).isTrue();
        // a longer prefix of the same shuffle starts with the shorter one
        assertThat(Arrays.copyOf(RecordFileSource.firstOfShuffle(2000, 128, 7), 64)).isEqualTo(idx);
        assertThat(a.variance()).isGreaterThan(0.5).isLessThan(1.5); // normalised images: about unit variance
    }

    @Test
    void batchLargerThanTheFileIsAClearError() {
        RecordFileSource s = RecordFileSource.shippedCifar10();
        assertThatThrownBy(() -> s.batch(2001, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2001").hasMessageContaining("2000 images");
    }

    @Test
    void cifar100UsesTheFineLabel() throws IOException {
        byte[] rec = new byte[2 * 3074];
        rec[0] = 3; // coarse
        rec[1] = 77; // fine
        rec[2] = (byte) 255;
        rec[3074] = 19;
        rec[3075] = 5;
        Path f = dir.resolve("train.bin");
        Files.write(f, rec);
        RecordFileSource s = RecordFileSource.open(Dataset.CIFAR100, f);
        Batch b = s.records(new int[] {0, 1});
        assertThat(b.labels()).containsExactly(77, 5);
        assertThat((double) b.images()[0]).isCloseTo((1 - 129.3 / 255) / (68.2 / 255), within(1e-6));
    }

    @Test
    void imagenet16RecordsAre769BytesAndDirectoriesConcatenateBinFilesInNameOrder() throws IOException {
        byte[] a = new byte[3 * 769];
        a[0] = 0;
        a[769] = 119;
        a[2 * 769] = 42;
        byte[] b = new byte[769];
        b[0] = 7;
        Files.write(dir.resolve("a_train.bin"), a);
        Files.write(dir.resolve("b_val.bin"), b);
        Files.write(dir.resolve("README.txt"), new byte[] {1, 2, 3});
        RecordFileSource s = RecordFileSource.open(Dataset.IMAGENET16_120, dir);
        assertThat(s.size()).isEqualTo(4);
        Batch batch = s.records(new int[] {0, 1, 2, 3});
        assertThat(batch.labels()).containsExactly(0, 119, 42, 7);
        assertThat(batch.side()).isEqualTo(16);
        assertThat(batch.images()).hasSize(4 * 768);
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Path odd = dir.resolve("odd.bin");
        Files.write(odd, new byte[3073 * 2 + 5]);
        assertThatThrownBy(() -> RecordFileSource.open(Dataset.CIFAR10, odd))
                .hasMessageContaining("odd.bin").hasMessageContaining("multiple of 3073");

        byte[] rec = new byte[2 * 3073];
        rec[3073] = 10; // label 10 in CIFAR-10
        Path bad = dir.resolve("label.bin");
        Files.write(bad, rec);
        assertThatThrownBy(() -> RecordFileSource.open(Dataset.CIFAR10, bad))
                .hasMessageContaining("label.bin").hasMessageContaining("record 1").hasMessageContaining("label 10");

        byte[] big = new byte[769];
        big[0] = (byte) 120;
        Path inet = dir.resolve("inet.bin");
        Files.write(inet, big);
        assertThatThrownBy(() -> RecordFileSource.open(Dataset.IMAGENET16_120, inet)).hasMessageContaining("label 120");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> RecordFileSource.open(Dataset.CIFAR10, empty)).hasMessageContaining("no *.bin");
        assertThatThrownBy(() -> ImageSources.open(Dataset.CIFAR10, dir.resolve("missing").toString()))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> ImageSources.open(Dataset.CIFAR100, "shipped")).hasMessageContaining("CIFAR-10 only");

        Path small = dir.resolve("small");
        Files.createDirectory(small);
        Files.write(small.resolve("x.bin"), new byte[3 * 3073]);
        assertThatThrownBy(() -> ImageSources.open(Dataset.CIFAR10, small.toString()).batch(4, 0))
                .hasMessageContaining("batch size 4").hasMessageContaining("3 images").hasMessageContaining("small");
    }

    @Test
    void randomImagesAreSeededStandardNormalWithUniformLabels() {
        RandomImageSource r = new RandomImageSource(Dataset.IMAGENET16_120);
        Batch a = r.batch(256, 3);
        assertThat(r.batch(256, 3).images()).isEqualTo(a.images());
        assertThat(r.batch(256, 4).images()).isNotEqualTo(a.images());
        assertThat(a.side()).isEqualTo(16);
        double mean = 0;
        for (float f : a.images()) mean += f;
        mean /= a.images().length;
        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(a.variance()).isCloseTo(1, within(0.02));
        assertThat(Arrays.stream(a.labels()).allMatch(l -> l >= 0 && l < 120)).isTrue();
        assertThat(Arrays.stream(a.labels()).distinct().count()).isGreaterThan(60);
    }

    @Test
    void populationVariance() {
        assertThat(Batch.populationVariance(new float[] {1, 2, 3, 4})).isCloseTo(1.25, within(1e-12));
    }
}
