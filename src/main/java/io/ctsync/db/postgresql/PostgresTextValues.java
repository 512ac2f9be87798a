package io.ctsync.db.postgresql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import io.ctsync.values.ColumnWriter;
import io.ctsync.values.JsonForm;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writers that copy a value from PostgreSQL's own text (the driver's {@code getString}) into its
 * JSON form where that text already is the form, or nearly: a {@code numeric} is written in plain
 * notation with its scale, a {@code timestamp} and a {@code timestamptz} in UTC need only the
 * {@code T} and the {@code Z}, and text is copied from the driver's UTF-8 bytes (docs/format.md, "Values"). Parsing such a value into a
 * {@code BigDecimal} or a {@code java.time} object and formatting it again was a large share of an
 * export's running time (bench/README.md, "Export speed"). Any other text (another session time
 * zone, BC, a year past 9999, infinity, NaN, or the driver's rendering of a binary-transferred
 * value) goes the generic way, {@link ColumnWriter#of}, so the bytes written are the same.
 */
final class PostgresTextValues {

    /** {@code YYYY-MM-DD HH:MM:SS}: where the date's and the time's separators are. */
    private static final int DATE_LENGTH = 10;
    private static final int SECONDS_END = 19;
    private static final String UTC = "+00";

    private PostgresTextValues() {
    }

    /**
     * The writer of a column of {@code form} and type {@code typeName}: from the text where the form
     * allows, else the generic one. Of the text form only the string types, which the driver never
     * transfers binary (a point, say, it does in a statement it has prepared on the server).
     */
    static ColumnWriter writer(JsonForm form, String typeName) {
        ColumnWriter generic = ColumnWriter.of(form);
        return switch (form) {
            case DECIMAL -> (rs, i, json) -> decimal(rs, i, json, generic);
            case DATE -> (rs, i, json) -> date(rs, i, json, generic);
            case TIMESTAMP -> (rs, i, json) -> timestamp(rs, i, json, false, generic);
            case TIMESTAMP_WITH_OFFSET -> (rs, i, json) -> timestamp(rs, i, json, true, generic);
            case TEXT -> PostgresSql.COLLATABLE.contains(typeName) ? (rs, i, json) -> text(rs, i, json, generic) : generic;
            default -> generic;
        };
    }

    /**
     * Text as the server sent it: the driver's bytes of a value in text format are its UTF-8 (the
     * driver sets client_encoding to UTF8), which the generator escapes as it copies them, with no
     * String decoded from them and encoded again. A generator that writes characters (a masked
     * column's) takes the String.
     */
    private static void text(ResultSet rs, int i, JsonGenerator json, ColumnWriter generic) throws SQLException, IOException {
        if (!(json instanceof UTF8JsonGenerator)) {
            generic.write(rs, i, json);
            return;
        }
        byte[] utf8 = rs.getBytes(i);
        if (utf8 == null) {
            json.writeNull();
        } else {
            json.writeUTF8String(utf8, 0, utf8.length);
        }
    }

    private static void decimal(ResultSet rs, int i, JsonGenerator json, ColumnWriter generic) throws SQLException, IOException {
        String text = rs.getString(i);
        if (text == null) {
            json.writeNull();
        } else if (isPlainDecimal(text)) {
            json.writeNumber(text);
        } else {
            generic.write(rs, i, json);
        }
    }

    private static void date(ResultSet rs, int i, JsonGenerator json, ColumnWriter generic) throws SQLException, IOException {
        String text = rs.getString(i);
        if (text == null) {
            json.writeNull();
        } else if (text.length() == DATE_LENGTH && isDate(text)) {
            json.writeString(text);
        } else {
            generic.write(rs, i, json);
        }
    }

    /** {@code 2026-02-28 13:45:10.5+00} is written {@code "2026-02-28T13:45:10.5Z"}; {@code utc}: the text must end in {@code +00}. */
    private static void timestamp(ResultSet rs, int i, JsonGenerator json, boolean utc, ColumnWriter generic)
            throws SQLException, IOException {
        String text = rs.getString(i);
        if (text == null) {
            json.writeNull();
            return;
        }
        int end = utc ? text.length() - UTC.length() : text.length();
        if (end < SECONDS_END || !isDate(text) || !isTime(text, end) || utc && !text.startsWith(UTC, end)) {
            generic.write(rs, i, json);
            return;
        }
        char[] form = new char[utc ? end + 1 : end];
        text.getChars(0, end, form, 0);
        form[DATE_LENGTH] = 'T';
        if (utc) {
            form[end] = 'Z';
        }
        json.writeString(form, 0, form.length);
    }

    /** An optional minus, digits, and optionally a point and digits: never an exponent, NaN or Infinity. */
    static boolean isPlainDecimal(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        int digits = 0;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i == text.length()) {
            return true;
        }
        if (text.charAt(i) != '.' || i == text.length() - 1) {
            return false;
        }
        for (i++; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code YYYY-MM-DD} at the start: four-digit years only (a fifth digit, BC and infinity take the generic way). */
    static boolean isDate(String text) {
        if (text.length() < DATE_LENGTH || text.length() > DATE_LENGTH && text.charAt(DATE_LENGTH) != ' ') {
            return false;
        }
        for (int i = 0; i < DATE_LENGTH; i++) {
            if (i == 4 || i == 7 ? text.charAt(i) != '-' : !isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code HH:MM:SS} after the date, then up to {@code end} an optional fraction whose last digit
     * is not 0, as PostgreSQL writes it (the driver's rendering of a binary value writes {@code .0}).
     */
    static boolean isTime(String text, int end) {
        for (int i = DATE_LENGTH + 1; i < SECONDS_END; i++) {
            if (i == 13 || i == 16 ? text.charAt(i) != ':' : !isDigit(text.charAt(i))) {
                return false;
            }
        }
        if (end == SECONDS_END) {
            return true;
        }
        if (text.charAt(SECONDS_END) != '.' || end - SECONDS_END - 1 > 9 || end == SECONDS_END + 1 || text.charAt(end - 1) == '0') {
            return false;
        }
        for (int i = SECONDS_END + 1; i < end; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
