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

    /** Whether the table goes into the content: it has changes, or it is a full re-initialisation that empties the target table. */
    boolean inContent() {
        return total() > 0 || (window.full() && !window.firstRun());
    }
}
