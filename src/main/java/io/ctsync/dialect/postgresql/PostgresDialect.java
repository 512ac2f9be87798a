package io.ctsync.dialect.postgresql;

import io.ctsync.dialect.BulkLoad;
import io.ctsync.values.ColumnTypes;
import io.ctsync.dialect.Dialect;
import io.ctsync.dialect.InstalledTracking;
import io.ctsync.dialect.Query;
import io.ctsync.dialect.ScratchTable;
import io.ctsync.dialect.TableInfo;
import io.ctsync.dialect.TrackingSurvey;
import io.ctsync.dialect.TargetShape;
import io.ctsync.dialect.Window;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL. Versions are 64-bit transaction ids, which commit out of order; so a window is
 * bounded by snapshots, not by numbers: it holds the changes that the cycle's snapshot sees and
 * the previous cycle's snapshot did not ({@code pg_visible_in_snapshot}). A transaction still
 * open at the read, whatever its id, is invisible to that snapshot and lands in a later window;
 * an unrelated long transaction elsewhere on the server delays nothing. The version numbers
 * shown in manifests are the snapshots' xmax minus one. Triggers are statement-level with
 * transition tables, so a bulk change costs a few set operations, not a function call per row.
 */
public final class PostgresDialect extends InstalledTracking {

    private static final String VERSION = "pg_current_xact_id()::text::bigint";
    private static final String CONTEXT = "current_setting('ctsync.context', true)";
    /** Every transaction id below the snapshot's xmin has finished; a later commit has a higher id. */
    private static final String COMMITTED_VERSION = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1";
    private static final int MAX_IDENTIFIER_BYTES = 63;
    private static final int VERSION_BUCKET_BITS = 10;
    private static final String NEW_CREATION = ", ctsync_creation_version = excluded.ctsync_creation_version";
    private static final String IDENTITY = "SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || oid::text"
            + " FROM pg_database WHERE datname = current_database()";

    private static final ColumnTypes TYPES = new PostgresTypes();
    private static final Pattern SNAPSHOT_TOKEN = Pattern.compile("[0-9A-F]+(-[0-9A-F]+)*");

    private final BulkLoad bulk = new PostgresBulkLoad(this);

