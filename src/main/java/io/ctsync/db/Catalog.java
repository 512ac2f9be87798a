package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.config.ConfigException;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.masking.Mask;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads table shapes from JDBC metadata, the same way for every database that does not read its own catalog (see {@link SourceDialect#columns}). */
public final class Catalog {

    private Catalog() {
    }

    /**
     * The table's columns that the mapping carries and its mapping key, or a configuration error
     * naming the key to fix: a column of a type that the database's type model refuses is one.
     */
    public static TableInfo describe(Connection connection, SourceDialect source, TableMapping mapping) throws SQLException {
        TableName name = mapping.source();
        List<Column> allColumns = source.columns(connection, name);
        if (allColumns.isEmpty()) {
            throw new ConfigException("ctsync.tables", "table " + name + " does not exist in the source (names are case-sensitive)",
                    "check the schema and table name, or remove it from ctsync.tables");
        }
        List<Column> columns = carried(source.types(), mapping, allColumns);
        List<String> key = mapping.key().isEmpty() ? source.primaryKey(connection, name) : mapping.key();
        if (key.isEmpty()) {
            throw new ConfigException(mapping.prefix() + "key", "table " + name + " has no primary key and no mapping key",
                    "set " + mapping.prefix() + "key=col1,col2 to the columns that identify a row");
        }
        for (String column : key) {
            if (!mapping.columns().carries(column)) {
                throw new ConfigException(mapping.prefix() + "exclude-columns", "key column '" + column + "' of " + name + " is left out",
                        "carry the key columns: remove it from " + mapping.prefix() + "exclude-columns, or add it to .columns");
            }
            if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                throw new ConfigException(mapping.prefix() + "key", "column '" + column + "' is not in " + name,
                        "name existing columns of " + name);
            }
        }
        for (String constant : mapping.constants().keySet()) {
            if (allColumns.stream().anyMatch(c -> c.name().equals(constant))) {
                throw new ConfigException(mapping.prefix() + "constant." + constant, "column '" + constant + "' already exists in " + name,
                        "name a column that exists only in the target, where it tells the sources apart");
            }
        }
        for (String masked : mapping.masks().columns().keySet()) {
            if (columns.stream().noneMatch(c -> c.name().equals(masked))) {
                throw new ConfigException(mapping.prefix() + "mask." + masked, "column '" + masked + "' is not among the columns carried from " + name,
                        "name a carried column of " + name);
            }
            if (key.contains(masked) && mapping.masks().of(masked) == Mask.NULL) {
                throw new ConfigException(mapping.prefix() + "mask." + masked, "key column '" + masked + "' of " + name + " cannot be null",
                        "hash it (" + mapping.prefix() + "mask." + masked + "=hash), or leave it clear");
            }
        }
        return new TableInfo(name, columns, List.copyOf(key), mapping.constants(), mapping.filter(), mapping.masks());
    }

    private static List<Column> carried(ColumnTypes types, TableMapping mapping, List<Column> columns) {
        for (String named : mapping.columns().named()) {
            if (columns.stream().noneMatch(c -> c.name().equals(named))) {
                throw new ConfigException(mapping.prefix() + "columns", "column '" + named + "' is not in " + mapping.source(),
                        "name existing columns of " + mapping.source() + " in " + mapping.prefix() + "columns and .exclude-columns");
            }
        }
        List<Column> carried = columns.stream().filter(c -> mapping.columns().carries(c.name())).toList();
        for (Column column : carried) {
            String refusal = types.refusal(column);
            if (refusal != null) {
                throw new ConfigException(mapping.prefix() + "exclude-columns", "column '" + column.name() + "' of " + mapping.source()
                        + " is of type " + column.typeName() + ", which ctsync cannot carry: " + refusal,
                        "leave it out with " + mapping.prefix() + "exclude-columns=" + column.name());
            }
        }
        return carried;
    }

    public static List<Column> columns(Connection connection, TableName name) throws SQLException {
        Map<Integer, Column> byPosition = new TreeMap<>();
        forEachColumn(connection, name, rs -> byPosition.put(rs.getInt("ORDINAL_POSITION"),
                new Column(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"),
                        rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"), rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls)));
        return List.copyOf(byPosition.values());
    }

    /** The table's columns declared NOT NULL. */
    public static Set<String> notNullColumns(Connection connection, TableName name) throws SQLException {
        Set<String> notNull = new HashSet<>();
        forEachColumn(connection, name, rs -> {
            if (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls) {
                notNull.add(rs.getString("COLUMN_NAME"));
            }
        });
        return notNull;
    }

    private interface ColumnRow {
        void read(ResultSet rs) throws SQLException;
    }

    private static void forEachColumn(Connection connection, TableName name, ColumnRow row) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String escape = meta.getSearchStringEscape();
        try (ResultSet rs = meta.getColumns(null, pattern(name.schema(), escape), pattern(name.table(), escape), null)) {
            while (rs.next()) {
                // the schema and table arguments are LIKE patterns: keep exact matches only
                if (name.schema().equals(rs.getString("TABLE_SCHEM")) && name.table().equals(rs.getString("TABLE_NAME"))) {
                    row.read(rs);
                }
            }
        }
    }

    /**
     * A name as a metadata search pattern that matches only itself: JDBC's wildcards escaped, and
     * the square brackets that SQL Server's LIKE reads as a character class (its driver turns
     * an escaped bracket into {@code [[]}; PostgreSQL and H2 read it as the bracket itself).
     */
    static String pattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        StringBuilder pattern = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if (c == '_' || c == '%' || c == '[' || c == ']' || escape.indexOf(c) >= 0) {
                pattern.append(escape);
            }
            pattern.append(c);
        }
        return pattern.toString();
    }

    /** The column sets that identify a row of the table: its primary key and each unique index. */
    public static List<Set<String>> uniqueKeys(Connection connection, TableName name) throws SQLException {
        List<Set<String>> keys = new ArrayList<>();
        List<String> primaryKey = primaryKey(connection, name);
        if (!primaryKey.isEmpty()) {
            keys.add(Set.copyOf(primaryKey));
        }
        Map<String, Set<String>> indexes = new TreeMap<>();
        try (ResultSet rs = connection.getMetaData().getIndexInfo(null, name.schema(), name.table(), true, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index != null && column != null && name.schema().equals(rs.getString("TABLE_SCHEM"))
                        && name.table().equals(rs.getString("TABLE_NAME"))) {
                    indexes.computeIfAbsent(index, i -> new HashSet<>()).add(column);
                }
            }
        }
        indexes.values().forEach(columns -> keys.add(Set.copyOf(columns)));
        return keys;
    }

    public static List<String> primaryKey(Connection connection, TableName name) throws SQLException {
        Map<Integer, String> bySequence = new TreeMap<>();
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(null, name.schema(), name.table())) {
            while (rs.next()) {
                if (name.schema().equals(rs.getString("TABLE_SCHEM")) && name.table().equals(rs.getString("TABLE_NAME"))) {
                    bySequence.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
            }
        }
        return new ArrayList<>(bySequence.values());
    }

    /** The foreign keys that {@code table} holds, from JDBC metadata. */
    public static List<ForeignKey> foreignKeys(Connection connection, TableName table) throws SQLException {
        try (ResultSet rs = connection.getMetaData().getImportedKeys(null, table.schema(), table.table())) {
            return foreignKeys(table, rs);
        }
    }

    /**
     * Foreign keys from rows shaped like {@link DatabaseMetaData#getImportedKeys}: one row per
     * column, {@code FK_NAME}, {@code FKCOLUMN_NAME}, {@code PKTABLE_SCHEM}, {@code PKTABLE_NAME},
     * {@code PKCOLUMN_NAME}, {@code KEY_SEQ} and {@code DEFERRABILITY}; rows of other tables are skipped.
     */
    public static List<ForeignKey> foreignKeys(TableName table, ResultSet rs) throws SQLException {
        Map<String, Map<Integer, String[]>> columnsByKey = new LinkedHashMap<>();
        Map<String, TableName> referenced = new LinkedHashMap<>();
        Map<String, Boolean> deferrable = new LinkedHashMap<>();
        while (rs.next()) {
            String schema = rs.getString("FKTABLE_SCHEM");
            String name = rs.getString("FKTABLE_NAME");
            if (schema != null && !(table.schema().equals(schema) && table.table().equals(name))) {
                continue;
            }
            String key = rs.getString("FK_NAME");
            columnsByKey.computeIfAbsent(key, k -> new TreeMap<>())
                    .put(rs.getInt("KEY_SEQ"), new String[] {rs.getString("FKCOLUMN_NAME"), rs.getString("PKCOLUMN_NAME")});
            referenced.put(key, new TableName(rs.getString("PKTABLE_SCHEM"), rs.getString("PKTABLE_NAME")));
            deferrable.put(key, rs.getInt("DEFERRABILITY") != DatabaseMetaData.importedKeyNotDeferrable);
        }
        List<ForeignKey> keys = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, String[]>> key : columnsByKey.entrySet()) {
            List<String> columns = key.getValue().values().stream().map(pair -> pair[0]).toList();
            List<String> referencedColumns = key.getValue().values().stream().map(pair -> pair[1]).toList();
            keys.add(new ForeignKey(key.getKey(), table, columns, referenced.get(key.getKey()), referencedColumns,
                    deferrable.get(key.getKey())));
        }
        return keys;
    }
}
