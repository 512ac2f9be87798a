package io.ctsync.capture;

import io.ctsync.config.TableName;

/**
 * The versions one cycle reads for one table: changes in {@code (fromVersion, toVersion]}, or,
 * in full mode, every current row ({@code fromVersion} is then the stale version, or null on a first run).
 * What a version is depends on the capture: a change tracking version, a change sequence, or a
 * comparison's number. {@code consumedRows} is set by the change-table capture alone: how many
 * change rows the window read, which a recovery checks before deleting them.
 */
public record Window(TableName table, boolean full, Long fromVersion, long toVersion, Long consumedRows) {

    public Window(TableName table, boolean full, Long fromVersion, long toVersion) {
        this(table, full, fromVersion, toVersion, null);
    }

    public String mode() {
        return full ? "full" : "delta";
    }

    public boolean firstRun() {
        return full && fromVersion == null;
    }
}
