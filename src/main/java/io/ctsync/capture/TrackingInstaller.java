package io.ctsync.capture;

import io.ctsync.config.CaptureMode;
import io.ctsync.config.TableMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** {@code --enable-tracking}: installs ctsync's change tracking for every change-tracking table; running it again changes nothing. */
public final class TrackingInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingInstaller.class);

    private final DataSource source;

    public TrackingInstaller(DataSource source) {
        this.source = source;
    }

    public void enable(List<TableMapping> tables) throws SQLException {
        try (Connection connection = source.getConnection()) {
            SqlDialect dialect = SqlDialect.of(connection);
            connection.setAutoCommit(false);
            for (TableMapping mapping : tables) {
                if (mapping.capture() != CaptureMode.CHANGE_TRACKING) {
                    continue;
                }
                TableInfo table = Catalog.describe(connection, mapping);
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

    /** Applies the retention: history older than the cut-off is dropped and the min valid versions rise past it. */
    public void cleanup(List<TableMapping> tables, Instant olderThan) throws SQLException {
        try (Connection connection = source.getConnection()) {
            SqlDialect dialect = SqlDialect.of(connection);
            for (TableMapping mapping : tables) {
                if (mapping.capture() == CaptureMode.CHANGE_TRACKING) {
                    dialect.cleanupTracking(connection, mapping.source(), olderThan);
                }
            }
        }
    }
}
