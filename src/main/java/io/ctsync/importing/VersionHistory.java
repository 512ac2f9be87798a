package io.ctsync.importing;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableMapping;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.Query;
import io.ctsync.db.TargetDialect;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnType;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deletes=history}: every version of a row stays. The target's key is the content key plus
 * the valid-from column; the open version of a live key has a NULL valid-to. A write at the
 * content's {@code createdAt} closes the open version there and opens a new one from there, unless
 * the open version already holds the row's values (a full load repeats every row); a delete closes
 * it. So each live key has exactly one open version, and its versions follow each other without a
 * gap or an overlap. The row path compares
 * rows with the open versions in Java ({@link VersionRows}), the bulk path in SQL
 * ({@link BulkLoad#closeChanged}).
 */
final class VersionHistory extends KeptRows {

    private final String validFrom;
    private final String validTo;

    VersionHistory(String validFrom, String validTo) {
        super(validTo);
        this.validFrom = validFrom;
        this.validTo = validTo;
    }

    @Override
    public void check(TargetDialect dialect, TableMapping mapping, TargetTable target) {
        for (String column : List.of(validFrom, validTo)) {
            String key = mapping.prefix() + (column.equals(validFrom) ? "valid-from-column" : "valid-to-column");
            ColumnType type = target.columns().get(column);
            if (type == null) {
                throw new ConfigException(key, "column '" + column + "' is not in the target table " + target.name() + ", which "
                        + mapping.prefix() + "deletes=history needs for its versions", dialect.addTimestampColumn(target.name(), column));
            }
            if (type.instant(Instant.EPOCH) == null) {
                throw new ConfigException(key, "column '" + column + "' of the target table " + target.name() + " is of type "
                        + type.column().typeName() + ", which cannot hold a version's time", "make it a timestamp with time zone, as "
                        + dialect.addTimestampColumn(target.name(), column) + " adds it");
            }
        }
        // without a mapping key the source's primary key is known only to the export: the target's own key stands for it
        List<String> versionKey = new ArrayList<>(mapping.key().isEmpty()
                ? target.uniqueKeys().stream().findFirst().map(k -> k.stream().filter(c -> !c.equals(validFrom)).sorted().toList()).orElse(List.of())
                : mapping.key());
        mapping.constants().keySet().stream().filter(c -> !versionKey.contains(c)).forEach(versionKey::add);
        versionKey.add(validFrom);
        boolean keyed = mapping.key().isEmpty() ? target.uniqueKeys().stream().anyMatch(k -> k.contains(validFrom)) : target.isUniqueKey(versionKey);
        if (!keyed || target.inUniqueKey(validTo)) {
            throw new ConfigException(mapping.prefix() + "deletes", "history keeps every version of a key, but the key of the target table "
                    + target.name() + " is not (" + String.join(", ", versionKey) + ")"
                    + (target.inUniqueKey(validTo) ? " or holds " + validTo : ""),
                    "drop its primary key, then " + dialect.addPrimaryKey(target.name(), versionKey));
        }
    }

    @Override
    public String done() {
        return "closed";
    }

    @Override
    public List<String> targetKey(List<String> key) {
        List<String> versionKey = new ArrayList<>(key);
        versionKey.add(validFrom);
        return versionKey;
    }

    @Override
    public Map<String, Object> writtenColumns(TargetTable table, Instant at) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put(validFrom, table.column(validFrom).instant(at));
        version.put(validTo, null);
        return version;
    }

    @Override
    public Rows upserts(RowWrites writes, List<String> columns, ColumnType[] types, Instant at) {
        return new VersionRows(writes, this, columns, types, at);
    }

    @Override
    public boolean insertsDirectly() {
        return false;
    }

    /**
     * Two set-based statements: the open versions of the work table's keys whose values differ are
     * closed at {@code at}; then a version opens at {@code at} for every key left without an open
     * one (the last loaded row of each key).
     */
    @Override
    public long writeLoaded(LoadedRows rows, BulkLoad load, TargetTable table, List<Column> columns, List<String> key, String workTable,
                            Instant at) throws SQLException {
        List<Query.Typed> time = parameters(table, at);
        List<Column> keyColumns = table.shape().columnsNamed(key);
        rows.execute(load.closeChanged(table.shape(), keyColumns, columns, validTo, workTable), time);
        ColumnType from = table.column(validFrom);
        return rows.execute(load.openVersions(table.shape(), columns, key, validFrom, validTo, workTable),
                List.of(new Query.Typed(from, from.instant(at))));
    }

    /** The condition of a key's open version. */
    String open(TargetDialect dialect) {
        return dialect.quote(validTo) + " IS NULL";
    }
}
