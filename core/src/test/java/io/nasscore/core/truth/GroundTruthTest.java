package io.nasscore.core.truth;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GroundTruthTest {

    @Test
    void shippedTableHasEveryArchitecture() {
        GroundTruth t = GroundTruth.shipped(Dataset.CIFAR10);
        assertThat(t.size()).isEqualTo(15_625);
        assertThat(t.indices()).hasSize(15_625).startsWith(0, 1, 2).endsWith(15_624);
        assertThat(t.column()).isEqualTo("cifar10_test");
        // first data row of the file
        assertThat(t.accuracy(0)).isEqualTo(85.86333333333334);
        assertThat(t.accuracy(SearchSpace.arch(1))).isEqualTo(93.66000000000001);
        assertThat(t.accuracy(-1)).isNaN();
        assertThat(t.accuracy(15_625)).isNaN();
        assertThat(GroundTruth.shipped(Dataset.CIFAR10)).isSameAs(t); // cached
    }

    @Test
    void shippedOptimaMatchTheNb201Paper() {
        GroundTruth c10 = GroundTruth.shipped(Dataset.CIFAR10);
        assertThat(c10.optimum()).isCloseTo(94.3733, within(1e-3));
        assertThat(c10.optimumIndex()).isEqualTo(6111);
        GroundTruth c100 = GroundTruth.shipped(Dataset.CIFAR100);
        assertThat(c100.column()).isEqualTo("cifar100_test");
        assertThat(c100.optimum()).isCloseTo(73.5133, within(1e-3));
        assertThat(c100.optimumIndex()).isEqualTo(9930);
        GroundTruth in16 = GroundTruth.shipped(Dataset.IMAGENET16_120);
        assertThat(in16.column()).isEqualTo("imagenet16_test");
        assertThat(in16.optimum()).isCloseTo(47.3111, within(1e-3));
        assertThat(in16.optimumIndex()).isEqualTo(857);
        assertThat(GroundTruth.shipped("cifar10_valid").optimum()).isCloseTo(91.6067, within(1e-3));
    }

    @Test
    void exactly341ArchitecturesSitAtChanceOnCifar10() {
        GroundTruth t = GroundTruth.shipped(Dataset.CIFAR10);
        int chance = 0;
        for (int i : t.indices()) {
            if (Math.abs(t.accuracy(i) - 10.0) <= 0.01) chance++;
        }
        assertThat(chance).isEqualTo(341);
    }

    @Test
    void readsACsvKeyedByArchOnlyOrByIndexOnly(@TempDir Path dir) throws Exception {
        String a6111 = SearchSpace.arch(6111).toString();
        Path byArch = dir.resolve("by-arch.csv");
        Files.writeString(byArch, "arch,acc\n" + a6111 + ",91.5\n" + SearchSpace.arch(3) + ",\n");
        GroundTruth t = GroundTruth.fromCsv(byArch, "acc");
        assertThat(t.size()).isEqualTo(1); // the empty accuracy is "unknown"
        assertThat(t.accuracy(6111)).isEqualTo(91.5);
        assertThat(t.accuracy(3)).isNaN();
        assertThat(t.contains(3)).isFalse();
        assertThat(t.optimum()).isEqualTo(91.5);
        assertThat(t.source()).isEqualTo(byArch.toString());

        Path byIndex = dir.resolve("by-index.csv");
        Files.writeString(byIndex, "index,acc\n5,70\n2,80\n");
        GroundTruth u = GroundTruth.fromCsv(byIndex, "acc");
        assertThat(u.indices()).containsExactly(2, 5);
        assertThat(u.accuracies(new int[] {5, 2, 7})).containsExactly(70, 80, Double.NaN);
        assertThat(u.optimumIndex()).isEqualTo(2);
    }

    @Test
    void badCsvMessagesNameFileLineAndProblem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "index,acc\n0,50\n1,fifty\n");
        assertThatThrownBy(() -> GroundTruth.fromCsv(f, "acc")).isInstanceOf(CsvException.class)
                .hasMessage(f + ": line 3, column 'acc': 'fifty' is not a number");

        Files.writeString(f, "index,acc\n0,50\n99999,1\n");
        assertThatThrownBy(() -> GroundTruth.fromCsv(f, "acc"))
                .hasMessage(f + ": line 3, column 'index': arch index 99999 is outside 0..15624");

        Files.writeString(f, "index,acc\n7,50\n8,1\n7,2\n");
        assertThatThrownBy(() -> GroundTruth.fromCsv(f, "acc"))
                .hasMessage(f + ": line 4, column 'index': architecture 7 appears twice (first on line 2)");

        Files.writeString(f, "arch,acc\n|bogus~0|+|none~0|none~1|+|none~0|none~1|none~2|,50\n");
        assertThatThrownBy(() -> GroundTruth.fromCsv(f, "acc"))
                .hasMessageStartingWith(f + ": line 2, column 'arch': ").hasMessageContaining("unknown op 'bogus'");

        Files.writeString(f, "index,arch,acc\n6111," + SearchSpace.arch(1) + ",50\n");
        assertThatThrownBy(() -> GroundTruth.fromCsv(f, "acc"))
                .hasMessageStartingWith(f + ": line 2, column 'arch': ")
                .hasMessageEndingWith("is NB201 index 1, but the row's index is 6111");

        Files.writeString(f, "name,acc\nx,50\n");
        assertThatThrownBy(() -> GroundTruth.fromCsv(f, "acc"))
                .hasMessage(f + ": needs an 'index' or an 'arch' column to name architectures; the header has name, acc");

        Files.writeString(f, "index,acc\n0,inf\n");
        assertThatThrownBy(() -> GroundTruth.fromCsv(f, "acc")).hasMessageContaining("line 2").hasMessageContaining("infinite");

        assertThatThrownBy(() -> GroundTruth.shipped("no_such_column"))
                .hasMessageContaining("accuracy.csv").hasMessageContaining("'no_such_column'")
                .hasMessageContaining("cifar10_test");
    }
}
