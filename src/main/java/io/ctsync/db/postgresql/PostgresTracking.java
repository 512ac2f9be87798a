package io.ctsync.db.postgresql;

import io.ctsync.config.ConfigException;
import io.ctsync.db.TableInfo;
import io.ctsync.db.installed.InstalledTracking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.ctsync.db.installed.TrackingTables.REGISTRY;
import static io.ctsync.db.installed.TrackingTables.SCHEMA;
import static io.ctsync.db.installed.TrackingTables.literal;
import static io.ctsync.db.installed.TrackingTables.trackingTable;

/**
 * ctsync's tracking on PostgreSQL. Triggers are statement-level with transition tables, so a bulk
 * change costs a few set operations, not a function call per row.
 */
final class PostgresTracking extends InstalledTracking implements PostgresSql {

    private static final String VERSION = "pg_current_xact_id()::text::bigint";
    private static final String CONTEXT = "current_setting('ctsync.context', true)";
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final String NEW_CREATION = ", ctsync_creation_version = excluded.ctsync_creation_version";

    PostgresTracking() {
        super(new PostgresVersionIndex());
    }

    @Override
    public List<String> enableTracking(TableInfo table) {
        String base = table.name().schema() + "." + table.name().table();
        if ((base + "$truncate").getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new ConfigException("ctsync.tables", "the name " + base + " is too long for PostgreSQL's tracking objects",
                    "keep schema and table name together under 54 bytes");
        }
        String tracking = trackingTable(table.name());
        String source = table(table.name());
        String keys = columnList(null, table.key());
        String newKeys = columnList("n", table.key());
        String oldKeys = columnList("o", table.key());
        String columns = keys + ", ctsync_version, ctsync_creation_version, ctsync_operation, ctsync_context, ctsync_changed_at";

        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        statements.add(registryStatement("TIMESTAMPTZ"));
        statements.addAll(trackingTableStatements(table, "BIGINT", "TIMESTAMPTZ"));

        statements.add(function(base + "$insert",
                "INSERT INTO " + tracking + " AS ct (" + columns + ") SELECT " + newKeys + ", " + VERSION + ", " + VERSION
                        + ", 'I', " + CONTEXT + ", now() FROM ctsync_new n" + trackingUpsert(keys, NEW_CREATION) + ";"));
        // every updated row is an update that keeps its creation version; no join over the transition tables,
        // whose missing statistics would make the planner pick a nested loop on big statements ...
        statements.add(function(base + "$update",
                "INSERT INTO " + tracking + " AS ct (" + columns + ") SELECT " + newKeys + ", " + VERSION + ", NULL, 'U', "
                        + CONTEXT + ", now() FROM ctsync_new n" + trackingUpsert(keys, "") + ";"));
        // ... and the rare update of a key column is caught row by row before it: the old key is deleted, the new one inserted
        String oldRow = table.key().stream().map(k -> "OLD." + quote(k)).collect(Collectors.joining(", "));
        String newRow = table.key().stream().map(k -> "NEW." + quote(k)).collect(Collectors.joining(", "));
        statements.add(function(base + "$rekey",
                "INSERT INTO " + tracking + " AS ct (" + columns + ") VALUES (" + oldRow + ", " + VERSION + ", NULL, 'D', "
                        + CONTEXT + ", now())" + trackingUpsert(keys, "") + ";\n"
                        + "INSERT INTO " + tracking + " AS ct (" + columns + ") VALUES (" + newRow + ", " + VERSION + ", " + VERSION
                        + ", 'I', " + CONTEXT + ", now())" + trackingUpsert(keys, NEW_CREATION) + ";"));
        statements.add(function(base + "$delete",
                "INSERT INTO " + tracking + " AS ct (" + columns + ") SELECT " + oldKeys + ", " + VERSION + ", NULL, 'D', "
                        + CONTEXT + ", now() FROM ctsync_old o" + trackingUpsert(keys, "") + ";"));
        // TRUNCATE records no rows: it invalidates the history instead, so the next cycle sends a full content
        statements.add(function(base + "$truncate",
                "DELETE FROM " + tracking + ";\nUPDATE " + REGISTRY + " SET min_valid_version = " + VERSION
                        + " WHERE schema_name = " + literal(table.name().schema()) + " AND table_name = "
                        + literal(table.name().table()) + ";"));

        statements.add("CREATE OR REPLACE TRIGGER ctsync_track_insert AFTER INSERT ON " + source
                + " REFERENCING NEW TABLE AS ctsync_new FOR EACH STATEMENT EXECUTE FUNCTION " + functionName(base + "$insert") + "()");
        // the new rows alone: each transition table is a copy of the rows that every update statement pays for
        statements.add("CREATE OR REPLACE TRIGGER ctsync_track_update AFTER UPDATE ON " + source
                + " REFERENCING NEW TABLE AS ctsync_new FOR EACH STATEMENT EXECUTE FUNCTION "
                + functionName(base + "$update") + "()");
        statements.add("CREATE OR REPLACE TRIGGER ctsync_track_rekey AFTER UPDATE OF " + keys + " ON " + source
                + " FOR EACH ROW WHEN ((" + oldRow + ") IS DISTINCT FROM (" + newRow + ")) EXECUTE FUNCTION "
                + functionName(base + "$rekey") + "()");
        statements.add("CREATE OR REPLACE TRIGGER ctsync_track_delete AFTER DELETE ON " + source
                + " REFERENCING OLD TABLE AS ctsync_old FOR EACH STATEMENT EXECUTE FUNCTION " + functionName(base + "$delete") + "()");
        statements.add("CREATE OR REPLACE TRIGGER ctsync_track_truncate AFTER TRUNCATE ON " + source
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + functionName(base + "$truncate") + "()");
        return statements;
    }

    /**
     * A key's tracking row takes the change's version, operation, context and time, and with
     * {@code creation} its creation version too; a row that already says the same (the key
     * changed again by the same transaction) is left as it is rather than written again.
     */
    private static String trackingUpsert(String keys, String creation) {
        return " ON CONFLICT (" + keys + ") DO UPDATE SET ctsync_version = excluded.ctsync_version,"
                + " ctsync_operation = excluded.ctsync_operation, ctsync_context = excluded.ctsync_context,"
                + " ctsync_changed_at = excluded.ctsync_changed_at" + creation
                + " WHERE (ct.ctsync_version, ct.ctsync_operation, ct.ctsync_context)"
                + " IS DISTINCT FROM (excluded.ctsync_version, excluded.ctsync_operation, excluded.ctsync_context)";
    }

    private String functionName(String name) {
        return SCHEMA + "." + quote(name);
    }

    private String function(String name, String body) {
        return "CREATE OR REPLACE FUNCTION " + functionName(name) + "() RETURNS trigger LANGUAGE plpgsql AS $ctsync$\nBEGIN\n"
                + body + "\nRETURN NULL;\nEND\n$ctsync$";
    }
}
