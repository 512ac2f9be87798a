package io.ctsync.dialect;

import io.ctsync.values.Column;
import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The change tracking that ctsync installs itself where the database has none (PostgreSQL, H2),
 * with SQL Server's semantics: per table a tracking table in schema {@code ctsync} holding one
 * row per key with the last operation, its version, the key's creation version and the writer's
 * context; and a registry {@code ctsync.tracked_tables} with each table's min valid version.
 * Subclasses supply the version source, the triggers and the snapshot. The SQL that PostgreSQL and
 * H2 share for writing to a target (the import log, local changes from the tracking table) is here too.
 */
public abstract class InstalledTracking implements SqlDialect {

    public static final String SCHEMA = "ctsync";
    protected static final String REGISTRY = SCHEMA + ".tracked_tables";

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    protected static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** The tracking table of a source table: {@code ctsync."schema.table"}. */
    public String trackingTable(TableName table) {
        return SCHEMA + "." + quote(table.schema() + "." + table.table());
    }

    protected String keyJoin(List<String> key, String left, String right) {
        return key.stream().map(k -> left + "." + quote(k) + " = " + right + "." + quote(k)).collect(Collectors.joining(" AND "));
    }

    /**
     * Statements, all idempotent, that create the tracking table of a source table, then those of
     * {@link #versionIndexStatements} that let a cycle find the rows changed since its last read.
     */
    protected List<String> trackingTableStatements(TableInfo table, String versionType, String timestampType) {
        List<String> statements = new java.util.ArrayList<>(tableStatements(table, versionType, timestampType));
        statements.addAll(versionIndexStatements(table));
        return statements;
    }

    /** An index on the version, which {@link #versionAtLeast} reads. */
    protected List<String> versionIndexStatements(TableInfo table) {
        return List.of("CREATE INDEX IF NOT EXISTS " + quote(indexName(table.name(), "version")) + " ON " + trackingTable(table.name())
                + " (ctsync_version)");
    }

    /** The tracking rows (alias {@code ct}) whose version is at least the given one, in a form their index finds. */
    protected Condition versionAtLeast(long version) {
        return new Condition("ct.ctsync_version >= ?", List.of(version));
    }

