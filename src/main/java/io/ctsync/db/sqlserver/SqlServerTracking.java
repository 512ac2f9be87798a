package io.ctsync.db.sqlserver;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.TableInfo;
import io.ctsync.db.TrackingDialect;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** SQL Server keeps its own Change Tracking: ctsync installs none, and leaves retention to the database. */
final class SqlServerTracking implements TrackingDialect, SqlServerSql {

    /**
     * ctsync does not switch SQL Server's Change Tracking on: it is the database owner's decision
     * (it adds work to every write), so {@code --enable-tracking} names the statements instead.
     */
    @Override
    public List<String> enableTracking(TableInfo table) {
        throw new ConfigException("--enable-tracking", "ctsync installs no tracking on SQL Server, whose own Change Tracking it reads",
                "have the database owner run " + SqlServerChecks.ENABLE_DATABASE + "; " + SqlServerChecks.ALLOW_SNAPSHOT + "; ALTER TABLE " + table(table.name())
                        + " ENABLE CHANGE_TRACKING (and the same for every table in ctsync.tables)");
    }

    /** SQL Server's own retention (CHANGE_RETENTION, AUTO_CLEANUP) drops old history and raises the min valid versions. */
    @Override
    public void cleanupTracking(Connection connection, TableName table, Instant olderThan) {
    }
}
