package io.ctsync.exporting;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.capture.ChangeStream;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.dialect.Window;
import io.ctsync.gateway.Gateway;
import io.ctsync.monitoring.Progress;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Operation;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.presence.TablePresence;
import io.ctsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Stage "package-changes", the row-level stage: records the intent, then streams each table's
 * changes from its cursor in the cycle's snapshot, split by operation into the inserted, updated
 * and deleted entries, with the changed keys looked up in the target in batches (existing,
 * missing), into zipped JSON contents in staging. Rows never become exchanges; memory stays flat.
 */
public final class TableExport {

    private static final Logger LOG = LoggerFactory.getLogger(TableExport.class);

    private final CtsyncConfig.Export settings;
    private final ExportedTables tables;
    private final DataSource target;
    private final StateStore state;
    private final Gateway gateway;

    /** {@code target} may be null: presence lookups are then off. */
    public TableExport(CtsyncConfig.Export settings, ExportedTables tables, DataSource target, StateStore state, Gateway gateway) {
        this.settings = settings;
        this.tables = tables;
        this.target = target;
        this.state = state;
        this.gateway = gateway;
    }

    public ExportCycle export(ExportCycle cycle) throws Exception {
        if (cycle.publishOnly) {
            return cycle;
        }
        if (!cycle.resumed) {
            state.recordIntent(cycle.pipeline, cycle.intent);
        }
        if (settings.presence() && target != null) {
            // one consistent read of the target for the whole cycle
            cycle.presence = PresenceLookup.open(target, settings.presenceBatchSize(), settings.presenceTimeoutSeconds());
            for (TableChanges table : cycle.tables) {
                table.presence = cycle.presence.forTable(table.mapping, table.info);
            }
        }
        int parts = cycle.intent.parts() - cycle.firstPart + 1;
        long rowsPerPart = Math.max(1, (cycle.totalRows() + parts - 1) / parts);
        ContentSeries.Pipeline header = new ContentSeries.Pipeline(cycle.pipeline.application(), cycle.pipeline.source(),
                cycle.pipeline.destination());
        try (ContentSeries series = new ContentSeries(header, cycle.firstSequence, cycle.firstPart, cycle.intent.parts(),
                rowsPerPart, settings.compressionLevel(), gateway.workDirectory(), this::stagingFile)) {
            for (TableChanges table : cycle.tables) {
                if (table.inContent()) {
                    write(cycle, table, series);
                }
            }
            cycle.staged.addAll(series.finish());
        }
        state.markStaged(cycle.pipeline);
        return cycle;
    }

    /** A full window's rows all go to inserted; a delta's are split by operation; looked-up keys to existing or missing. */
    private static Set<Operation> entries(TableChanges table) {
        Set<Operation> entries = table.window.full() ? EnumSet.of(Operation.INSERTED)
                : EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED);
        if (table.presence != null) {
            entries.add(Operation.EXISTING);
            entries.add(Operation.MISSING);
        }
        return entries;
    }

    private void write(ExportCycle cycle, TableChanges table, ContentSeries series) throws Exception {
        Window window = table.window;
        series.beginTable(new ContentSeries.TableHeader(window.table().toString(), window.mode(), window.fromVersion(),
                window.toVersion(), table.info.targetKey(), entries(table)));
        TablePresence presence = table.presence;
        if (presence != null) {
            series.beforePartEnds(() -> flush(presence, series));
        }
        Progress progress = new Progress(LOG, "export " + window.table(), table.total());
        try (ChangeStream cursor = tables.capture(window.table()).read(cycle.capture, table.info, window)) {
            while (cursor.next()) {
                Operation operation = cursor.operation();
                JsonGenerator json = series.row(operation);
                cursor.writeRow(json);
                if (presence != null) {
                    addKey(presence, operation, cursor.keyValues(), series);
                }
                progress.row();
            }
        }
        series.endTable();
        series.beforePartEnds(() -> { });
        if (presence != null) {
            table.existing = presence.existing();
            table.missing = presence.missing();
            presence.close();
        }
    }

    private void addKey(TablePresence presence, Operation operation, Object[] key, ContentSeries series) throws IOException {
        try {
            presence.add(operation, key, series);
        } catch (SQLException e) {
            throw new PresenceFailedException(e, settings.presenceTimeoutSeconds());
        }
    }

    private void flush(TablePresence presence, ContentSeries series) {
        try {
            presence.flush(series);
        } catch (SQLException e) {
            throw new PresenceFailedException(e, settings.presenceTimeoutSeconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path stagingFile(ContentName name) {
        try {
            return gateway.stagingFile(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
