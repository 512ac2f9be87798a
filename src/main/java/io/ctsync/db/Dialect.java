package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.ComparedValue;
import io.ctsync.values.JsonForm;
import io.ctsync.config.TableName;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What every role of a database's SQL shares: its name, its type model, how it quotes an identifier
 * and lists columns. Each role ({@link SourceDialect}, {@link TrackingDialect}, {@link TargetDialect},
 * {@link PresenceDialect}) extends it; each database has one class per role, which its
 * {@link DatabaseType} hands out.
 */
public interface Dialect {

    String name();

    /** The database's type model: how each column's values are written to JSON and bound back. */
    ColumnTypes types();

    /** Quotes an identifier so that any name, however odd, is a name and never SQL: the standard's double quotes by default. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    default String table(TableName name) {
        return quote(name.schema()) + "." + quote(name.table());
    }

    default String columnList(String alias, List<String> columns) {
        String prefix = alias == null ? "" : alias + ".";
        return columns.stream().map(c -> prefix + quote(c)).collect(Collectors.joining(", "));
    }

    /**
     * Whether this database orders values of {@code column} as ctsync's key order does
     * ({@link io.ctsync.values.KeyOrder}), through {@link #keyOrder}: numbers, dates, times and
     * timestamps by value, text by code point, a uuid by its text. A backfill sends a table in key
     * ranges only when both sides do (docs/design.md, "Backfills").
     */
    default boolean ordersKeys(Column column) {
        return switch (types().form(column)) {
            case INTEGER, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_OFFSET, UUID -> true;
            case TEXT -> ComparedValue.TEXT.contains(column.jdbcType());
            default -> false;
        };
    }

    /**
     * An expression that orders {@code expression}, a key column or a parameter standing for one,
     * in ctsync's key order (see {@link #ordersKeys}): as it is by default.
     */
    default String keyOrder(String expression, Column column) {
        return expression;
    }

    /** Whether the database compares row values, {@code (a, b) > (?, ?)}; otherwise the expanded OR form is sent. */
    default boolean rowValues() {
        return true;
    }

    /** {@code (?, ?), (?, ?)}: {@code rows} rows of {@code width} parameters, for a VALUES list. */
    static String parameterRows(int width, int rows) {
        return parameterRows(Collections.nCopies(width, "?"), rows);
    }

    /** {@code rows} rows of the given parameter expressions, for a VALUES list. */
    static String parameterRows(List<String> parameters, int rows) {
        return String.join(", ", Collections.nCopies(rows, "(" + String.join(", ", parameters) + ")"));
    }

    /**
     * The parameter of a VALUES row that stands for a value of {@code column}: a plain {@code ?},
     * or one cast to the column's type where the database would otherwise read or compare it as
     * another type. The database's type model decides it ({@link ColumnTypes#parameter}).
     */
    default String parameter(Column column) {
        return types().parameter(column);
    }

    /** {@link #parameter} for each of the columns, in order. */
    default List<String> parameters(List<Column> columns) {
        return columns.stream().map(this::parameter).toList();
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /** The most parameters one statement may bind (PostgreSQL's driver sends the count as a 16-bit number); a presence batch must fit in it. */
    default int maxParameters() {
        return 32_767;
    }

    /** The exception and every one chained to it, as causes or as a batch's next exceptions, outermost first. */
    static List<SQLException> causes(SQLException failure) {
        List<SQLException> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && causes.size() < 100; cause = cause.getCause()) {
            for (SQLException e = cause instanceof SQLException sql ? sql : null; e != null && !causes.contains(e); e = e.getNextException()) {
                causes.add(e);
            }
        }
        return causes;
    }

    /** The first line of a database's message, which may go on with details or the statement. */
    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
