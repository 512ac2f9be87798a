package io.ctsync.packaging;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Writes one JDBC column of the current row as a JSON field, chosen once per column from the
 * result set's metadata so that the per-row work is a plain virtual call (docs/format.md, "Values").
 */
@FunctionalInterface
public interface ColumnWriter {

    void write(ResultSet rs, int index, JsonGenerator json) throws SQLException, IOException;

    /** Writers for columns {@code first..last} (1-based, inclusive) of a result set. */
    static ColumnWriter[] forColumns(ResultSetMetaData meta, int first, int last) throws SQLException {
        ColumnWriter[] writers = new ColumnWriter[last - first + 1];
        for (int i = first; i <= last; i++) {
            writers[i - first] = forType(meta.getColumnType(i), meta.getColumnTypeName(i));
        }
        return writers;
    }

    static ColumnWriter forType(int jdbcType, String typeName) {
        String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT:
                return (rs, i, json) -> {
                    long v = rs.getLong(i);
                    if (rs.wasNull()) {
                        json.writeNull();
                    } else {
                        json.writeNumber(v);
                    }
                };
            case Types.NUMERIC, Types.DECIMAL:
                return (rs, i, json) -> {
                    BigDecimal v = rs.getBigDecimal(i);
                    if (v == null) {
                        json.writeNull();
                    } else {
                        json.writeNumber(v);
                    }
                };
            case Types.REAL, Types.FLOAT, Types.DOUBLE:
                return (rs, i, json) -> {
                    double v = rs.getDouble(i);
                    if (rs.wasNull()) {
                        json.writeNull();
                    } else if (Double.isFinite(v)) {
                        json.writeNumber(v);
                    } else {
                        json.writeString(Double.toString(v));
                    }
                };
            case Types.BIT, Types.BOOLEAN:
                return (rs, i, json) -> {
                    boolean v = rs.getBoolean(i);
                    if (rs.wasNull()) {
                        json.writeNull();
                    } else {
                        json.writeBoolean(v);
                    }
                };
            case Types.DATE:
                return temporal(LocalDate.class, DateTimeFormatter.ISO_LOCAL_DATE);
            case Types.TIME:
                if (type.equals("timetz")) {
                    return temporal(OffsetTime.class, DateTimeFormatter.ISO_OFFSET_TIME);
                }
                return temporal(LocalTime.class, DateTimeFormatter.ISO_LOCAL_TIME);
            case Types.TIME_WITH_TIMEZONE:
                return temporal(OffsetTime.class, DateTimeFormatter.ISO_OFFSET_TIME);
            case Types.TIMESTAMP:
                if (type.equals("timestamptz")) {
                    return temporal(OffsetDateTime.class, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                return temporal(LocalDateTime.class, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return temporal(OffsetDateTime.class, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                if (type.equals("uuid")) {
                    return (rs, i, json) -> writeString(json, rs.getObject(i));
                }
                return (rs, i, json) -> {
                    byte[] v = rs.getBytes(i);
                    if (v == null) {
                        json.writeNull();
                    } else {
                        json.writeBinary(v);
                    }
                };
            default:
                break;
        }
        if (type.equals("datetimeoffset")) {
            // SQL Server's driver reports it as its own type code, and its text is not ISO-8601
            return temporal(OffsetDateTime.class, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        return (rs, i, json) -> writeString(json, rs.getString(i));
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
