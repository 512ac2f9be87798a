package io.ctsync.db;

import io.ctsync.values.Column;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where a database's bulk path can load the next chunk of a big upsert on a second connection while
 * the import's transaction writes the previous one (docs/design.md, "Import"): staging tables, which
 * the staging connection creates and fills and commits, so that the import's transaction reads them
 * as it reads any committed table. They hold rows on their way, never the target's: nothing of a
 * content is in the target before its transaction commits. A staging table is named for the server
 * process of the connection that made it, which drops it when the import ends either way; one left
 * by a process that died is dropped by {@link #sweep} once that server process is gone.
 */
public interface Staging {

    /**
     * The statements that create staging table number {@code number} for {@code columns} on
     * {@code staging}, the connection that loads it (and is asked which server process it is); its
     * rows are read by the bulk path's statements as a work table's ({@link BulkLoad#value}).
     */
    ScratchTable table(Connection staging, int number, List<Column> columns) throws SQLException;

    /** The drop of a staging table, whatever became of its import. */
    String drop(String stagingTable);

    /**
     * Drops the staging tables whose server process has ended (an import that died with its
     * process), never one of a live import; returns how many.
     */
    int sweep(Connection connection) throws SQLException;
}
