package io.ctsync.packaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The content writer hands its JSON to the deflate thread in chunks (bench/README.md, "Export speed"):
 * entries filled at the same time over many chunks, and split across parts, come back whole, in
 * order and with their checksums; a failed deflate fails the writer's next step.
 */
@Tag("unit")
class ContentSeriesTest {

    private static final ContentSeries.Pipeline PIPELINE = new ContentSeries.Pipeline("shop", "erp", "dwh");
    private static final int ROWS = 30_000;

    @TempDir
    Path dir;

    @Test
    void interleavedEntriesOverManyChunksComeBackWholeAndInOrder() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        List<ContentSeries.Staged> staged;
        try (ContentSeries series = new ContentSeries(PIPELINE, 7, 1, 2, ROWS / 2, 6, work, name -> dir.resolve(name.fileName()))) {
            series.beginTable(new ContentSeries.TableHeader("app.items", "delta", 1L, 2L, List.of("id"),
                    EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED)));
            for (int id = 0; id < ROWS; id++) {
                Operation operation = Operation.values()[id % 3];
                series.row(operation).writeRawValue("{\"id\":" + id + ",\"label\":\"" + "x".repeat(id % 50) + "\"}");
            }
            series.endTable();
            staged = series.finish();
        }
        assertThat(staged).extracting(s -> s.name().sequence()).containsExactly(7L, 8L);
        List<Integer> ids = new ArrayList<>();
        for (ContentSeries.Staged content : staged) {
            try (ContentReader reader = ContentReader.open(content.file())) {
                reader.verify();
                for (Operation operation : List.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED)) {
                    Iterator<ObjectNode> rows = reader.rows("app.items/" + operation.fileName());
                    int previous = -1;
                    while (rows.hasNext()) {
                        ObjectNode row = rows.next();
                        int id = row.get("id").asInt();
                        assertThat(id % 3).isEqualTo(operation.ordinal());
                        assertThat(id).isGreaterThan(previous);
                        assertThat(row.get("label").asText()).isEqualTo("x".repeat(id % 50));
                        previous = id;
                        ids.add(id);
                    }
                }
            }
        }
        assertThat(ids).hasSize(ROWS).doesNotHaveDuplicates();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("work files").isEmpty();
        }
    }

    @Test
    void aFailedDeflateFailsTheNextHandOffAndTheTasksBehindItDoNotRun() throws Exception {
        List<Integer> ran = new ArrayList<>();
        try (DeflateWorker worker = new DeflateWorker()) {
            worker.submit(() -> ran.add(1));
            worker.submit(() -> {
                throw new IOException("No space left on device");
            });
            // the failure surfaces at the first hand-off after it or at the wait, whichever comes once the worker has met it
            assertThatThrownBy(() -> {
                worker.submit(() -> ran.add(3));
                worker.await();
            }).isInstanceOf(IOException.class).hasMessage("No space left on device");
            assertThatThrownBy(() -> worker.submit(() -> ran.add(4))).isInstanceOf(IOException.class);
        }
        assertThat(ran).containsExactly(1);
    }
}
