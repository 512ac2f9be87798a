package io.ctsync.db.postgresql;

import io.ctsync.db.TableInfo;
import io.ctsync.db.installed.Condition;
import io.ctsync.db.installed.VersionIndex;

import java.util.List;

import static io.ctsync.db.installed.TrackingTables.SCHEMA;
import static io.ctsync.db.installed.TrackingTables.indexName;
import static io.ctsync.db.installed.TrackingTables.quote;
import static io.ctsync.db.installed.TrackingTables.trackingTable;

/** PostgreSQL's tracking rows are found by the bucket of their version, which keeps their updates HOT. */
final class PostgresVersionIndex implements VersionIndex {

    private static final int VERSION_BUCKET_BITS = 10;

    /**
     * The version's index is on its bucket, {@code ctsync_version >> 10}, not on the version: an
     * update that leaves every indexed column as it was is a HOT update, which writes no index
     * entry and whose old row versions are pruned from the page without a vacuum. A key changed
     * again within 1,024 transaction ids (a counter, a status row, every row a busy table keeps
     * touching) stays in its bucket; a read ranges over the buckets, then tests the version.
     */
    @Override
    public List<String> statements(TableInfo table) {
        String tracking = trackingTable(table.name());
        return List.of("ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_version_bucket BIGINT"
                        + " GENERATED ALWAYS AS (ctsync_version >> " + VERSION_BUCKET_BITS + ") STORED",
                "CREATE INDEX IF NOT EXISTS " + quote(indexName(table.name(), "bucket")) + " ON " + tracking + " (ctsync_version_bucket)",
                // an index on the version itself would make every update of a tracking row write index entries
                "DROP INDEX IF EXISTS " + SCHEMA + "." + quote(indexName(table.name(), "version")));
    }

    @Override
    public Condition atLeast(long version) {
        return new Condition("ct.ctsync_version_bucket >= ? AND ct.ctsync_version >= ?", List.of(version >> VERSION_BUCKET_BITS, version));
    }
}
