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

    /**
     * Where a big upsert's rows can be loaded, a chunk at a time, on a second connection while the
     * import's transaction writes the chunk before ({@link Staging}); empty where the rows take the
     * work table on the transaction's own connection only.
     */
    default Optional<Staging> staging() {
        return Optional.empty();
    }

    /** Whether {@code failure} is the plain upsert's refusal of a key the work table holds twice. */
    boolean repeatedKey(SQLException failure);

    /** The delete from {@code table} of every row whose key the work table holds. */
    String delete(TargetShape table, List<Column> key, String workTable);

    /**
     * The soft delete (docs/design.md, "Import") of every row whose key the work table holds and
     * that is not deleted yet: {@code deletedColumn} takes the one parameter, the deletion time.
     */
    default String softDelete(TargetShape table, List<Column> key, String deletedColumn, String workTable) {
        String deleted = dialect().quote(deletedColumn);
        return "UPDATE " + dialect().table(table.name()) + " SET " + deleted + " = " + dialect().parameter(table.column(deletedColumn))
                + " WHERE " + deleted + " IS NULL AND " + loaded(table, key, workTable);
    }

    /** The clearing of {@code deletedColumn} in the rows whose key the work table holds: the keys are back. */
    default String undelete(TargetShape table, List<Column> key, String deletedColumn, String workTable) {
        String deleted = dialect().quote(deletedColumn);
        return "UPDATE " + dialect().table(table.name()) + " SET " + deleted + " = NULL WHERE " + deleted + " IS NOT NULL AND "
                + loaded(table, key, workTable);
    }

    /**
     * Of a history table (docs/design.md, "Import"): the closing, at the one parameter, of the open
     * versions whose key the work table holds with other values in any of {@code columns} (NULLs
     * compare equal, as INTERSECT compares them).
     */
    default String closeChanged(TargetShape table, List<Column> key, List<Column> columns, String validTo, String workTable) {
        String target = dialect().table(table.name());
        String open = dialect().quote(validTo);
        return "UPDATE " + target + " SET " + open + " = " + dialect().parameter(table.column(validTo)) + " WHERE " + open + " IS NULL AND EXISTS"
                + " (SELECT 1 FROM " + workTable + " AS w WHERE " + key.stream().map(k -> target + "." + dialect().quote(k.name()) + " = " + value(k, "w"))
                .collect(Collectors.joining(" AND ")) + " AND NOT EXISTS (SELECT " + columns.stream().map(c -> value(c, "w")).collect(Collectors.joining(", "))
                + " INTERSECT SELECT " + columns.stream().map(c -> target + "." + dialect().quote(c.name())).collect(Collectors.joining(", ")) + "))";
    }

    /**
     * Of a history table: the version opening at the one parameter ({@code validFrom}; {@code validTo}
     * NULL) of the last loaded row of each key of the work table that has no open version (after
     * {@link #closeChanged}, the changed and the new ones), upserted by {@code key} and {@code validFrom}.
     */
    String openVersions(TargetShape table, List<Column> columns, List<String> key, String validFrom, String validTo, String workTable);

    /** The condition, on the work table's rows aliased {@code w}, that {@code table} holds no open version of their key. */
    default String noOpenVersion(TargetShape table, List<String> key, String validTo) {
        return "NOT EXISTS (SELECT 1 FROM " + dialect().table(table.name()) + " AS t WHERE " + key.stream()
                .map(k -> "t." + dialect().quote(k) + " = " + value(table.column(k), "w")).collect(Collectors.joining(" AND "))
                + " AND t." + dialect().quote(validTo) + " IS NULL)";
    }

    /** A row of {@code table} whose key the work table holds. */
    private String loaded(TargetShape table, List<Column> key, String workTable) {
        String target = dialect().table(table.name());
        return "EXISTS (SELECT 1 FROM " + workTable + " AS w WHERE " + key.stream()
                .map(k -> target + "." + dialect().quote(k.name()) + " = " + value(k, "w")).collect(Collectors.joining(" AND ")) + ")";
    }

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
