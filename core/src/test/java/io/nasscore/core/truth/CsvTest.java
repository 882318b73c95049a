package io.nasscore.core.truth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CsvTest {

    @Test
    void readsHeaderRowsAndQuotedFieldsWithCommas() {
        Csv.Table t = Csv.parse("index,naslib_tuple,score\n"
                + "0,\"(1, 2, 3)\",0.5\n"
                + "1,\"say \"\"hi\"\", ok\",-1e-3\n"
                + "2,,\n", "s.csv");
        assertThat(t.header()).containsExactly("index", "naslib_tuple", "score");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.row(0).get("naslib_tuple")).isEqualTo("(1, 2, 3)");
        assertThat(t.row(1).get(1)).isEqualTo("say \"hi\", ok");
        assertThat(t.row(1).getDouble("score")).isEqualTo(-1e-3);
        assertThat(t.row(2).get(1)).isEmpty();
        assertThat(t.row(2).getDouble(2)).isNaN(); // trailing empty field = no value
        assertThat(t.row(0).line()).isEqualTo(2);
        assertThat(t.row(2).getInt("index")).isEqualTo(2);
    }

    @Test
    void handlesCrLfBomBlankLinesAndMultiLineQuotedFields() {
        Csv.Table t = Csv.parse("\uFEFFa,b\r\n1,\"x\ny\"\r\n\r\n2,z\r\n", "m.csv");
        assertThat(t.header()).containsExactly("a", "b");
        assertThat(t.row(0).get("b")).isEqualTo("x\ny");
        assertThat(t.row(1).line()).isEqualTo(5); // line 3 continues the quoted field, line 4 is blank
        assertThat(t.row(1).getInt(0)).isEqualTo(2);
    }

    @Test
    void numbersNanAndInfinity() {
        Csv.Table t = Csv.parse("v\nnan\nNaN\ninf\n-inf\n 2.5 \n1e400\n", "n.csv");
        assertThat(t.row(0).getDouble(0)).isNaN();
        assertThat(t.row(1).getDouble(0)).isNaN();
        assertThat(t.row(2).getDouble(0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(t.row(3).getDouble(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.row(4).getDouble(0)).isEqualTo(2.5);
        assertThat(t.row(5).getDouble(0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void badNumberNamesSourceLineAndColumn() {
        Csv.Table t = Csv.parse("index,score\n0,0.1\n1,abc\n", "scores.csv");
        CsvException e = catchThrowableOfType(CsvException.class, () -> t.row(1).getDouble("score"));
        assertThat(e).hasMessage("scores.csv: line 3, column 'score': 'abc' is not a number");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo("score");
        assertThat(e.source()).isEqualTo("scores.csv");
        assertThatThrownBy(() -> Csv.parse("v\n1d\n", "j.csv").row(0).getDouble(0))
                .hasMessageContaining("line 2").hasMessageContaining("'1d' is not a number");
        assertThatThrownBy(() -> t.row(0).getInt("score"))
                .hasMessage("scores.csv: line 2, column 'score': '0.1' is not an integer");
    }

    @Test
    void wrongFieldCountNamesTheLine() {
        assertThatThrownBy(() -> Csv.parse("a,b,c\n1,2,3\n4,5\n", "f.csv"))
                .isInstanceOf(CsvException.class)
                .hasMessage("f.csv: line 3: expected 3 fields (as in the header), found 2");
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereTheFieldStarts() {
        assertThatThrownBy(() -> Csv.parse("a,b\n1,2\n3,\"open\n4,5\n", "q.csv"))
                .hasMessageStartingWith("q.csv: line 3: unterminated quoted field");
    }

    @Test
    void textAfterClosingQuoteIsAnError() {
        assertThatThrownBy(() -> Csv.parse("a,b\n\"x\"y,2\n", "t.csv"))
                .hasMessageStartingWith("t.csv: line 2: field 1: unexpected text after the closing quote");
    }

    @Test
    void unknownColumnListsTheHeader() {
        Csv.Table t = Csv.parse("index,arch\n", "h.csv");
        assertThatThrownBy(() -> t.column("JS"))
                .hasMessage("h.csv: column 'JS': no such column; the header has index, arch");
        assertThat(t.columnOrMinusOne("JS")).isEqualTo(-1);
        assertThat(t.hasColumn("arch")).isTrue();
    }

    @Test
    void badHeaders() {
        assertThatThrownBy(() -> Csv.parse("", "e.csv")).hasMessage("e.csv: empty file: no header line");
        assertThatThrownBy(() -> Csv.parse("a,,b\n", "e.csv")).hasMessage("e.csv: line 1: header field 2 is empty");
        assertThatThrownBy(() -> Csv.parse("a,b,a\n", "d.csv"))
                .hasMessage("d.csv: line 1, column 'a': duplicate header name (fields 1 and 3)");
    }

    @Test
    void readsFilesAndNamesMissingOnes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "k,v\n\"a,b\",1\n", StandardCharsets.UTF_8);
        assertThat(Csv.read(f).row(0).get("k")).isEqualTo("a,b");
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> Csv.read(missing)).isInstanceOf(CsvException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void readsGzipFilesOfSeveralMembersAsOne(@TempDir Path dir) throws Exception {
        // how whole-space-append.sh grows a .csv.gz: the header and first rows, then each round's rows as a new member
        Path f = dir.resolve("x.csv.gz");
        try (java.io.OutputStream out = Files.newOutputStream(f)) {
            for (String part : new String[] {"k,v\n\"a,b\",1\n", "c,2\n", "d,-inf\n"}) {
                java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out);
                gz.write(part.getBytes(StandardCharsets.UTF_8));
                gz.finish();
            }
        }
        Csv.Table t = Csv.read(f);
        assertThat(t.rows()).hasSize(3);
        assertThat(t.row(0).get("k")).isEqualTo("a,b");
        assertThat(t.row(1).getDouble("v")).isEqualTo(2.0);
        assertThat(t.row(2).getDouble("v")).isEqualTo(Double.NEGATIVE_INFINITY);
        Path notGzip = dir.resolve("plain.csv.gz");
        Files.writeString(notGzip, "k,v\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Csv.read(notGzip)).isInstanceOf(CsvException.class)
                .hasMessageStartingWith(notGzip + ": cannot be read: ");
    }
}
