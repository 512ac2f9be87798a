package io.ctsync.db;

import io.ctsync.config.TableName;
import io.ctsync.values.TextRows;
import io.ctsync.values.Column;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A database's bulk path for the importer (docs/design.md, "Import"): the rows of a table's entry are
 * streamed into a work table with the database's own bulk protocol, then written to the target by
 * one set-based statement that reads each value as its column's type. Statements writing the
 * target are returned as SQL, for the importer to mark with ctsync's context.
 */
public interface BulkLoad {

    /**
     * The statements that create the work table for {@code columns} of {@code target}: text columns
     * the writing statement casts, or columns typed like the target's where the database compares
     * by type and collation (SQL Server). It is dropped ({@link #drop}) before the next one is made,
     * or with the transaction.
     */
    ScratchTable workTable(TableName target, List<Column> columns);

    /** Streams {@code rows}, valued as {@code columns}, into the work table; returns the rows loaded. */
    long load(Connection connection, ScratchTable workTable, List<Column> columns, TextRows rows) throws SQLException, IOException;

    /**
     * The upsert by {@code key} into {@code table} of every row of the work table, valued as
     * {@code columns} (writable ones; identity columns written on insert only). With
     * {@code lastPerKey} a key loaded twice takes its last row only, which the plain statement may
     * refuse ({@link #repeatedKey}).
     */
    String upsert(TargetShape table, List<Column> columns, List<String> key, String workTable, boolean lastPerKey);

    /**
     * The insert of rows valued as {@code columns} straight into {@code table} with the bulk
     * protocol, where it writes exactly what {@link #upsert} writes of rows the table lacks: every
     * column's JSON form is read by its type's own text input, and the transaction's context
     * ({@link TargetDialect#beginWriting}) marks the rows for echo suppression; empty where not.
     * It fails where the table already holds one of the keys (or the rows hold one twice).
     */
    default Optional<DirectInsert> directInsert(TargetShape table, List<Column> columns) {
        return Optional.empty();
    }

    /** Streams rows straight into a target table ({@link #directInsert}). */
    interface DirectInsert {
        /** Inserts {@code rows}; returns how many. */
        long insert(Connection connection, TextRows rows) throws SQLException, IOException;
    }

    /** Whether {@code failure} is the plain upsert's refusal of a key the work table holds twice. */
    boolean repeatedKey(SQLException failure);

    /** The delete from {@code table} of every row whose key the work table holds. */
    String delete(TargetShape table, List<Column> key, String workTable);

    /** The copy of the work table's keys into a full table's key table ({@link TargetDialect#keyTable}). */
    default String copyKeys(String keyTable, List<Column> key, String workTable) {
        return "INSERT INTO " + keyTable + " (" + dialect().columnList(null, Dialect.names(key)) + ") SELECT "
                + key.stream().map(k -> value(k, "w")).collect(Collectors.joining(", ")) + " FROM " + workTable + " AS w";
    }

    /** The drop of a work table whose rows are written (and of what it was loaded through), so that its space is free before the transaction ends. */
    default List<String> drop(String workTable) {
        return List.of("DROP TABLE " + workTable);
    }

    /** The text of {@code column} in the work table aliased {@code alias}, read as the column's type. */
    String value(Column column, String alias);

    /** The dialect whose SQL this is. */
    Dialect dialect();
}
