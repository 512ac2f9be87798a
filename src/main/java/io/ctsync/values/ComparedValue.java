package io.ctsync.values;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a column as a value that compares the same whichever database it comes from: whole
 * numbers as {@link Long}, exact decimals as {@link BigDecimal}, timestamps with an offset at
 * offset zero, a uuid as its lowercase text, and anything else the way its {@link JsonForm} reads
 * in Java. Chosen once per column, like the content's column writers; the presence lookup binds
 * the keys read this way.
 */
@FunctionalInterface
public interface ComparedValue {

    Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB);

    Object read(ResultSet rs, int index) throws SQLException;

    static ComparedValue of(JsonForm form) {
        return switch (form) {
            case INTEGER -> (rs, i) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : v;
            };
            case DECIMAL -> SqlValues::decimal;
            case MONEY -> SqlValues::money;
            case FLOAT -> (rs, i) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : v;
            };
            case BOOLEAN -> (rs, i) -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            };
            case DATE -> (rs, i) -> rs.getObject(i, LocalDate.class);
            case TIME -> (rs, i) -> rs.getObject(i, LocalTime.class);
            case TIME_WITH_OFFSET -> (rs, i) -> rs.getObject(i, OffsetTime.class);
            case TIMESTAMP -> (rs, i) -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMP_WITH_OFFSET -> ComparedValue::instant;
            case BINARY -> ResultSet::getBytes;
            case UUID -> (rs, i) -> {
                Object v = rs.getObject(i);
                return v == null ? null : v.toString().toLowerCase(Locale.ROOT);
            };
            case ARRAY -> (rs, i) -> {
                Object[] v = SqlValues.array(rs, i);
                return v == null ? null : Arrays.asList(v);
            };
            case TEXT -> ResultSet::getString;
        };
    }

    /** The instant, at offset zero: equal for the same instant, and still a value that every driver binds. */
    private static Object instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
        // the drivers' infinities (OffsetDateTime.MAX and MIN) have no instant at offset zero
        return v == null || v.equals(OffsetDateTime.MAX) || v.equals(OffsetDateTime.MIN) ? v : v.withOffsetSameInstant(ZoneOffset.UTC);
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
