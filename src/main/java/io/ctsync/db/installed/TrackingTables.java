package io.ctsync.db.installed;

import io.ctsync.config.TableName;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The names of the change tracking that ctsync installs itself where the database has none
 * (PostgreSQL, H2), with SQL Server's semantics: per table a tracking table in schema {@code ctsync}
 * holding one row per key with the last operation, its version, the key's creation version and the
 * writer's context; and a registry {@code ctsync.tracked_tables} with each table's min valid version.
 * Installing it ({@link InstalledTracking}), reading it ({@link InstalledSource}) and reading a
 * target's local changes from it ({@link InstalledTarget}) share these names.
 */
public final class TrackingTables {

    public static final String SCHEMA = "ctsync";
    public static final String REGISTRY = SCHEMA + ".tracked_tables";

    private TrackingTables() {
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The tracking table of a source table: {@code ctsync."schema.table"}. */
    public static String trackingTable(TableName table) {
        return SCHEMA + "." + quote(table.schema() + "." + table.table());
    }

    public static String keyJoin(List<String> key, String left, String right) {
        return key.stream().map(k -> left + "." + quote(k) + " = " + right + "." + quote(k)).collect(Collectors.joining(" AND "));
    }

    public static String indexName(TableName table, String suffix) {
        return table.schema() + "." + table.table() + "$" + suffix;
    }

    /** Tracking rows not written under the context that is the one parameter. */
    static String notOwnContext() {
        return "(ct.ctsync_context IS NULL OR ct.ctsync_context <> ?)";
    }

    @SafeVarargs
    public static List<Object> concat(List<Object>... lists) {
        List<Object> all = new ArrayList<>();
        for (List<Object> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
