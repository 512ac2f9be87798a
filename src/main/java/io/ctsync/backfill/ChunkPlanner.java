package io.ctsync.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.db.Backfill;
import io.ctsync.db.KeyRange;
import io.ctsync.db.Query;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, in the cycle's snapshot, which chunks of a table this cycle sends (docs/design.md,
 * "Backfills"): a full window (first run, lost history, a restore, {@code mode: full}) starts a
 * backfill at the table's first key; a backfill in progress sends its next chunks of at most
 * {@code ctsync.export.chunk-rows} rows above its cursor, as many as the cycle's budget of rows
 * ({@code ctsync.export.backfill-rows-per-cycle}) leaves room for and at least one: a cycle's fixed
 * cost (lock, snapshot, state, a content's fsync, an import cycle) is paid once for several
 * chunks, while each chunk stays a content and a target transaction of its own. A key whose type
 * the source cannot order as ctsync does is sent in one chunk, the whole table.
 */
public final class ChunkPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkPlanner.class);

    private final long chunkRows;

    public ChunkPlanner(long chunkRows) {
        this.chunkRows = chunkRows;
    }

    /**
     * The window with this cycle's chunks, or as it is when the table has no backfill to send:
     * one chunk, and more while their rows stay within what the cycle's other tables left of its
     * {@code budget}, which this table's rows are then taken from.
     */
    public Window plan(Connection source, SourceDialect dialect, TableInfo table, Window window, Backfill running, RowBudget budget)
            throws SQLException {
        Backfill backfill = window.full() ? null : running;
        ChunkQueries queries = new ChunkQueries(dialect, table);
        // a hashed key's order on the target is its hashes': a range of clear keys would remove the wrong rows there
        boolean hashedKey = table.masks().hashesAny(table.key());
        boolean ranged = queries.bounds().ordered() && !hashedKey;
        if (window.full()) {
            backfill = started(source, dialect, table);
            if (hashedKey) {
                LOG.info("export {}: the key ({}) is hashed; the backfill is one chunk", table.name(), String.join(", ", table.key()));
            } else if (!ranged) {
                LOG.info("export {}: the key ({}) has a type that {} cannot order as ctsync does; the backfill is one chunk",
                        table.name(), String.join(", ", table.key()), dialect.name());
            }
        }
        if (backfill == null) {
            return window;
        }
        List<JsonNode> ends = new ArrayList<>();
        if (ranged) {
            JsonNode to = end(source, queries, backfill.cursor());
            ends.add(to);
            // a chunk of chunkRows rows ends every range but the table's last: more fit while the budget holds them
            while (to != null && (ends.size() + 1) * chunkRows <= budget.left()) {
                to = end(source, queries, to);
                ends.add(to);
            }
        } else {
            ends.add(null);
        }
        KeyRange range = new KeyRange(backfill.cursor(), ends.get(ends.size() - 1));
        // every chunk before the last holds chunkRows rows (where its end was found): only the last is counted
        JsonNode lastFrom = ends.size() == 1 ? backfill.cursor() : ends.get(ends.size() - 2);
        long rows = (ends.size() - 1) * chunkRows + number(source, queries.count(new KeyRange(lastFrom, range.to())));
        if (window.firstRun() && range.whole() && rows == 0) {
            // an empty table on its first run: its version is recorded, nothing is sent
            return window;
        }
        budget.spend(rows);
        return window.withChunks(range, ends.subList(0, ends.size() - 1), backfill.after(range.to(), rows));
    }

    /**
     * The window of a table whose parent still has chunks to send: this cycle sends neither a chunk
     * nor a delta of it, and its backfill starts again at its first key once the parents' are done
     * (a delta now could reference a parent's row not yet sent). A backfill already waiting stays as it is.
     */
    public Window hold(Connection source, SourceDialect dialect, TableInfo table, Window window, Backfill running) throws SQLException {
        boolean waiting = !window.full() && running != null && running.cursor() == null;
        return window.withChunk(null, waiting ? running : started(source, dialect, table));
    }

    private static Backfill started(Connection source, SourceDialect dialect, TableInfo table) throws SQLException {
        return new Backfill(null, 0, number(source, dialect.fullCount(table)), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** Where the chunk above {@code from} ends: the key of its last row, or null when it reaches the end of the table. */
    private JsonNode end(Connection source, ChunkQueries queries, JsonNode from) throws SQLException {
        try (PreparedStatement statement = queries.end(from, chunkRows).prepare(source); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            JsonNode to = queries.bounds().read(rs, 1);
            return rs.next() ? to : null;
        }
    }

    private static long number(Connection connection, Query query) throws SQLException {
        try (PreparedStatement statement = query.prepare(connection); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
