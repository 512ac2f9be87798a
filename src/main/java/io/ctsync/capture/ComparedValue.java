package io.ctsync.capture;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a column as a value that compares the same whichever database it comes from: whole
 * numbers as {@link Long}, exact decimals as {@link BigDecimal}, timestamps with an offset as
 * the instant, a uuid as its lowercase text, and anything else the way its type reads in Java.
 * Chosen once per column, like the content's column writers.
 */
@FunctionalInterface
interface ComparedValue {

    Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB);

    Object read(ResultSet rs, int index) throws SQLException;

    static ComparedValue of(int jdbcType, String typeName) {
        String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (type.equals("uuid")) {
            return (rs, i) -> {
                Object v = rs.getObject(i);
                return v == null ? null : v.toString().toLowerCase(Locale.ROOT);
            };
        }
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> (rs, i) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            };
            case Types.NUMERIC, Types.DECIMAL -> ResultSet::getBigDecimal;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> (rs, i) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : v;
            };
            case Types.BIT, Types.BOOLEAN -> (rs, i) -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            };
            case Types.DATE -> (rs, i) -> rs.getObject(i, LocalDate.class);
            case Types.TIME -> type.equals("timetz") ? (rs, i) -> rs.getObject(i, OffsetTime.class) : (rs, i) -> rs.getObject(i, LocalTime.class);
            case Types.TIME_WITH_TIMEZONE -> (rs, i) -> rs.getObject(i, OffsetTime.class);
            case Types.TIMESTAMP -> type.equals("timestamptz") ? ComparedValue::instant : (rs, i) -> rs.getObject(i, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> ComparedValue::instant;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ResultSet::getBytes;
            default -> ResultSet::getString;
        };
    }

    private static Object instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
        return v == null ? null : v.toInstant();
    }

    /** Whether two values read by {@link #read} are the same value: NULL equals NULL, 1.50 equals 1.5. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return KeyOrder.compareNumbers(x, y) == 0;
        }
        return a.equals(b);
    }
}
