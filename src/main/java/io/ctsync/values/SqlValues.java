package io.ctsync.values;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/** Reading the values whose JDBC getters need help: decimals that are not numbers, money as text, arrays. */
public final class SqlValues {

    /** The values of an exact or floating type that are no number, as PostgreSQL and H2 write them. */
    public static final Set<String> NOT_A_NUMBER = Set.of("NaN", "Infinity", "-Infinity");

    private SqlValues() {
    }

    /** An exact decimal as {@link BigDecimal}, or one of {@link #NOT_A_NUMBER} as its text; null for SQL NULL. */
    public static Object decimal(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        if (text == null || NOT_A_NUMBER.contains(text)) {
            return text;
        }
        return rs.getBigDecimal(index);
    }

    /** Money as the number its text shows: PostgreSQL's in the C locale is {@code -$1,234.56}. */
    public static BigDecimal money(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        if (text == null) {
            return null;
        }
        String number = text.replaceAll("[^0-9.\\-]", "");
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new SQLException("the money value " + text + " is not in the C locale's format; ctsync sets lc_monetary to 'C'", e);
        }
    }

    /** An array's elements; null for SQL NULL. */
    public static Object[] array(ResultSet rs, int index) throws SQLException {
        Array array = rs.getArray(index);
        if (array == null) {
            return null;
        }
        try {
            return (Object[]) array.getArray();
        } finally {
            array.free();
        }
    }
}
