package io.ctsync.config;

/** A validated {@code schema.table} name. Quoting is the dialect's job; this only guarantees the parts are sane. */
public record TableName(String schema, String table) implements Comparable<TableName> {

    public static TableName parse(String key, String qualified) {
        String[] parts = qualified.strip().split("\\.", -1);
        if (parts.length != 2) {
            throw new ConfigException(key, "'" + qualified + "' is not schema.table", "write each table as schema.table, for example public.orders");
        }
        return new TableName(Names.identifier(key, parts[0]), Names.identifier(key, parts[1]));
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }

    @Override
    public int compareTo(TableName other) {
        return toString().compareTo(other.toString());
    }
}
