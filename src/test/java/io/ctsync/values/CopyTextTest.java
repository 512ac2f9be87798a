package io.ctsync.values;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COPY's text format byte for byte against the JDK's own UTF-8 encoder and the escapes COPY
 * defines: every width of UTF-8, values in and out of the buffer, spilled text and binary whose
 * reads split surrogate pairs, dates PostgreSQL writes otherwise, and a buffer filled by separators alone.
 */
@Tag("unit")
class CopyTextTest {

    /** The characters of one piece of a value: the buffer's bytes over the most bytes a character takes. */
    private static final int PIECE = (1 << 16) / 3;

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<Integer> writes = new ArrayList<>();

    @Test
    void everyWidthOfUtf8AndEveryEscapeAndNullAreWrittenAsCopyReadsThem() throws Exception {
        List<String> row = Arrays.asList("back\\slash\ttab\nnewline\rreturn", null, "\u007f\u0080\u07ff\u0800\uffff",
                "\uD83D\uDE00 and \uDB40\uDC01 and \uDBFF\uDFFF", "", "plain");
        write(new JsonForm[] {JsonForm.TEXT, JsonForm.TEXT, JsonForm.TEXT, JsonForm.TEXT, JsonForm.TEXT, JsonForm.TEXT},
                new ListRows(List.of(row, row)));

        assertThat(sent.toByteArray()).isEqualTo(expected(List.of(row, row)));
        assertThat(writes).as("one write for the little there is").containsExactly(sent.size());
    }

    @Test
    void aLongValueGoesInPiecesThatNeverSplitASurrogatePair() throws Exception {
        // the first pair straddles the end of the first piece, the second that of the second piece
        String value = "a".repeat(PIECE - 1) + "\uD83D\uDE00" + "é".repeat(PIECE - 2) + "\uDB40\uDC01" + "z".repeat(PIECE * 3);
        List<String> row = Arrays.asList(value, "after");
        write(new JsonForm[] {JsonForm.TEXT, JsonForm.TEXT}, new ListRows(List.of(row)));

        assertThat(sent.toByteArray()).isEqualTo(expected(List.of(row)));
        assertThat(writes).hasSizeGreaterThan(2).allMatch(length -> length > 0 && length <= 1 << 16);
    }

    @Test
    void aBufferFilledBySeparatorsAloneIsSentAndGoesOn() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            rows.add(Arrays.asList("", ""));
        }
        write(new JsonForm[] {JsonForm.TEXT, JsonForm.TEXT}, new ListRows(rows));

        assertThat(sent.toByteArray()).isEqualTo(expected(rows));
        assertThat(writes).containsExactly(1 << 16, 1 << 16, 140_000 - 2 * (1 << 16));
    }

    @Test
    void spilledTextWhoseReadsSplitSurrogatePairsArrivesWhole() throws Exception {
        StringBuilder text = new StringBuilder("first \\ \t ");
        for (int i = 0; i < 40_000; i++) {
            text.append(i % 7 == 0 ? "\uD83D\uDE00" : i % 3 == 0 ? "€" : "ab");
        }
        String value = text.toString();
        try (ValueSpill spill = new ValueSpill()) {
            SpilledValue spilled = spill.text(parserAt("\"" + jsonEscaped(value) + "\""));
            write(new JsonForm[] {JsonForm.INTEGER, JsonForm.TEXT}, new ListRows(List.of(Arrays.asList("1", null)), spilled));
        }
        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("1\t" + escaped(value) + "\n");
    }

    @Test
    void aSpilledBinaryValueIsWrittenAsTheBase64OfItsBytes() throws Exception {
        byte[] bytes = new byte[ValueSpill.BIG + 5];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + i / 256);
        }
        String base64 = Base64.getEncoder().encodeToString(bytes);
        try (ValueSpill spill = new ValueSpill()) {
            SpilledValue value = spill.binary(parserAt("\"" + base64 + "\""));
            assertThat(value).as("spilled at %d bytes", ValueSpill.BIG).isNotNull();
            write(new JsonForm[] {JsonForm.BINARY}, new ListRows(List.of(Arrays.asList((String) null)), value));
        }
        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo(base64 + "\n");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "DATE|2026-02-28|2026-02-28",
            "DATE|0999-12-31|0999-12-31",
            "DATE|0001-01-01|0001-01-01",
            "DATE|0000-03-15|0001-03-15 BC",
            "DATE|-0044-03-15|0045-03-15 BC",
            "DATE|+999999999-12-31|infinity",
            "DATE|-999999999-01-01|-infinity",
            "TIMESTAMP|0000-01-01T00:00:00|0001-01-01T00:00:00 BC",
            "TIMESTAMP|0500-06-01T12:30:00.5|0500-06-01T12:30:00.5",
            "TIMESTAMP_WITH_OFFSET|-0001-12-31T23:59:59Z|0002-12-31T23:59:59Z BC",
            "TIMESTAMP_WITH_OFFSET|9999-12-31T23:59:59+02:00|9999-12-31T23:59:59+02:00",
    })
    void datesOutsideWhatPostgresqlWritesAreRewrittenAndOthersKept(JsonForm form, String json, String copied) throws Exception {
        write(new JsonForm[] {form, JsonForm.TEXT}, new ListRows(List.of(Arrays.asList(json, json))));
        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo(copied + "\t" + json + "\n");
    }

    private void write(JsonForm[] forms, TextRows rows) throws Exception {
        new CopyText((bytes, offset, length) -> {
            sent.write(bytes, offset, length);
            writes.add(length);
        }, forms).write(rows);
    }

    /** What COPY reads: values escaped and joined by tabs, rows ended by newlines, NULL as \N, all of it in the JDK's UTF-8. */
    private static byte[] expected(List<List<String>> rows) {
        return rows.stream().map(row -> row.stream().map(value -> value == null ? "\\N" : escaped(value)).collect(Collectors.joining("\t")) + "\n")
                .collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
    }

    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String jsonEscaped(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t");
    }

    private static JsonParser parserAt(String json) throws Exception {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();
        JsonParser parser = factory.createParser(json);
        parser.nextToken();
        return parser;
    }

    /** Rows of strings in one character buffer, as the content's reader hands them out; a spilled value where given. */
    private static final class ListRows implements TextRows {

        private final List<List<String>> rows;
        private final SpilledValue spilled;
        private int row = -1;
        private char[] chars;
        private int[] starts;
        private int[] lengths;

        ListRows(List<List<String>> rows) {
            this(rows, null);
        }

        /** {@code spilled} stands for the first null of every row. */
        ListRows(List<List<String>> rows, SpilledValue spilled) {
            this.rows = rows;
            this.spilled = spilled;
        }

        @Override
        public boolean next() {
            if (++row >= rows.size()) {
                return false;
            }
            List<String> values = rows.get(row);
            StringBuilder text = new StringBuilder("#");
            starts = new int[values.size()];
            lengths = new int[values.size()];
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                starts[i] = value == null ? (spilled != null && i == values.indexOf(null) ? 0 : -1) : text.length();
                lengths[i] = value == null ? -1 : value.length();
                text.append(value == null ? "" : value);
            }
            chars = text.toString().toCharArray();
            return true;
        }

        @Override
        public char[] chars() {
            return chars;
        }

        @Override
        public int start(int column) {
            return starts[column];
        }

        @Override
        public int length(int column) {
            return lengths[column];
        }

        @Override
        public SpilledValue spilled(int column) {
            return spilled != null && starts[column] == 0 ? spilled : null;
        }
    }
}
