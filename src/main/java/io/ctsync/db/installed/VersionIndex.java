package io.ctsync.db.installed;

import io.ctsync.db.TableInfo;

import java.util.List;

import static io.ctsync.db.installed.TrackingTables.indexName;
import static io.ctsync.db.installed.TrackingTables.quote;
import static io.ctsync.db.installed.TrackingTables.trackingTable;

/**
 * How a tracking table's rows are found by version: the index that its installation creates, and
 * the condition that reads it. Capture, the import's local changes and the installation agree on it.
 */
public interface VersionIndex {

    /** An index on the version itself (H2). */
    VersionIndex PLAIN = new VersionIndex() {
        @Override
        public List<String> statements(TableInfo table) {
            return List.of("CREATE INDEX IF NOT EXISTS " + quote(indexName(table.name(), "version")) + " ON "
                    + trackingTable(table.name()) + " (ctsync_version)");
        }

        @Override
        public Condition atLeast(long version) {
            return new Condition("ct.ctsync_version >= ?", List.of(version));
        }
    };

    /** Statements, all idempotent, that create the index. */
    List<String> statements(TableInfo table);

    /** The tracking rows (alias {@code ct}) whose version is at least the given one, in a form their index finds. */
    Condition atLeast(long version);
}
