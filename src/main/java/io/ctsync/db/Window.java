package io.ctsync.db;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.config.TableName;

import java.util.ArrayList;
import java.util.List;

/**
 * The versions one cycle reads for one table: changes in {@code (fromVersion, toVersion]}, or,
 * in full mode, every current row ({@code fromVersion} is then the stale version, or null on a first run).
 * What a version is depends on the capture: a change tracking version, a change sequence, or a
 * comparison's number. Where a version number alone cannot say which changes a snapshot saw
 * (PostgreSQL, whose transactions commit out of id order), the dialect also records the snapshots
 * themselves as positions; null elsewhere. {@code consumedRows} is set by the change-table capture
 * alone: how many change rows the window read, which a recovery checks before deleting them.
 *
 * <p>A table being backfilled (docs/design.md, "Backfills") has a {@code chunk}: the keys this
 * cycle sends as range contents, read in the cycle's snapshot; its delta then holds only keys at
 * or below {@code chunk.from} (none before the first chunk). {@code splits} cut that range into the
 * cycle's chunks, one content each: the keys where one ends and the next begins, in key order
 * (empty: one chunk; null as an intent recorded before splits were written reads). {@code backfill}
 * is the table's backfill with this cycle's chunks sent ({@link #backfillAfter}: null once the last one is).
 */
public record Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition,
                     Long consumedRows, KeyRange chunk, Backfill backfill, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JsonNode> splits) {

    public Window {
        splits = splits == null ? List.of() : List.copyOf(splits);
    }

    public Window(TableName table, boolean full, Long fromVersion, long toVersion) {
        this(table, full, fromVersion, toVersion, null, null, null);
    }

    public Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition) {
        this(table, full, fromVersion, toVersion, fromPosition, toPosition, null);
    }

    public Window(TableName table, boolean full, Long fromVersion, long toVersion, String fromPosition, String toPosition,
                  Long consumedRows) {
        this(table, full, fromVersion, toVersion, fromPosition, toPosition, consumedRows, null, null, null);
    }

    /** The same window sent whole: every current row, as a full content (an export job's {@code mode: full}). */
    public Window whole() {
        return new Window(table, true, fromVersion, toVersion, fromPosition, toPosition, consumedRows, chunk, backfill, splits);
    }

    /** The same window sending {@code chunk} in one content, of a backfill that stands at {@code after} once the cycle commits. */
    public Window withChunk(KeyRange chunk, Backfill after) {
        return withChunks(chunk, List.of(), after);
    }

    /** The same window sending {@code range} cut at {@code splits} into chunks, of a backfill that stands at {@code after} once the cycle commits. */
    public Window withChunks(KeyRange range, List<JsonNode> splits, Backfill after) {
        return new Window(table, full, fromVersion, toVersion, fromPosition, toPosition, consumedRows, range, after, splits);
    }

    /** The same window carrying a backfill on without a chunk in this cycle. */
    public Window carrying(Backfill backfill) {
        return new Window(table, full, fromVersion, toVersion, fromPosition, toPosition, consumedRows, chunk, backfill, splits);
    }

    /** The chunks this cycle sends, each a content of its own, in key order; none without a chunk. */
    public List<KeyRange> chunks() {
        if (chunk == null) {
            return List.of();
        }
        List<KeyRange> chunks = new ArrayList<>();
        JsonNode from = chunk.from();
        for (JsonNode split : splits) {
            chunks.add(new KeyRange(from, split));
            from = split;
        }
        chunks.add(new KeyRange(from, chunk.to()));
        return chunks;
    }

    /** The table's backfill once this cycle commits: null when none is running or this cycle sends its last chunk. */
    public Backfill backfillAfter() {
        return chunk != null && chunk.last() ? null : backfill;
    }

    /** Whether the table's backfill waits for its parents' this cycle: no chunk, and no delta (all its keys come with its chunks). */
    public boolean waiting() {
        return chunk == null && backfill != null;
    }

    public String mode() {
        return full ? "full" : "delta";
    }

    public boolean firstRun() {
        return full && fromVersion == null;
    }
}
