package io.ctsync.importing;

import io.ctsync.values.ColumnType;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The row path's writes of a history table ({@link VersionHistory}), a batch of rows at a time:
 * the open versions of their keys are read in one statement; a row whose key has an open version
 * of the same values is left alone; for every other row the open version of its key is closed at
 * the content's time (valid-to), and a version opened at that time is upserted by its key and
 * valid-from. A version the same content opened before (a key inserted and then updated in it)
 * is thus closed and opened again at the same time, which leaves one version with the last values.
 */
final class VersionRows implements Deletions.Rows {

    private final Deletions.RowWrites writes;
    private final VersionHistory history;
    private final List<String> columns;
    private final ColumnType[] types;
    /** How many of the columns come from the content: the values a version compares. */
    private final int compared;
    private final Instant at;
    private final Map<Key, Object[]> pending = new LinkedHashMap<>();
    private long written;

    VersionRows(Deletions.RowWrites writes, VersionHistory history, List<String> columns, ColumnType[] types, Instant at) {
        this.writes = writes;
        this.history = history;
        this.columns = columns;
        this.types = types;
        this.compared = columns.size() - history.writtenColumns(writes.scope().table(), at).size();
        this.at = at;
    }

    @Override
    public void add(Key key, Object[] values) throws SQLException {
        if (pending.containsKey(key)) {
            // the later row of a key goes after the earlier one, as on the plain path
            send();
        }
        pending.put(key, values);
        if (pending.size() >= writes.batchSize()) {
            send();
        }
    }

    @Override
    public long finish() throws SQLException {
        send();
        return written;
    }

    private void send() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        TargetScope scope = writes.scope();
        List<String> key = scope.key();
        List<String> read = new ArrayList<>(key);
        read.addAll(columns.subList(0, compared));
        Map<Key, Object[]> open = new HashMap<>();
        for (Object[] row : TargetRows.read(writes.connection(), writes.dialect(), scope, read, new ArrayList<>(pending.keySet()),
                history.open(writes.dialect()))) {
            open.put(new Key(Arrays.copyOf(row, key.size())), Arrays.copyOfRange(row, key.size(), row.length));
        }
        TargetTable table = scope.table();
        try (RowBatch close = new RowBatch(writes.connection(), writes.dialect(),
                count -> table.marked(writes.dialect(), history.deleteKeys(writes.dialect(), table.shape(), key, count), writes.context()),
                history.parameters(table, at), scope.keyTypes(), writes.batchSize(), writes.batchBytes());
             RowBatch upsert = writes.upsert(columns, history.targetKey(key), types)) {
            List<Map.Entry<Key, Object[]>> changed = pending.entrySet().stream()
                    .filter(row -> !open.containsKey(row.getKey()) || !same(open.get(row.getKey()), row.getValue())).toList();
            for (Map.Entry<Key, Object[]> row : changed) {
                if (open.containsKey(row.getKey())) {
                    close.add(row.getKey(), row.getKey().values());
                }
            }
            close.finish();
            for (Map.Entry<Key, Object[]> row : changed) {
                upsert.add(row.getKey(), row.getValue());
            }
            upsert.finish();
            written += changed.size();
        }
        pending.clear();
    }

    /** Whether an open version holds a row's values, each compared as {@link Key} compares values (a real as the float it is). */
    private boolean same(Object[] version, Object[] row) {
        for (int i = 0; i < compared; i++) {
            Object stored = version[i];
            Object written = row[i];
            if (types[i].column().jdbcType() == Types.REAL && stored instanceof Number a && written instanceof Number b) {
                stored = a.floatValue();
                written = b.floatValue();
            }
            boolean equal = stored instanceof Object[] a && written instanceof Object[] b ? Arrays.deepEquals(a, b)
                    : new Key(new Object[] {stored}).equals(new Key(new Object[] {written}));
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
    }
}
