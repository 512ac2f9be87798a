package io.ctsync.importing;

import io.ctsync.config.TableMapping;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.Query;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TargetShape;
import io.ctsync.values.Column;

import java.time.Instant;
import java.util.List;

/** {@code deletes=hard}, the default: a deleted key's row is removed. */
final class HardDeletions implements Deletions {

    static final HardDeletions INSTANCE = new HardDeletions();

    private HardDeletions() {
    }

    @Override
    public void check(TargetDialect dialect, TableMapping mapping, TargetTable target) {
    }

    @Override
    public boolean removesRows() {
        return true;
    }

    @Override
    public String done() {
        return "removed";
    }

    @Override
    public List<Query.Typed> parameters(TargetTable table, Instant at) {
        return List.of();
    }

    @Override
    public String deleteKeys(TargetDialect dialect, TargetShape table, List<String> key, int rows) {
        return dialect.delete(table, key, rows);
    }

    @Override
    public String deleteLoaded(BulkLoad load, TargetShape table, List<Column> key, String workTable) {
        return load.delete(table, key, workTable);
    }

    @Override
    public String deleteAbsent(TargetDialect dialect, TargetShape table, String keyTable, List<String> key, String constantColumn, String range) {
        return dialect.removeAbsent(table.name(), keyTable, key, constantColumn, range);
    }
}
