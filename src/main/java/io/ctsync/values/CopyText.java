package io.ctsync.values;

import java.io.IOException;
import java.io.Reader;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;

/**
 * Rows written as COPY's text format (tab between values, {@code \N} for NULL, backslash escapes)
 * in UTF-8, straight from the rows' characters into one buffer that goes to the server whenever it
 * fills: no string, no object per value; a spilled value is read back and sent in pieces. Dates
 * and timestamps outside PostgreSQL's notation (the JSON's years at or below 0 and java.time's
 * extremes for infinity) are rewritten first.
 */
public final class CopyText {

    /** Where the buffer goes when it fills: the COPY stream of the connection. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    private static final int BUFFER_BYTES = 1 << 16;
    /** The most bytes one character takes here: a surrogate pair's two chars take 4, an escaped ASCII char 2. */
    private static final int MAX_BYTES_PER_CHAR = 3;

    private final Sink copy;
    private final JsonForm[] forms;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;

    public CopyText(Sink copy, JsonForm[] forms) {
        this.copy = copy;
        this.forms = forms;
    }

    /** Writes every row and sends what is left in the buffer. */
    public void write(TextRows rows) throws SQLException, IOException {
        while (rows.next()) {
            for (int column = 0; column < forms.length; column++) {
                if (column > 0) {
                    put((byte) '\t');
                }
                int start = rows.start(column);
                SpilledValue spilled = rows.spilled(column);
                if (spilled != null) {
                    encode(spilled);
                } else if (start < 0) {
                    put((byte) '\\');
                    put((byte) 'N');
                } else if (isDate(forms[column]) && !plainYear(rows.chars(), start)) {
                    String text = dateText(forms[column], rows.text(column));
                    encode(text.toCharArray(), 0, text.length());
                } else {
                    encode(rows.chars(), start, rows.length(column));
                }
            }
            put((byte) '\n');
        }
        flush();
    }

    /** Encodes a spilled value as it is read back, a buffer's worth at a time; a surrogate pair split between reads is joined. */
    private void encode(SpilledValue value) throws SQLException, IOException {
        char[] piece = new char[BUFFER_BYTES / MAX_BYTES_PER_CHAR];
        int carried = 0;
        try (Reader text = value.text()) {
            while (true) {
                int read = text.read(piece, carried, piece.length - carried);
                if (read < 0) {
                    encodePiece(piece, 0, carried);
                    return;
                }
                int length = carried + read;
                // a high surrogate at the end waits for its low half
                carried = Character.isHighSurrogate(piece[length - 1]) ? 1 : 0;
                encodePiece(piece, 0, length - carried);
                piece[0] = piece[length - 1];
            }
        }
    }

    /** Encodes the characters a buffer's worth at a time: a big value goes out in pieces, the buffer never grows. */
    private void encode(char[] chars, int start, int length) throws SQLException {
        int end = start + length;
        for (int from = start; from < end; ) {
            int to = Math.min(end, from + BUFFER_BYTES / MAX_BYTES_PER_CHAR);
            if (to < end && Character.isHighSurrogate(chars[to - 1])) {
                // a surrogate pair stays in one piece
                to--;
            }
            encodePiece(chars, from, to);
            from = to;
        }
    }

    private void encodePiece(char[] chars, int start, int end) throws SQLException {
        room((end - start) * MAX_BYTES_PER_CHAR);
        byte[] out = buffer;
        int at = used;
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { out[at++] = '\\'; out[at++] = '\\'; }
                    case '\t' -> { out[at++] = '\\'; out[at++] = 't'; }
                    case '\n' -> { out[at++] = '\\'; out[at++] = 'n'; }
                    case '\r' -> { out[at++] = '\\'; out[at++] = 'r'; }
                    default -> out[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                out[at++] = (byte) (0xF0 | cp >> 18);
                out[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        used = at;
    }

    private void put(byte b) throws SQLException {
        room(1);
        buffer[used++] = b;
    }

    /** Makes room for {@code bytes} more (at most the buffer's size), sending the buffer. */
    private void room(int bytes) throws SQLException {
        if (used + bytes > buffer.length) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (used > 0) {
            copy.write(buffer, 0, used);
            used = 0;
        }
    }

    private static boolean isDate(JsonForm form) {
        return form == JsonForm.DATE || form == JsonForm.TIMESTAMP || form == JsonForm.TIMESTAMP_WITH_OFFSET;
    }

    /** A year from 1000 to 9999, which PostgreSQL reads as the JSON writes it. */
    private static boolean plainYear(char[] chars, int start) {
        return chars[start] >= '1' && chars[start] <= '9';
    }

    /**
     * PostgreSQL's text of a date or timestamp the JSON writes with a year before 1000: java.time's
     * extremes are infinity (as the driver binds them), a year at or below 0 is a year BC
     * (year 0 is 1 BC), and others are unchanged.
     */
    static String dateText(JsonForm form, String json) {
        Temporal value = switch (form) {
            case DATE -> LocalDate.parse(json);
            case TIMESTAMP -> LocalDateTime.parse(json);
            default -> OffsetDateTime.parse(json);
        };
        int year = value.get(ChronoField.YEAR);
        if (year == java.time.Year.MAX_VALUE) {
            return "infinity";
        }
        if (year == java.time.Year.MIN_VALUE) {
            return "-infinity";
        }
        if (year > 0) {
            return json;
        }
        // "-0044-03-15" is 45 BC; the digits after the year's stay as they are
        int yearEnd = json.indexOf('-', 1);
        return String.format("%04d", 1 - year) + json.substring(yearEnd) + " BC";
    }
}
