package io.ctsync.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.db.Dialect;
import io.ctsync.db.KeyBounds;
import io.ctsync.db.KeyRange;
import io.ctsync.db.Query;
import io.ctsync.db.TableInfo;
import io.ctsync.values.Column;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements that read a backfill's chunks from a source table (docs/design.md, "Backfills"):
 * where the next chunk ends, how many rows it holds, and its rows, all by the key in ctsync's key
 * order ({@link KeyBounds}). Keyset pagination: a chunk starts above the last key sent, so each
 * one reads only its own rows through the key's index.
 */
public final class ChunkQueries {

    private final Dialect dialect;
    private final TableInfo table;
    private final KeyBounds bounds;

    public ChunkQueries(Dialect dialect, TableInfo table) {
        this.dialect = dialect;
        this.table = table;
        this.bounds = new KeyBounds(dialect, table.key().stream().map(table::column).toList());
    }

    public KeyBounds bounds() {
        return bounds;
    }

    /**
     * The keys of the {@code rows}-th row above {@code from} and of the row after it: where a chunk
     * of {@code rows} rows ends, and whether any row is left after it.
     */
    public Query end(JsonNode from, long rows) {
        List<Object> parameters = new ArrayList<>();
        String where = where(new KeyRange(from, null), parameters);
        return new Query("SELECT " + dialect.columnList(null, table.key()) + " FROM " + dialect.table(table.name()) + where
                + " ORDER BY " + bounds.orderBy(null) + " OFFSET " + (rows - 1) + " ROWS FETCH NEXT 2 ROWS ONLY", parameters);
    }

    /** How many rows the chunk holds. */
    public Query count(KeyRange chunk) {
        List<Object> parameters = new ArrayList<>();
        return new Query("SELECT COUNT(*) FROM " + dialect.table(table.name()) + where(chunk, parameters), parameters);
    }

    /** The chunk's rows, every column. */
    public Query rows(KeyRange chunk) {
        List<Object> parameters = new ArrayList<>();
        return new Query("SELECT " + dialect.columnList(null, table.columns().stream().map(Column::name).toList()) + " FROM "
                + dialect.table(table.name()) + where(chunk, parameters), parameters);
    }

    /** The range's condition, ANDed to a filtered table's filter: a chunk holds the rows that match. */
    private String where(KeyRange range, List<Object> parameters) {
        String condition = bounds.condition(range, null, parameters);
        String filter = table.filterCondition();
        if (filter != null) {
            condition = condition == null ? filter : filter + " AND " + condition;
        }
        return condition == null ? "" : " WHERE " + condition;
    }
}
