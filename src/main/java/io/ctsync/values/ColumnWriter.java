package io.ctsync.values;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Writes one JDBC column of the current row as a JSON field in its {@link JsonForm}, chosen once per
 * column from the result set's metadata and the database's type model, so that the per-row work is
 * a plain virtual call (docs/format.md, "Values").
 */
@FunctionalInterface
public interface ColumnWriter {

    void write(ResultSet rs, int index, JsonGenerator json) throws SQLException, IOException;

    /** Writers for columns {@code first..last} (1-based, inclusive) of a result set, by the database's type model. */
    static ColumnWriter[] forColumns(ColumnTypes types, ResultSetMetaData meta, int first, int last) throws SQLException {
        ColumnWriter[] writers = new ColumnWriter[last - first + 1];
        for (int i = first; i <= last; i++) {
            JsonForm form = types.form(meta.getColumnType(i), meta.getColumnTypeName(i));
            writers[i - first] = types.readAsStream(meta.getColumnType(i), meta.getColumnTypeName(i), meta.getPrecision(i))
                    ? streamed(form) : types.writer(form, meta.getColumnTypeName(i));
        }
        return writers;
    }

    /**
     * A writer that copies a big value from the driver's stream into the entry, base64-encoded on
     * the fly for binary, so that the value is never whole in the heap (where the driver streams it:
     * {@link ColumnTypes#readAsStream}).
     */
    static ColumnWriter streamed(JsonForm form) {
        return switch (form) {
            case BINARY -> (rs, i, json) -> {
                try (InputStream v = rs.getBinaryStream(i)) {
                    if (v == null) {
                        json.writeNull();
                    } else {
                        json.writeBinary(v, -1);
                    }
                }
            };
            case TEXT -> (rs, i, json) -> {
                try (Reader v = rs.getCharacterStream(i)) {
                    if (v == null) {
                        json.writeNull();
                    } else {
                        json.writeString(v, -1);
                    }
                }
            };
            default -> of(form);
        };
    }

    static ColumnWriter of(JsonForm form) {
        return switch (form) {
            case INTEGER -> (rs, i, json) -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(v);
                }
            };
            case DECIMAL -> (rs, i, json) -> writeNumber(json, SqlValues.decimal(rs, i));
            case MONEY -> (rs, i, json) -> writeNumber(json, SqlValues.money(rs, i));
            case FLOAT -> (rs, i, json) -> {
                double v = rs.getDouble(i);
                if (rs.wasNull()) {
                    json.writeNull();
                } else if (Double.isFinite(v)) {
                    json.writeNumber(v);
                } else {
                    json.writeString(Double.toString(v));
                }
            };
            case BOOLEAN -> (rs, i, json) -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeBoolean(v);
                }
            };
            case DATE -> temporal(LocalDate.class, DateTimeFormatter.ISO_LOCAL_DATE);
            case TIME -> temporal(LocalTime.class, DateTimeFormatter.ISO_LOCAL_TIME);
            case TIME_WITH_OFFSET -> temporal(OffsetTime.class, DateTimeFormatter.ISO_OFFSET_TIME);
            case TIMESTAMP -> temporal(LocalDateTime.class, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            // SQL Server's datetimeoffset text is not ISO-8601, hence the object, for every database alike
            case TIMESTAMP_WITH_OFFSET -> temporal(OffsetDateTime.class, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case BINARY -> (rs, i, json) -> {
                byte[] v = rs.getBytes(i);
                if (v == null) {
                    json.writeNull();
                } else {
                    json.writeBinary(v);
                }
            };
            case UUID -> (rs, i, json) -> {
                Object v = rs.getObject(i);
                writeString(json, v == null ? null : v.toString().toLowerCase(Locale.ROOT));
            };
            case ARRAY -> (rs, i, json) -> writeArray(json, SqlValues.array(rs, i));
            case TEXT -> (rs, i, json) -> writeString(json, rs.getString(i));
        };
    }

    private static void writeNumber(JsonGenerator json, Object value) throws IOException {
        if (value instanceof BigDecimal number) {
            json.writeNumber(number);
        } else {
            writeString(json, value);
        }
    }

    /** An array's elements by their Java type: whole and exact numbers as numbers (floating ones as text, which keeps NaN), booleans as booleans, anything else as its text. */
    private static void writeArray(JsonGenerator json, Object[] elements) throws IOException {
        if (elements == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (Object element : elements) {
            if (element instanceof Number number && !(number instanceof Double || number instanceof Float)) {
                json.writeNumber(new BigDecimal(number.toString()));
            } else if (element instanceof Boolean bool) {
                json.writeBoolean(bool);
            } else {
                writeString(json, element);
            }
        }
        json.writeEndArray();
    }

    /** Dates and times as ISO-8601, seconds always written so that values sort and compare as text. */
    private static ColumnWriter temporal(Class<? extends TemporalAccessor> type, DateTimeFormatter format) {
        return (rs, i, json) -> {
            TemporalAccessor v = rs.getObject(i, type);
            if (v == null) {
                json.writeNull();
            } else {
                json.writeString(format.format(v));
            }
        };
    }

    private static void writeString(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value.toString());
        }
    }
}
