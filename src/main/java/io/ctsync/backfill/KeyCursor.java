package io.ctsync.backfill;

import io.ctsync.db.KeyBounds;
import io.ctsync.db.KeyRange;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.values.KeyOrder;

/**
 * Which of a backfilling table's changes a delta sends: only keys at or below the backfill's
 * cursor, the last key a chunk sent (docs/design.md, "Backfills"). A key above it is sent by a
 * later chunk, read in a later snapshot, so no change is lost and none goes backwards.
 */
public final class KeyCursor {

    private final Object[] cursor;

    private KeyCursor(Object[] cursor) {
        this.cursor = cursor;
    }

    /** The cursor of a table whose cycle sends {@code chunk}; null when the table sends no chunk and its deltas are whole. */
    public static KeyCursor of(SourceDialect dialect, TableInfo table, KeyRange chunk) {
        if (chunk == null) {
            return null;
        }
        KeyBounds bounds = new KeyBounds(dialect, table.key().stream().map(table::column).toList());
        return new KeyCursor(chunk.from() == null ? null : bounds.compared(chunk.from()));
    }

    /** Whether no key is sent yet: the cycle sends the first chunk and no delta. */
    public boolean beforeFirstKey() {
        return cursor == null;
    }

    /** Whether a change of this key (values as {@link io.ctsync.values.ComparedValue} reads them) goes into the delta. */
    public boolean sends(Object[] key) {
        return cursor != null && KeyOrder.compare(key, cursor) <= 0;
    }
}
