package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.ctsync.backfill.BackfillProgress;
import io.ctsync.backfill.ChunkQueries;
import io.ctsync.capture.ChangeCursor;
import io.ctsync.db.KeyRange;
import io.ctsync.db.Window;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Manifest;
import io.ctsync.packaging.Operation;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.Function;

/**
 * Writes one backfill chunk as a content of its own (docs/format.md, "Backfills"): the table's
 * rows in the chunk's key range, read in the cycle's snapshot, as {@code inserted.json} of a table
 * in mode "range" with the range's {@code from} and {@code to}; the importer applies it in a
 * transaction of its own. Then logs the backfill's progress.
 */
final class ChunkContent {

    private final int compressionLevel;
    private final int fetchSize;

    ChunkContent(int compressionLevel, int fetchSize) {
        this.compressionLevel = compressionLevel;
        this.fetchSize = fetchSize;
    }

    ContentSeries.Staged write(ExportCycle cycle, TableChanges table, ContentSeries.Pipeline header, long sequence, Path workDirectory,
                               Function<ContentName, Path> stagingFile) throws Exception {
        long started = System.nanoTime();
        Window window = table.window;
        KeyRange chunk = window.chunk();
        ContentSeries.Staged staged;
        try (ContentSeries series = new ContentSeries(header, sequence, 1, 1, Long.MAX_VALUE, compressionLevel, workDirectory, stagingFile)) {
            series.beginTable(new ContentSeries.TableHeader(window.table().toString(), Manifest.Table.RANGE, window.fromVersion(),
                    window.toVersion(), table.info.targetKey(), EnumSet.of(Operation.INSERTED), bound(chunk.from()), bound(chunk.to())));
            try (ChangeCursor rows = ChangeCursor.rows(cycle.source, cycle.dialect, new ChunkQueries(cycle.dialect, table.info).rows(chunk),
                    table.info, fetchSize)) {
                while (rows.next()) {
                    rows.writeRow(series.row(Operation.INSERTED));
                }
            }
            series.endTable();
            staged = series.finish().get(0);
        }
        long rows = staged.manifest().tables().get(0).counts().inserted();
        table.chunkRows = rows;
        BackfillProgress.logChunk(window.table(), staged.name(), chunk, rows, window.backfill(), System.nanoTime() - started);
        return staged;
    }

    /** An open end is JSON null in the manifest. */
    private static JsonNode bound(JsonNode key) {
        return key == null ? NullNode.getInstance() : key;
    }
}
