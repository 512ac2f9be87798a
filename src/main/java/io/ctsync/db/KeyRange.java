package io.ctsync.db;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The keys of one backfill chunk (docs/format.md, "Backfills"): above {@code from}, exclusive, up
 * to {@code to}, inclusive, in ctsync's key order ({@link KeyBounds}). Each bound is a JSON object
 * keyed by key column, its values in their JSON form; null is an open end.
 */
public record KeyRange(JsonNode from, JsonNode to) {

    /** A JSON null, as a bound read back from JSON, is an open end. */
    public KeyRange {
        from = open(from) ? null : from;
        to = open(to) ? null : to;
    }

    static boolean open(JsonNode bound) {
        return bound == null || bound.isNull() || bound.isMissingNode();
    }

    /** Whether the range holds every key: the whole table in one chunk. */
    public boolean whole() {
        return from == null && to == null;
    }

    /** Whether this is a backfill's last chunk, which reaches the end of the table. */
    public boolean last() {
        return to == null;
    }
}
