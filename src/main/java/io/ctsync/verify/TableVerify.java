package io.ctsync.verify;

import io.ctsync.capture.CaptureCycle;
import io.ctsync.capture.CompareCapture;
import io.ctsync.capture.CompareCursor;
import io.ctsync.config.TableMapping;
import io.ctsync.db.Pool;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingSurvey;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One table compared: the compare capture's merge of the source table and its target rows, and
 * beside it, read in the same key order, the keys changed at the source since the target's last
 * import ({@link InFlight}); a differing key among those is in flight, not a difference.
 */
final class TableVerify {

    private final CaptureCycle cycle;
    private final Pool source;
    private final SourceDialect dialect;
    private final int fetchSize;

    TableVerify(CaptureCycle cycle, Pool source, int fetchSize) {
        this.cycle = cycle;
        this.source = source;
        this.dialect = source.type().source();
        this.fetchSize = fetchSize;
    }

    TableDifferences compare(TableMapping mapping, TableInfo table, InFlight inFlight) throws SQLException {
        String name = mapping.target().equals(mapping.source()) ? mapping.source().toString() : mapping.source() + " -> " + mapping.target();
        TableDifferences found = new TableDifferences(name, table.key());
        found.note(inFlight.note(mapping));
        Optional<TrackingSurvey.Since> since = inFlight.since(mapping);
        try (CompareCursor merge = CompareCapture.merge(cycle, mapping, table);
             Connection changes = since.isPresent() ? source.getConnection() : null) {
            // read after the merge's source rows: every change they hold is then among these keys
            KeyCursor changed = null;
            if (changes != null) {
                dialect.beginConsistentRead(changes);
                changed = new KeyCursor(changes, dialect.types(), dialect.changedKeysSince(table, since.get()), table.name(), fetchSize);
            }
            try {
                while (merge.next()) {
                    Object[] key = merge.keyValues();
                    found.add(merge.operation(), key, changed != null && changed.contains(key));
                }
            } finally {
                if (changed != null) {
                    changed.close();
                    changes.rollback();
                }
            }
            found.rows(merge.sourceRows(), merge.targetRows());
        }
        return found;
    }
}