    private List<String> tableStatements(TableInfo table, String versionType, String timestampType) {
        String tracking = trackingTable(table.name());
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + tracking + " AS SELECT " + columnList(null, table.key())
                        + " FROM " + table(table.name()) + " WITH NO DATA",
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_version " + versionType,
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_creation_version " + versionType,
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_operation CHAR(1)",
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_context VARCHAR(128)",
                "ALTER TABLE " + tracking + " ADD COLUMN IF NOT EXISTS ctsync_changed_at " + timestampType,
                "CREATE UNIQUE INDEX IF NOT EXISTS " + quote(indexName(table.name(), "key")) + " ON " + tracking
                        + " (" + columnList(null, table.key()) + ")",
                "INSERT INTO " + REGISTRY + " (schema_name, table_name, min_valid_version) SELECT "
                        + literal(table.name().schema()) + ", " + literal(table.name().table()) + ", 0 WHERE NOT EXISTS (SELECT 1 FROM "
                        + REGISTRY + " WHERE schema_name = " + literal(table.name().schema()) + " AND table_name = "
                        + literal(table.name().table()) + ")");
    }

    protected String registryStatement(String timestampType) {
        return "CREATE TABLE IF NOT EXISTS " + REGISTRY + " (schema_name VARCHAR(128) NOT NULL, table_name VARCHAR(128) NOT NULL,"
                + " min_valid_version BIGINT NOT NULL, enabled_at " + timestampType + " DEFAULT CURRENT_TIMESTAMP,"
                + " PRIMARY KEY (schema_name, table_name))";
    }

    protected String indexName(TableName table, String suffix) {
        return table.schema() + "." + table.table() + "$" + suffix;
    }

    /**
     * Generated columns ({@code GENERATED ALWAYS AS (...)}) and {@code GENERATED ALWAYS} identity
     * columns from the standard {@code information_schema.columns}; a {@code BY DEFAULT} identity
     * takes written values like any column.
     */
    @Override
    public TargetShape describeTarget(Connection connection, TableName name) throws SQLException {
        Set<String> generated = new HashSet<>();
        Set<String> identity = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT column_name, is_generated, identity_generation"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            select.setString(1, name.schema());
            select.setString(2, name.table());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if ("ALWAYS".equalsIgnoreCase(rs.getString(2))) {
                        generated.add(rs.getString(1));
                    } else if ("ALWAYS".equalsIgnoreCase(rs.getString(3))) {
                        identity.add(rs.getString(1));
                    }
                }
            }
        }
        return new TargetShape(name, Catalog.columns(connection, name), generated, identity);
    }

    @Override
    public OptionalLong minValidVersion(Connection connection, TableName table) throws SQLException {
        if (Catalog.columns(connection, new TableName(SCHEMA, "tracked_tables")).isEmpty()) {
            return OptionalLong.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT min_valid_version FROM " + REGISTRY + " WHERE schema_name = ? AND table_name = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** A piece of SQL with its parameters. */
    public record Condition(String sql, List<Object> parameters) {

        Condition map(java.util.function.UnaryOperator<String> wrap) {
            return new Condition(wrap.apply(sql), parameters);
        }
    }

    /**
     * What the survey reads besides the tables: a prefix (a WITH clause, or empty), the version,
     * position and identity expressions and the FROM clause each table's row selects them from.
     */
    public record SurveyHeader(String with, String version, String position, String identity, String from, List<Object> parameters) {
    }

    protected abstract SurveyHeader surveyHeader(Long atVersion);

    /** Tracking rows newer than the table's last read; they may still fall outside the coming window, never the reverse. */
    protected Condition changedSince(TrackingSurvey.Since since) {
        return versionAtLeast(since.version() + 1);
    }

    /**
     * Per table a row with its min valid version from the registry and whether its tracking table
     * holds a row newer than the last read: an index range on {@code ctsync_version} that finds
     * nothing when the table is quiet.
     */
    @Override
    public Query trackingSurvey(List<TrackingSurvey.Since> tables, Long atVersion) {
        SurveyHeader header = surveyHeader(atVersion);
        List<String> rows = new java.util.ArrayList<>();
        List<Object> parameters = new java.util.ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            TrackingSurvey.Since since = tables.get(i);
            Condition changed = since.version() == null ? new Condition("TRUE", List.of())
                    : changedSince(since).map(c -> "EXISTS (SELECT 1 FROM " + trackingTable(since.table()) + " ct WHERE " + c + ")");
            rows.add("SELECT " + (i + 1) + ", " + header.version() + ", " + header.position() + ", " + header.identity()
                    + ", (SELECT r.min_valid_version FROM " + REGISTRY + " r WHERE r.schema_name = ? AND r.table_name = ?), "
                    + changed.sql() + header.from());
            parameters.addAll(header.parameters());
            parameters.add(since.table().schema());
            parameters.add(since.table().table());
            parameters.addAll(changed.parameters());
        }
        return new Query(header.with() + String.join(" UNION ALL ", rows), parameters);
    }

    /** The tracking rows whose last change falls in the window. */
    protected Condition changedInWindow(Window window) {
        Condition from = versionAtLeast(window.fromVersion() + 1);
        return new Condition(from.sql() + " AND ct.ctsync_version <= ?", parameters(from.parameters(), List.of(window.toVersion())));
    }

    /** The keys created after the window's start: their net change is an insert. */
    protected Condition createdInWindow(Window window) {
        return new Condition("ct.ctsync_creation_version > ?", List.of(window.fromVersion()));
    }

    @Override
    public Query changeCounts(TableInfo table, Window window, String context) {
        Condition created = createdInWindow(window);
        Condition changed = changedInWindow(window);
        String sql = "SELECT"
                + " COALESCE(SUM(CASE WHEN ct.ctsync_operation <> 'D' AND " + created.sql() + " THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN ct.ctsync_operation <> 'D' AND NOT (" + created.sql() + ") THEN 1"
                + " WHEN ct.ctsync_operation <> 'D' AND ct.ctsync_creation_version IS NULL THEN 1 ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN ct.ctsync_operation = 'D' THEN 1 ELSE 0 END), 0)"
                + " FROM " + trackingTable(table.name()) + " ct WHERE " + changed.sql() + " AND " + notOwnContext();
        return new Query(sql, parameters(created.parameters(), created.parameters(), changed.parameters(), List.of(context)));
    }

    @Override
    public Query changes(TableInfo table, Window window, String context) {
        Condition created = createdInWindow(window);
        Condition changed = changedInWindow(window);
        List<String> columns = table.columns().stream().map(Column::name).toList();
        String sql = "SELECT " + operation(created) + ", "
                + columnList("ct", table.key()) + ", " + columnList("s", columns)
                + " FROM " + trackingTable(table.name()) + " ct LEFT JOIN " + table(table.name()) + " s ON "
                + keyJoin(table.key(), "s", "ct") + " WHERE " + changed.sql() + " AND " + notOwnContext();
        return new Query(sql, parameters(created.parameters(), changed.parameters(), List.of(context)));
    }

    /** The operations are told apart by the very expression that names them, so that the parts add up to the whole. */
    @Override
    public Query changes(TableInfo table, Window window, String context, List<String> operations) {
        Query all = changes(table, window, context);
        Condition created = createdInWindow(window);
        String placeholders = String.join(", ", java.util.Collections.nCopies(operations.size(), "?"));
        return new Query(all.sql() + " AND " + operation(created) + " IN (" + placeholders + ")",
                parameters(all.parameters(), created.parameters(), List.copyOf(operations)));
    }

    /** A tracking row's net operation in the window: D, or I for a key created in it, else U. */
    private static String operation(Condition created) {
        return "CASE WHEN ct.ctsync_operation = 'D' THEN 'D' WHEN " + created.sql() + " THEN 'I' ELSE 'U' END";
    }

    private static String notOwnContext() {
        return "(ct.ctsync_context IS NULL OR ct.ctsync_context <> ?)";
    }

    @SafeVarargs
    protected static List<Object> parameters(List<Object>... lists) {
        List<Object> all = new java.util.ArrayList<>();
        for (List<Object> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    @Override
    public void createImportLog(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS ctsync_import_log (application VARCHAR(128) NOT NULL,"
                    + " source VARCHAR(128) NOT NULL, destination VARCHAR(128) NOT NULL, sequence BIGINT NOT NULL,"
                    + " status VARCHAR(16) NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL, deleted BIGINT NOT NULL,"
                    + " conflicts BIGINT NOT NULL, target_version BIGINT, error VARCHAR(4000),"
                    + " imported_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (application, source, destination, sequence))");
        }
    }

    @Override
    public Query changedSince(TableName table, List<String> key, long version, String context) {
        Condition changed = versionAtLeast(version + 1);
        return new Query("SELECT " + columnList("ct", key) + " FROM " + trackingTable(table) + " ct"
                + " WHERE " + changed.sql() + " AND " + notOwnContext(), parameters(changed.parameters(), List.of(context)));
    }

    @Override
    public void cleanupTracking(Connection connection, TableName table, Instant olderThan) throws SQLException {
        String tracking = trackingTable(table);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long horizon;
            try (PreparedStatement max = connection.prepareStatement(
                    "SELECT MAX(ctsync_version) FROM " + tracking + " WHERE ctsync_changed_at < ?")) {
                max.setObject(1, OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC));
                try (ResultSet rs = max.executeQuery()) {
                    rs.next();
                    horizon = rs.getLong(1);
                    if (rs.wasNull()) {
                        connection.rollback();
                        return;
                    }
                }
            }
            // versions follow transaction ids, not wall time: drop everything up to the newest expired version
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tracking + " WHERE ctsync_version <= ?")) {
                delete.setLong(1, horizon);
                delete.executeUpdate();
            }
            try (PreparedStatement raise = connection.prepareStatement("UPDATE " + REGISTRY
                    + " SET min_valid_version = ? WHERE schema_name = ? AND table_name = ? AND min_valid_version < ?")) {
                raise.setLong(1, horizon);
                raise.setString(2, table.schema());
                raise.setString(3, table.table());
                raise.setLong(4, horizon);
                raise.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
