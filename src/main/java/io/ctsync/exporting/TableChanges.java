package io.ctsync.exporting;

import io.ctsync.db.TableInfo;
import io.ctsync.config.TableMapping;
import io.ctsync.db.Window;
import io.ctsync.presence.TablePresence;

/** One table's part of a cycle: its shape, its window, how many changes it holds, and what the target held of them. */
final class TableChanges {

    final TableMapping mapping;
    final TableInfo info;
    final Window window;
    final long inserted;
    final long updated;
    final long deleted;

    TablePresence presence;
    long existing;
    long missing;
    /** The rows of the backfill chunks this cycle sent for the table, as they are written. */
    long chunkRows;

    TableChanges(TableMapping mapping, TableInfo info, Window window, long inserted, long updated, long deleted) {
        this.mapping = mapping;
        this.info = info;
        this.window = window;
        this.inserted = inserted;
        this.updated = updated;
        this.deleted = deleted;
    }

    long total() {
        return inserted + updated + deleted;
    }

    /**
     * Whether the table goes into the cycle's delta content: it has changes, or it is a full
     * re-initialisation that empties the target table. A table sending a backfill chunk has a
     * delta only for keys at or below the chunk's start, none before its first chunk.
     */
    boolean inContent() {
        if (window.waiting()) {
            return false;
        }
        if (window.chunk() != null) {
            return !window.full() && window.chunk().from() != null && total() > 0;
        }
        return total() > 0 || (window.full() && !window.firstRun());
    }
}
