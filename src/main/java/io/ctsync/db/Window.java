package io.ctsync.db;

import io.ctsync.config.TableName;

/**
 * The versions one cycle reads for one table: changes in {@code (fromVersion, toVersion]}, or,
 * in full mode, every current row ({@code fromVersion} is then the stale version, or null on a first run).
 * What a version is depends on the capture: a change tracking version, a change sequence, or a
 * comparison's number. Where a version number alone cannot say which changes a snapshot saw
 * (PostgreSQL, whose transactions commit out of id order), the dialect also records the snapshots
 * themselves as positions; null elsewhere. {@code consumedRows} is set by the change-table capture
 * alone: how many change rows the window read, which a recovery checks before deleting them.
 */
public record Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition,
                     Long consumedRows) {

    public Window(TableName table, boolean full, Long fromVersion, long toVersion) {
        this(table, full, fromVersion, toVersion, null, null, null);
    }

    public Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition) {
        this(table, full, fromVersion, toVersion, fromPosition, toPosition, null);
    }

    /** The same window sent whole: every current row, as a full content (an export job's {@code mode: full}). */
    public Window whole() {
        return new Window(table, true, fromVersion, toVersion, fromPosition, toPosition, consumedRows);
    }

    public String mode() {
        return full ? "full" : "delta";
    }

    public boolean firstRun() {
        return full && fromVersion == null;
    }
}
