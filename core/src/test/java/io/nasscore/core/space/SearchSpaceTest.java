package io.nasscore.core.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.Dataset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchSpaceTest {

    @Test
    void mt19937MatchesCpythonSeed88() {
        Mt19937 rng = new Mt19937(88);
        assertThat(new long[] {rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()})
                .containsExactly(1707201716L, 4182107318L, 813946014L, 1429399738L, 3875947387L);
    }

    @Test
    void firstSwapsOfTheShuffleMatchTheSpec() {
        Mt19937 rng = new Mt19937(88);
        int[] expected = {6512, 3104, 5452, 14785, 3030};
        for (int k = 0; k < expected.length; k++) {
            assertThat(rng.randBelow(15625 - k)).isEqualTo(expected[k]);
        }
    }

    @Test
    void firstPositionsHoldTheSpecsPreIndices() {
        int[] pre = {13931, 11791, 14874, 13126, 4032, 7204, 9493, 1168, 8903, 12528, 11625, 11769};
        for (int p = 0; p < pre.length; p++) {
            assertThat(SearchSpace.arch(p).preIndex()).isEqualTo(pre[p]);
        }
    }

    @Test
    void wholeListHasTheOfficialSha256() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < SearchSpace.SIZE; i++) {
            if (i > 0) b.append('\n');
            b.append(SearchSpace.arch(i));
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(digest))
                .isEqualTo("83abc799e45cf34e9d2163654668ab998b9a54d01c39e72ca1f71f2cdf356d84");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0;|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
        "1;|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
        "2;|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|",
        "9;|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|",
        "11;|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|",
        "123;|avg_pool_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|",
        "284;|skip_connect~0|+|skip_connect~0|skip_connect~1|+|none~0|nor_conv_1x1~1|none~2|",
        "857;|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
        "6111;|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
        "9930;|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
        "10000;|nor_conv_1x1~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "12345;|skip_connect~0|+|avg_pool_3x3~0|none~1|+|nor_conv_1x1~0|skip_connect~1|avg_pool_3x3~2|",
        "15624;|nor_conv_1x1~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_1x1~1|nor_conv_1x1~2|",
    })
    void indexToStringOracles(int index, String arch) {
        assertThat(SearchSpace.arch(index).toString()).isEqualTo(arch);
        assertThat(Arch.parse(arch).index()).isEqualTo(index);
    }

    @ParameterizedTest
    @CsvSource({"1462,NOR_CONV_3X3", "1651,NONE", "1835,SKIP_CONNECT", "4317,NOR_CONV_1X1", "7581,AVG_POOL_3X3"})
    void uniformCells(int index, Op op) {
        assertThat(SearchSpace.arch(index).count(op)).isEqualTo(6);
    }

    @Test
    void indexMappingIsABijection() {
        Set<Integer> pre = new HashSet<>();
        for (int i = 0; i < SearchSpace.SIZE; i++) {
            Arch a = SearchSpace.arch(i);
            assertThat(a.index()).isEqualTo(i);
            pre.add(a.preIndex());
        }
        assertThat(pre).hasSize(SearchSpace.SIZE);
    }

    @Test
    void parserRejectsNonCanonicalFormsWithAClearMessage() {
        assertThatThrownBy(() -> Arch.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|"))
                .isInstanceOf(InvalidArchException.class).hasMessageContaining("3 node groups");
        assertThatThrownBy(() -> Arch.parse("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|"))
                .hasMessageContaining("unknown op 'conv'");
        assertThatThrownBy(() -> Arch.parse("|none~0|+|none~1|none~0|+|none~0|none~1|none~2|"))
                .hasMessageContaining("must come from node 0");
        assertThatThrownBy(() -> Arch.parse("|none~0|+|none~0|+|none~0|none~1|none~2|"))
                .hasMessageContaining("node 2 must have 2 input edge(s)");
        assertThatThrownBy(() -> Arch.parse("none~0|+|none~0|none~1|+|none~0|none~1|none~2|"))
                .hasMessageContaining("must start and end with '|'");
        assertThatThrownBy(() -> Arch.parse("|none~0 |+|none~0|none~1|+|none~0|none~1|none~2|"))
                .isInstanceOf(InvalidArchException.class);
        assertThatThrownBy(() -> SearchSpace.resolve("15625")).hasMessageContaining("outside 0..15624");
        assertThatThrownBy(() -> SearchSpace.resolve("99999999999999")).hasMessageContaining("outside");
        assertThat(SearchSpace.resolve(" 1462 ").count(Op.NOR_CONV_3X3)).isEqualTo(6);
    }

    @Test
    void samplingIsSeededDistinctAndUniformEnough() {
        int[] a = SearchSpace.sample(1000, 7);
        assertThat(a).hasSize(1000).doesNotHaveDuplicates();
        assertThat(SearchSpace.sample(1000, 7)).isEqualTo(a);
        assertThat(SearchSpace.sample(1000, 8)).isNotEqualTo(a);
        assertThat(SearchSpace.sample(SearchSpace.SIZE, 1)).doesNotHaveDuplicates().hasSize(SearchSpace.SIZE);
        // mean of a uniform sample of indices is close to 7812
        double mean = java.util.Arrays.stream(a).average().orElseThrow();
        assertThat(mean).isBetween(7812.0 - 600, 7812.0 + 600);
        int[][] runs = SearchSpace.runs(3, 50, 1);
        assertThat(runs[0]).isNotEqualTo(runs[1]);
        assertThat(SearchSpace.runs(3, 50, 1)[2]).isEqualTo(runs[2]);
    }

    @ParameterizedTest
    @CsvSource({
        "1462,1531546,1537396,1538696,1530961,291",
        "1651,73306,79156,80456,72721,21",
        "1835,73306,79156,80456,72721,21",
        "7581,73306,79156,80456,72721,21",
        "4317,241306,247156,248456,240721,291",
        "9930,1288506,1294356,1295656,1287921,246",
        "6111,1073466,1079316,1080616,1072881,246",
        "1,802426,808276,809576,801841,156",
        "0,129306,135156,136456,128721,111",
        "11,802426,808276,809576,801841,156",
        "284,101306,107156,108456,100721,66",
    })
    void parameterCountTable(int index, long k10, long k100, long k120, long k1, int tensors) {
        Arch a = SearchSpace.arch(index);
        assertThat(Cost.params(a, 10)).isEqualTo(k10);
        assertThat(Cost.params(a, 100)).isEqualTo(k100);
        assertThat(Cost.params(a, 120)).isEqualTo(k120);
        assertThat(Cost.params(a, 1)).isEqualTo(k1);
        assertThat(Cost.tensors(a)).isEqualTo(tensors);
    }

    @Test
    void flopsMatchOfficialRecords() {
        assertThat(Cost.flopsM(SearchSpace.arch(0), Dataset.CIFAR10)).isCloseTo(15.64737, within());
        assertThat(Cost.flopsM(SearchSpace.arch(0), Dataset.CIFAR100)).isCloseTo(15.65322, within());
        assertThat(Cost.flopsM(SearchSpace.arch(0), Dataset.IMAGENET16_120)).isCloseTo(3.91948, within());
        assertThat(Cost.flopsM(SearchSpace.arch(11), Dataset.CIFAR10)).isCloseTo(113.95137, within());
        assertThat(Cost.flopsM(SearchSpace.arch(11), Dataset.IMAGENET16_120)).isCloseTo(28.49548, within());
        assertThat(Cost.flopsM(SearchSpace.arch(284), Dataset.CIFAR10)).isCloseTo(11.71521, within());
        assertThat(Cost.flopsM(SearchSpace.arch(284), Dataset.IMAGENET16_120)).isCloseTo(2.93644, within());
    }

    private static org.assertj.core.data.Offset<Double> within() { return org.assertj.core.data.Offset.offset(1e-9); }
}
