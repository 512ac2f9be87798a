package io.ctsync.capture;

import io.ctsync.config.CaptureMode;
import io.ctsync.config.TableMapping;
import io.ctsync.db.Catalog;
import io.ctsync.db.Pool;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.state.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --enable-tracking} for the pipeline's {@code wal} tables: their publication and the
 * pipeline's replication slot, created when missing (docs/operations.md, "WAL capture"). The
 * tables themselves are left as they are: no trigger, no tracking table.
 */
public final class WalInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(WalInstaller.class);

    private final Pool source;
    private final List<TableMapping> tables;
    private final Pipeline pipeline;

    public WalInstaller(Pool source, List<TableMapping> tables, Pipeline pipeline) {
        this.source = source;
        this.tables = tables.stream().filter(t -> t.capture() == CaptureMode.WAL).toList();
        this.pipeline = pipeline;
    }

    public void enable() throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        SourceDialect dialect = source.type().source();
        WalCapture capture = new WalCapture(pipeline);
        try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(true);
            List<TableInfo> described = new ArrayList<>();
            for (TableMapping mapping : tables) {
                described.add(Catalog.describe(connection, dialect, mapping));
            }
            String slot = capture.slot(connection, dialect);
            WalCapture.decoding(dialect).enable(connection, slot, described);
            LOG.info("wal capture enabled: publication and replication slot {} for {} table(s)", slot, described.size());
        }
    }
}
