package io.ctsync.exporting;

import java.sql.SQLException;

/**
 * Stage "consume-changes": once the contents are published, each capture may remove what its
 * window read from the source (the change-table capture deletes the consumed change rows, in the
 * snapshot that read them). Runs before the state advances, so that a crash in between consumes
 * again on the next run.
 */
public final class ChangeConsumer {

    private final ExportedTables tables;

    public ChangeConsumer(ExportedTables tables) {
        this.tables = tables;
    }

    public ExportCycle consume(ExportCycle cycle) throws SQLException {
        for (TableChanges table : cycle.tables) {
            tables.capture(table.window.table()).consume(cycle.capture, table.info, table.window);
        }
        cycle.capture.commitConsumed();
        return cycle;
    }
}
