package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.ctsync.backfill.BackfillProgress;
import io.ctsync.backfill.ChunkQueries;
import io.ctsync.capture.ChangeCursor;
import io.ctsync.db.KeyRange;
import io.ctsync.db.Window;
import io.ctsync.packaging.ColumnShape;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Manifest;
import io.ctsync.packaging.Operation;
import io.ctsync.presence.TablePresence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.function.Function;

/**
 * Writes one backfill chunk as a content of its own (docs/format.md, "Backfills"): the table's
 * rows in the chunk's key range, read in the cycle's snapshot, as {@code inserted.json} of a table
 * in mode "range" with the range's {@code from} and {@code to}, and, with presence on, its keys
 * looked up in the target; the importer applies it in a transaction of its own. Then logs the
 * backfill's progress.
 */
final class ChunkContent {

    private final int compressionLevel;
    private final int fetchSize;
    private final int presenceTimeoutSeconds;

    ChunkContent(int compressionLevel, int fetchSize, int presenceTimeoutSeconds) {
        this.compressionLevel = compressionLevel;
        this.fetchSize = fetchSize;
        this.presenceTimeoutSeconds = presenceTimeoutSeconds;
    }

    ContentSeries.Staged write(ExportCycle cycle, ExportCycle.Chunk written, ContentSeries.Pipeline header, long sequence, Path workDirectory,
                               Function<ContentName, Path> stagingFile) throws Exception {
        long started = System.nanoTime();
        TableChanges table = written.table();
        Window window = table.window;
        KeyRange chunk = written.range();
        ContentSeries.Staged staged;
        // the chunk's keys are looked up in the target like any change's (README.md, "Presence")
        TablePresence presence = cycle.presence == null ? null : cycle.presence.forTable(table.mapping, table.info);
        EnumSet<Operation> entries = presence == null ? EnumSet.of(Operation.INSERTED)
                : EnumSet.of(Operation.INSERTED, Operation.EXISTING, Operation.MISSING);
        try (ContentSeries series = new ContentSeries(header, sequence, 1, 1, Long.MAX_VALUE, compressionLevel, workDirectory, stagingFile)) {
            series.beginTable(new ContentSeries.TableHeader(window.table().toString(), Manifest.Table.RANGE, window.fromVersion(),
                    window.toVersion(), table.info.targetKey(), entries, bound(chunk.from()), bound(chunk.to()),
                    ColumnShape.of(table.info.columns(), cycle.dialect.types()), table.info.maskKeyId()));
            if (presence != null) {
                series.beforePartEnds(() -> lookUp(() -> presence.flush(series)));
            }
            try (ChangeCursor rows = ChangeCursor.rows(cycle.source, cycle.dialect, new ChunkQueries(cycle.dialect, table.info).rows(chunk),
                    table.info, fetchSize)) {
                while (rows.next()) {
                    rows.writeRow(series.row(Operation.INSERTED));
                    if (presence != null) {
                        Object[] key = rows.keyValues();
                        lookUp(() -> presence.add(Operation.INSERTED, key, series));
                    }
                }
            }
            series.endTable();
            series.beforePartEnds(() -> { });
            staged = series.finish().get(0);
        } finally {
            if (presence != null) {
                presence.close();
            }
        }
        long rows = staged.manifest().tables().get(0).counts().inserted();
        table.chunkRows += rows;
        BackfillProgress.logChunk(window.table(), staged.name(), chunk, rows, written.lastInCycle() ? window.backfill() : null,
                System.nanoTime() - started);
        return staged;
    }

    private interface Lookup {
        void run() throws SQLException, IOException;
    }

    private void lookUp(Lookup lookup) {
        try {
            lookup.run();
        } catch (SQLException e) {
            throw new PresenceFailedException(e, presenceTimeoutSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An open end is JSON null in the manifest. */
    private static JsonNode bound(JsonNode key) {
        return key == null ? NullNode.getInstance() : key;
    }
}
