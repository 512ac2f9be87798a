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
 *
 * <p>A table being backfilled (docs/design.md, "Backfills") has a {@code chunk}: the keys this
 * cycle sends as a range content, read in the cycle's snapshot; its delta then holds only keys at
 * or below {@code chunk.from} (none before the first chunk). {@code backfill} is the table's
 * backfill with this cycle's chunk sent ({@link #backfillAfter}: null once the last one is).
 */
public record Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition,
                     Long consumedRows, KeyRange chunk, Backfill backfill) {

    public Window(TableName table, boolean full, Long fromVersion, long toVersion) {
        this(table, full, fromVersion, toVersion, null, null, null);
    }

    public Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition) {
        this(table, full, fromVersion, toVersion, fromPosition, toPosition, null);
    }

    public Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition,
                  Long consumedRows) {
        this(table, full, fromVersion, toVersion, fromPosition, toPosition, consumedRows, null, null);
    }

    /** The same window sent whole: every current row, as a full content (an export job's {@code mode: full}). */
    public Window whole() {
        return new Window(table, true, fromVersion, toVersion, fromPosition, toPosition, consumedRows, chunk, backfill);
    }

    /** The same window sending {@code chunk} of a backfill that stands at {@code after} once the cycle commits. */
    public Window withChunk(KeyRange chunk, Backfill after) {
        return new Window(table, full, fromVersion, toVersion, fromPosition, toPosition, consumedRows, chunk, after);
    }

    /** The same window carrying a backfill on without a chunk in this cycle. */
    public Window carrying(Backfill backfill) {
        return new Window(table, full, fromVersion, toVersion, fromPosition, toPosition, consumedRows, chunk, backfill);
    }

    /** The table's backfill once this cycle commits: null when none is running or this cycle sends its last chunk. */
    public Backfill backfillAfter() {
        return chunk != null && chunk.last() ? null : backfill;
    }

    /** Whether the table's backfill waits for its parents' this cycle: no chunk, and no delta (all its keys come with its chunks). */
    public boolean waiting() {
        return chunk == null && backfill != null;
    }

    public String mode() {
        return full ? "full" : "delta";
    }

    public boolean firstRun() {
        return full && fromVersion == null;
    }
}