    @Override
    public ColumnTypes types() {
        return TYPES;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public long openSnapshot(Connection connection) throws SQLException {
        beginConsistentRead(connection);
        return Query.number(connection, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 1");
    }

    /** The transaction's snapshot, exported: valid while the cycle's transaction stays open. */
    @Override
    public Optional<String> shareSnapshot(Connection connection) throws SQLException {
        return Optional.of(Query.text(connection, "SELECT pg_export_snapshot()"));
    }

    /** {@code SET TRANSACTION SNAPSHOT} must be the transaction's first statement, and takes no parameter: the token is checked. */
    @Override
    public void joinSnapshot(Connection connection, String token) throws SQLException {
        if (!SNAPSHOT_TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL snapshot name: " + token);
        }
        beginConsistentRead(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION SNAPSHOT " + literal(token));
        }
    }

    /**
     * The cluster's system identifier (new for every initdb, so a dump restored elsewhere has
     * another) and the database's oid (new when the database is dropped and created again).
     */
    @Override
    public String databaseIdentity(Connection connection) throws SQLException {
        return Query.text(connection, IDENTITY);
    }

    /**
     * The statement's own snapshot, read once in a WITH clause: outside a transaction the survey's
     * every table is read in it, and inside the cycle's snapshot it is that snapshot.
     */
    @Override
    protected SurveyHeader surveyHeader(Long atVersion) {
        return new SurveyHeader("WITH s AS (SELECT pg_current_snapshot() AS snapshot, (" + IDENTITY + ") AS identity) ",
                "pg_snapshot_xmax(s.snapshot)::text::bigint - 1", "s.snapshot::text", "s.identity", " FROM s", List.of());
    }

    /** Ids the last snapshot did not see: at or above its xmax, or in progress when it was taken. */
    @Override
    protected Condition changedSince(TrackingSurvey.Since since) {
        Snapshot from = Snapshot.from(since.version(), since.position());
        Condition floor = versionAtLeast(from.xmin());
        return new Condition(floor.sql() + " AND (ct.ctsync_version >= ? OR NOT " + visible("ct.ctsync_version") + ")",
                parameters(floor.parameters(), List.of(from.xmax(), from.text())));
    }

    @Override
    public String snapshotPosition(Connection connection) throws SQLException {
        return Query.text(connection, "SELECT pg_current_snapshot()::text");
    }

    /** Ids below the snapshot's xmin had all finished when it was taken; above it some may still have been open. */
    @Override
    public long completeUpTo(long version, String position) {
        return position == null ? version : Snapshot.parse(position).xmin() - 1;
    }

    /**
     * A transaction elsewhere on the server that took its id before the changes a cleanup dropped,
     * and is still open when a later snapshot is taken, holds that snapshot's xmin below the min
     * valid version, although the cleanup had committed before it. So the transaction that last
     * wrote the registry row (its {@code xmin}: the cleanup or TRUNCATE that raised the min valid
     * version) is looked up in the snapshot itself.
     */
    @Override
    public boolean minValidRaisedBefore(Connection connection, TableName table, String position) throws SQLException {
        if (position == null) {
            return false;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT xmin::text::bigint FROM " + REGISTRY + " WHERE schema_name = ? AND table_name = ?")) {
            select.setString(1, table.schema());
            select.setString(2, table.table());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && Snapshot.parse(position).sees(rs.getLong(1));
            }
        }
    }

    /**
     * Visible in the window's snapshot and not in the previous one. The range tests come first so
     * that the visibility functions run only for ids that were in flight at either read.
     */
    @Override
    protected Condition changedInWindow(Window window) {
        if (window.toPosition() == null) {
            return super.changedInWindow(window);
        }
        Snapshot from = Snapshot.from(window);
        Snapshot to = Snapshot.parse(window.toPosition());
        Condition floor = versionAtLeast(from.xmin());
        return new Condition(floor.sql() + " AND ct.ctsync_version < ?"
                + " AND (ct.ctsync_version >= ? OR NOT " + visible("ct.ctsync_version") + ")"
                + " AND (ct.ctsync_version < ? OR " + visible("ct.ctsync_version") + ")",
                parameters(floor.parameters(), List.of(to.xmax(), from.xmax(), from.text(), to.xmin(), to.text())));
    }

    /** Created by a transaction the previous snapshot did not see. */
    @Override
    protected Condition createdInWindow(Window window) {
        if (window.toPosition() == null) {
            return super.createdInWindow(window);
        }
        Snapshot from = Snapshot.from(window);
        return new Condition("(ct.ctsync_creation_version >= ? OR NOT " + visible("ct.ctsync_creation_version") + ")",
                List.of(from.xmax(), from.text()));
    }

    /**
     * The version's index is on its bucket, {@code ctsync_version >> 10}, not on the version: an
     * update that leaves every indexed column as it was is a HOT update, which writes no index
     * entry and whose old row versions are pruned from the page without a vacuum. A key changed
     * again within 1,024 transaction ids (a counter, a status row, every row a busy table keeps
     * touching) stays in its bucket; a read ranges over the buckets, then tests the version.
     */
    @Override
    protected List<String> versionIndexStatements(TableInfo table) {
        String tracking = trackingTable(table.name());
        return List.of("ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_version_bucket BIGINT"
                        + " GENERATED ALWAYS AS (ctsync_version >> " + VERSION_BUCKET_BITS + ") STORED",
                "CREATE INDEX IF NOT EXISTS " + quote(indexName(table.name(), "bucket")) + " ON " + tracking + " (ctsync_version_bucket)",
                // an index on the version itself would make every update of a tracking row write index entries
                "DROP INDEX IF EXISTS " + SCHEMA + "." + quote(indexName(table.name(), "version")));
    }

    @Override
    protected Condition versionAtLeast(long version) {
        return new Condition("ct.ctsync_version_bucket >= ? AND ct.ctsync_version >= ?", List.of(version >> VERSION_BUCKET_BITS, version));
    }

    private static String visible(String version) {
        return "pg_visible_in_snapshot(" + version + "::text::xid8, CAST(? AS pg_snapshot))";
    }

    /** The "C" collation sorts by bytes, which in UTF-8 is code point order; the database's default collation sorts by language. */
    @Override
    public String codePointOrder(String quotedColumn) {
        return quotedColumn + " COLLATE \"C\"";
    }

    @Override
    public void beginConsistentRead(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            // money prints in lc_monetary's format: the C locale's is the one PostgresTypes reads back as a number.
            // For the session, set outside a transaction, so that the transaction below starts with its first read
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET lc_monetary TO 'C'");
            }
        }
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
    }

    @Override
    public OptionalLong committedVersion(Connection connection) throws SQLException {
        // transaction ids exist whether or not a table is tracked
        return OptionalLong.of(Query.number(connection, COMMITTED_VERSION));
    }

    @Override
    public String upsert(TargetShape table, List<String> columns, List<String> key, int rows) {
        // each parameter is cast to its column's type (PostgresTypes), which INSERT and a VALUES list alike then read it as
        return upsertInto(table, columns, key, "VALUES " + Dialect.parameterRows(parameters(table.columnsNamed(columns)), rows));
    }

    /** The upsert by key into {@code columns} of the table of the rows of {@code rows}: a VALUES list, or a SELECT (the bulk path). */
    String upsertInto(TargetShape table, List<String> columns, List<String> key, String rows) {
        List<String> others = columns.stream().filter(c -> !key.contains(c) && !table.identity().contains(c)).toList();
        String onConflict = others.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + others.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
        // a GENERATED ALWAYS identity takes a written value only when the INSERT says so
        String overriding = table.writesIdentity(columns) ? " OVERRIDING SYSTEM VALUE" : "";
        return "INSERT INTO " + table(table.name()) + " (" + columnList(null, columns) + ")" + overriding + " " + rows
                + " ON CONFLICT (" + columnList(null, key) + ") " + onConflict;
    }

    /** COPY into a temporary table from {@code minimumRows} rows on (README.md "Import"); fewer go as multi-row statements. */
    @Override
    public Optional<BulkLoad> bulkLoad(long rows, int minimumRows) {
        return rows >= minimumRows ? Optional.of(bulk) : Optional.empty();
    }

    @Override
    public ScratchTable keyTable(int number, TableName like, List<String> key) {
        String name = quote("ctsync_keys_" + number);
        return new ScratchTable(name, List.of("CREATE TEMP TABLE " + name + " ON COMMIT DROP AS SELECT " + columnList(null, key)
                + " FROM " + table(like) + " WITH NO DATA"));
    }

    @Override
    public void beginWriting(Connection connection, String context) throws SQLException {
        // transaction-local: the setting ends with the transaction, whichever way it ends
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('ctsync.context', ?, true)")) {
            statement.setString(1, context);
            statement.execute();
        }
    }

    @Override
    public void endWriting(Connection connection) {
        // nothing to undo: set_config(..., true) lasts only as long as the transaction
    }

    @Override
    public void deferConstraints(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET CONSTRAINTS ALL DEFERRED");
        }
    }

    /**
     * From the server's error fields, which name the constraint and table and carry the key in
     * their detail; a batch's own message, which quotes the statement, is passed over.
     */
    @Override
    public Optional<String> foreignKeyViolation(SQLException failure) {
        Optional<ServerErrorMessage> server = Dialect.causes(failure).stream()
                .filter(e -> e instanceof PSQLException psql && psql.getServerErrorMessage() != null && "23503".equals(e.getSQLState()))
                .map(e -> ((PSQLException) e).getServerErrorMessage()).findFirst();
        if (server.isEmpty()) {
            return super.foreignKeyViolation(failure);
        }
        ServerErrorMessage message = server.get();
        return Optional.of("foreign key " + message.getConstraint() + " violated on " + message.getSchema() + "." + message.getTable()
                + (message.getDetail() == null ? "" : ": " + Dialect.firstLine(message.getDetail())));
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
