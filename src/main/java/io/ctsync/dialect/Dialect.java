package io.ctsync.dialect;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What every role of a database's SQL shares: its name, how it quotes an identifier, how it lists
 * columns, and what identifies the database. Each role ({@link SourceDialect}, {@link TargetDialect},
 * {@link PresenceDialect}) extends it; one class per database
 * implements them all ({@link SqlDialect}).
 */
public interface Dialect {

    String name();

    /** The database's type model: how each column's values are written to JSON and bound back. */
    ColumnTypes types();

    /** Quotes an identifier so that any name, however odd, is a name and never SQL. */
    String quote(String identifier);

    default String table(TableName name) {
        return quote(name.schema()) + "." + quote(name.table());
    }

    default String columnList(String alias, List<String> columns) {
        String prefix = alias == null ? "" : alias + ".";
        return columns.stream().map(c -> prefix + quote(c)).collect(Collectors.joining(", "));
    }

    /**
     * What identifies this database across cycles: it changes when the database is restored or
     * replaced, so that the versions read from it no longer continue the ones in the state.
     */
    String databaseIdentity(Connection connection) throws SQLException;

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

    /** Starts a read-only transaction in which every query sees the database at one moment. */
    void beginConsistentRead(Connection connection) throws SQLException;

    /** The lowest version from which the table's change history is complete; empty when the table is not tracked. */
    OptionalLong minValidVersion(Connection connection, TableName table) throws SQLException;

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
