package io.ctsync.db;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A table's backfill in progress, kept in the state with its version (docs/design.md, "Backfills"):
 * the last key sent ({@code cursor}, a JSON object keyed by key column; null before the first
 * chunk), the rows sent so far, the rows the table held when the backfill began, and when it began
 * (ISO-8601). Keys above the cursor are sent by later chunks, never by a delta.
 */
public record Backfill(JsonNode cursor, long rowsSent, long rowsEstimated, String startedAt) {

    /** A JSON null, as a cursor read back from JSON, is no key sent yet. */
    public Backfill {
        cursor = KeyRange.open(cursor) ? null : cursor;
    }

    /** The backfill after one more chunk of {@code rows} rows that ended at {@code to}. */
    public Backfill after(JsonNode to, long rows) {
        return new Backfill(to, rowsSent + rows, rowsEstimated, startedAt);
    }
}
