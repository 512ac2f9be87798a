package io.ctsync.importing;

import io.ctsync.dialect.TargetDialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctsync.dialect.Column;
import io.ctsync.dialect.ScratchTable;

import io.ctsync.config.ConflictPolicy;
import io.ctsync.monitoring.Progress;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.Manifest;
import io.ctsync.packaging.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Writes one table of one content, streaming its entries: deleted keys as multi-row deletes, then
 * inserted and updated rows as multi-row upserts (a row the target lacks is inserted, one it has
 * is updated, whatever the exporter saw), each through a {@link RowBatch}. For a full table every
 * key also goes to the transaction's key table, from which the rows that are no longer in the
 * source are removed at the end.
 */
final class TableWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

    private final Connection connection;
    private final TargetDialect dialect;
    private final int batchSize;
    private final ConflictPolicy policy;
    private final String context;
    private final TargetScope scope;
    private final LocalChanges localChanges;
    private final ColumnType[] keyTypes;
    private long conflicts;

    TableWriter(Connection connection, TargetDialect dialect, TargetWriter.Options options, TargetScope scope, LocalChanges localChanges) {
        this.connection = connection;
        this.dialect = dialect;
        this.batchSize = options.batchSize();
        this.policy = options.conflict();
        this.context = options.context();
        this.scope = scope;
        this.localChanges = localChanges;
        this.keyTypes = scope.keyTypes();
    }

    /** Writes the table's entries; {@code keyTable} is where a full table's keys go, null for a delta. */
    ImportLog.Counts write(ContentReader content, Manifest.Table table, ScratchTable keyTable)
            throws SQLException, IOException, ContentRejectedException {
        long deleted = delete(content.rows(table.table() + "/" + Operation.DELETED.fileName()));
        try (RowBatch keys = keyTable == null ? null : keyBatch(connection, dialect, scope, keyTable, batchSize)) {
            long inserted = upsert(content.rows(table.table() + "/" + Operation.INSERTED.fileName()), keys);
            long updated = upsert(content.rows(table.table() + "/" + Operation.UPDATED.fileName()), keys);
            if (keys != null) {
                keys.finish();
            }
            return new ImportLog.Counts(inserted, updated, deleted, conflicts);
        }
    }

    /** Inserts keys of the scope's table into a full table's key table. */
    static RowBatch keyBatch(Connection connection, TargetDialect dialect, TargetScope scope, ScratchTable keyTable, int batchSize) {
        return new RowBatch(connection, dialect, rows -> dialect.insert(keyTable.reference(), scope.keyColumns(), rows), scope.keyTypes(), batchSize);
    }

    private long delete(Iterator<ObjectNode> rows) throws SQLException, ContentRejectedException {
        if (!rows.hasNext()) {
            return 0;
        }
        try (RowBatch delete = new RowBatch(connection, dialect,
                count -> dialect.withContext(dialect.delete(scope.table().name(), scope.keyColumns(), count), context), keyTypes, batchSize)) {
            while (rows.hasNext()) {
                ObjectNode row = rows.next();
                checkConstant(row);
                Key key = key(row);
                if (accept(key, "delete")) {
                    delete.add(key, key.values());
                }
            }
            return delete.finish();
        }
    }

    private long upsert(Iterator<ObjectNode> rows, RowBatch keys) throws SQLException, ContentRejectedException {
        if (!rows.hasNext()) {
            return 0;
        }
        ObjectNode first = rows.next();
        List<String> columns = new ArrayList<>();
        first.fieldNames().forEachRemaining(columns::add);
        ColumnType[] types = new ColumnType[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = column(columns.get(i));
        }
        List<Column> bound = Arrays.stream(types).map(ColumnType::column).toList();
        long written = 0;
        Progress progress = new Progress(LOG, "import " + scope.table().name(), -1);
        try (RowBatch upsert = new RowBatch(connection, dialect,
                count -> dialect.withContext(dialect.upsert(scope.table().name(), bound, scope.key(), count), context), types, batchSize)) {
            for (ObjectNode row = first; row != null; row = rows.hasNext() ? rows.next() : null) {
                checkConstant(row);
                Key key = key(row);
                if (keys != null) {
                    keys.add(key, key.values());
                }
                if (!accept(key, "upsert")) {
                    continue;
                }
                Object[] values = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    try {
                        values[i] = types[i].value(row.get(columns.get(i)));
                    } catch (IllegalArgumentException e) {
                        throw new ContentRejectedException(scope.table().name() + " " + describe(key) + ": " + e.getMessage());
                    }
                }
                upsert.add(key, values);
                written++;
                progress.row();
            }
            upsert.finish();
        }
        return written;
    }

    private ColumnType column(String name) throws ContentRejectedException {
        ColumnType type = scope.table().columns().get(name);
        if (type == null) {
            throw new ContentRejectedException("the content has a column '" + name + "' that the target table "
                    + scope.table().name() + " does not have");
        }
        String refusal = dialect.types().writeRefusal(type.column());
        if (refusal != null) {
            throw new ContentRejectedException("the content has a column '" + name + "' but its target column in " + scope.table().name()
                    + " is of type " + type.column().typeName() + ": " + refusal + "; leave it out at the export with ctsync.table."
                    + "<schema>.<table>.exclude-columns=" + name);
        }
        return type;
    }

    /** Whether the row may be written: yes unless it is a conflict that the target wins; a conflict under {@code fail} rejects the content. */
    private boolean accept(Key key, String action) throws ContentRejectedException {
        if (!localChanges.contains(key)) {
            return true;
        }
        conflicts++;
        String conflict = "conflict on " + scope.table().name() + " " + describe(key) + ": changed in the target since the last import";
        switch (policy) {
            case SOURCE_WINS -> {
                LOG.warn("{}; the source wins, {} applied", conflict, action);
                return true;
            }
            case TARGET_WINS -> {
                LOG.warn("{}; the target wins, {} skipped", conflict, action);
                return false;
            }
            default -> throw new ContentRejectedException(conflict + " (ctsync.import.conflict=fail)");
        }
    }

    private void checkConstant(ObjectNode row) throws ContentRejectedException {
        if (scope.scoped() && !scope.constantValue().equals(row.path(scope.constantColumn()).asText(null))) {
            throw new ContentRejectedException("a row of " + scope.table().name() + " has " + scope.constantColumn() + "="
                    + row.get(scope.constantColumn()) + " but this pipeline's constant is " + scope.constantValue());
        }
    }

    private Key key(ObjectNode row) throws ContentRejectedException {
        Object[] values = new Object[keyTypes.length];
        for (int i = 0; i < keyTypes.length; i++) {
            try {
                values[i] = keyTypes[i].value(row.get(scope.key().get(i)));
            } catch (IllegalArgumentException e) {
                throw new ContentRejectedException(scope.table().name() + ": " + e.getMessage());
            }
        }
        return new Key(values);
    }

    private String describe(Key key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keyTypes.length; i++) {
            parts.add(scope.key().get(i) + "=" + key.value(i));
        }
        return "key (" + String.join(", ", parts) + ")";
    }
}
