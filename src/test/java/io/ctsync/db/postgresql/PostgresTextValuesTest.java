package io.ctsync.db.postgresql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.ctsync.testing.TestDatabase;
import io.ctsync.values.ColumnWriter;
import io.ctsync.values.JsonForm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writers from PostgreSQL's text write exactly the bytes the generic writers write, for plain
 * values and for every text they must leave to the generic way: other session time zones, BC,
 * years past 9999, infinities, NaN, fractions, and the driver's rendering of binary-transferred
 * values (a statement run often enough is prepared on the server and its timestamps come binary).
 */
@Tag("postgres")
class PostgresTextValuesTest {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private static final Map<JsonForm, List<String>> VALUES = Map.of(
            JsonForm.DECIMAL, List.of("0::numeric", "-0.00::numeric(5,2)", "12.50::numeric(12,2)", "1e-7::numeric", "1e20::numeric",
                    "-123456789012345678901234567890.0123456789::numeric", "'NaN'::numeric", "'Infinity'::numeric",
                    "'-Infinity'::numeric", "100::numeric(5,0)"),
            JsonForm.TEXT, List.of("'plain'::text", "E'tab\\t \\\\ \"q\" \\n \\u0001'::text", "'Zoë ✓ 😀'::varchar(20)", "'ab'::char(4)",
                    "'{\"a\": [1, 2]}'::jsonb", "'<a x=\"1\">t</a>'::xml", "'192.168.0.1/24'::inet", "B'101'::varbit",
                    "'[1,5)'::int4range", "'1 year 2 mons'::interval", "'(1.5,2)'::point", "repeat('x', 70000)::text"),
            JsonForm.DATE, List.of("'2026-02-28'::date", "'0044-03-15 BC'::date", "'infinity'::date", "'-infinity'::date",
                    "'12026-01-01'::date", "'0001-01-01'::date"),
            JsonForm.TIMESTAMP, List.of("'2026-02-28 13:45:10'::timestamp", "'2026-02-28 13:45:10.5'::timestamp",
                    "'2026-02-28 13:45:10.000001'::timestamp", "'2026-02-28 00:00:00.12345'::timestamp(6)",
                    "'0044-03-15 12:00 BC'::timestamp", "'infinity'::timestamp", "'12026-01-01 00:00'::timestamp",
                    "'2026-02-28 13:45:10.123'::timestamp(3)"),
            JsonForm.TIMESTAMP_WITH_OFFSET, List.of("'2026-02-28 13:45:10+00'::timestamptz", "'2026-02-28 13:45:10.123456+02'::timestamptz",
                    "'2026-02-28 23:59:59.9-05:30'::timestamptz", "'1850-01-01 00:00:00+00'::timestamptz",
                    "'0044-03-15 12:00+00 BC'::timestamptz", "'infinity'::timestamptz", "'-infinity'::timestamptz",
                    "'12026-01-01 00:00+00'::timestamptz", "'2026-02-28 13:45:10.100+00'::timestamptz"));

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Kolkata", "America/St_Johns"})
    void writeWhatTheGenericWritersWrite(String timeZone) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.PG_HOST + "/postgres",
                TestDatabase.PG_USER, TestDatabase.PG_PASSWORD)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TimeZone TO '" + timeZone + "'");
            }
            int compared = 0;
            for (Map.Entry<JsonForm, List<String>> form : VALUES.entrySet()) {
                for (String value : form.getValue()) {
                    // run each often enough that the driver prepares it on the server and reads its results binary
                    try (PreparedStatement select = connection.prepareStatement("SELECT " + value + ", NULL::" + type(value))) {
                        for (int run = 0; run < 7; run++) {
                            try (ResultSet rs = select.executeQuery()) {
                                rs.next();
                                for (int column = 1; column <= 2; column++) {
                                    String expected = written(ColumnWriter.of(form.getKey()), rs, column);
                                    assertThat(written(PostgresTextValues.writer(form.getKey(), rs.getMetaData().getColumnTypeName(column)), rs, column))
                                            .as("%s in %s, run %d", value, timeZone, run).isEqualTo(expected);
                                    assertThat(writtenAsBytes(PostgresTextValues.writer(form.getKey(), rs.getMetaData().getColumnTypeName(column)), rs, column))
                                            .as("%s in %s, run %d, into bytes", value, timeZone, run).isEqualTo(expected);
                                    compared++;
                                }
                            }
                        }
                    }
                }
            }
            assertThat(compared).isEqualTo(VALUES.values().stream().mapToInt(List::size).sum() * 7 * 2);
        }
    }

    @org.junit.jupiter.api.Test
    void writeTheContentsFormsFromTheText() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.PG_HOST + "/postgres",
                TestDatabase.PG_USER, TestDatabase.PG_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone TO 'UTC'");
            try (ResultSet rs = statement.executeQuery("SELECT 12.50::numeric(12,2), '2026-02-28'::date,"
                    + " '2026-02-28 13:45:10.5'::timestamp, '2026-02-28 13:45:10.123456+02'::timestamptz")) {
                rs.next();
                List<String> written = new ArrayList<>();
                written.add(writtenAsBytes(PostgresTextValues.writer(JsonForm.DECIMAL, null), rs, 1));
                written.add(writtenAsBytes(PostgresTextValues.writer(JsonForm.DATE, null), rs, 2));
                written.add(writtenAsBytes(PostgresTextValues.writer(JsonForm.TIMESTAMP, null), rs, 3));
                written.add(writtenAsBytes(PostgresTextValues.writer(JsonForm.TIMESTAMP_WITH_OFFSET, null), rs, 4));
                assertThat(written).containsExactly("12.50", "\"2026-02-28\"", "\"2026-02-28T13:45:10.5\"",
                        "\"2026-02-28T11:45:10.123456Z\"");
            }
        }
        assertThat(PostgresTextValues.isPlainDecimal("-1.5")).isTrue();
        assertThat(PostgresTextValues.isPlainDecimal("1E+3")).isFalse();
        assertThat(PostgresTextValues.isPlainDecimal("1.")).isFalse();
        assertThat(PostgresTextValues.isPlainDecimal("-")).isFalse();
        assertThat(PostgresTextValues.isPlainDecimal(".5")).isFalse();
    }

    private static String type(String value) {
        return value.substring(value.lastIndexOf("::") + 2);
    }

    /** As a content's entry is written: UTF-8 bytes. */
    private static String writtenAsBytes(ColumnWriter writer, ResultSet rs, int column) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            writer.write(rs, column, json);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String written(ColumnWriter writer, ResultSet rs, int column) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            writer.write(rs, column, json);
        }
        return out.toString();
    }
}
