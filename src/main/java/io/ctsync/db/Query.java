package io.ctsync.db;

import io.ctsync.values.ColumnType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * SQL text with its bound parameters: identifiers are quoted into the text, values are never. A
 * parameter that is a {@link Typed} is bound as its column's type binds it; any other, as an object.
 */
public record Query(String sql, List<Object> parameters) {

    /** A value bound the way its column's type binds it (a national string as NVARCHAR, a NULL with its type). */
    public record Typed(ColumnType type, Object value) {
    }

    /** A text parameter bound as nvarchar ({@code setNString}): a name, which may hold any character, never through a code page. */
    public record NationalText(String value) {
    }

    public Query(String sql, Object... parameters) {
        this(sql, List.of(parameters));
    }

    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                if (parameters.get(i) instanceof Typed typed) {
                    typed.type().bindValue(statement, i + 1, typed.value());
                } else if (parameters.get(i) instanceof NationalText text) {
                    statement.setNString(i + 1, text.value());
                } else {
                    statement.setObject(i + 1, parameters.get(i));
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** The one value of a one-row, one-column query without parameters, as text; null for SQL NULL. */
    public static String text(Connection connection, String sql) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement(); java.sql.ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The one value of a one-row, one-column query without parameters, as a number; null for SQL NULL. */
    public static Long number(Connection connection, String sql) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement(); java.sql.ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            long value = rs.getLong(1);
            return rs.wasNull() ? null : value;
        }
    }
}
