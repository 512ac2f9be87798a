package io.ctsync.capture;

import io.ctsync.db.TrackingDialect;
import io.ctsync.db.Pool;


import io.ctsync.db.Catalog;

import io.ctsync.db.TableInfo;

import io.ctsync.config.CaptureMode;
import io.ctsync.config.TableMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * ctsync's own change tracking on the source (PostgreSQL, H2): {@code --enable-tracking}
 * installs it, idempotently; the route {@code tracking-retention} drops history older than
 * {@code ctsync.tracking.retention}, which raises each table's min valid version the way SQL
 * Server's retention does.
 */
public final class TrackingInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingInstaller.class);

    private final Pool source;
    private final List<TableMapping> tables;
    private final Duration retention;

    public TrackingInstaller(Pool source, List<TableMapping> tables, Duration retention) {
        this.source = source;
        this.tables = tables.stream().filter(t -> t.capture() == CaptureMode.CHANGE_TRACKING).toList();
        this.retention = retention;
    }

    public void enable() throws SQLException {
        try (Connection connection = source.getConnection()) {
            TrackingDialect dialect = source.type().tracking();
            connection.setAutoCommit(false);
            for (TableMapping mapping : tables) {
                TableInfo table = Catalog.describe(connection, source.type().source(), mapping);
                try (Statement statement = connection.createStatement()) {
                    for (String sql : dialect.enableTracking(table)) {
                        statement.execute(sql);
                    }
                }
                connection.commit();
                LOG.info("tracking enabled for {} (key {})", table.name(), String.join(", ", table.key()));
            }
        }
    }

    /** Applies the configured retention. */
    public void applyRetention() throws SQLException {
        cleanup(Instant.now().minus(retention));
    }

    /** Drops history older than the cut-off; the min valid versions rise past it. */
    public void cleanup(Instant olderThan) throws SQLException {
        try (Connection connection = source.getConnection()) {
            TrackingDialect dialect = source.type().tracking();
            for (TableMapping mapping : tables) {
                dialect.cleanupTracking(connection, mapping.source(), olderThan);
            }
        }
        LOG.info("tracking history before {} dropped for {} table(s)", olderThan, tables.size());
    }
}
