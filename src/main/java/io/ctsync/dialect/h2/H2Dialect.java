package io.ctsync.dialect.h2;

import io.ctsync.values.ColumnTypes;
import io.ctsync.dialect.Dialect;
import io.ctsync.dialect.Catalog;
import io.ctsync.dialect.InstalledTracking;
import io.ctsync.dialect.Query;
import io.ctsync.dialect.ScratchTable;
import io.ctsync.dialect.TableInfo;
import io.ctsync.dialect.TrackingSurvey;
import io.ctsync.dialect.TargetShape;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * H2, for the demo and for tests. Versions come from one clock row, {@code ctsync.clock}, that
 * every tracked write increments and keeps locked until it commits; a cycle reads the clock
 * with {@code FOR UPDATE}, which waits for those writers, so every version at or below the
 * value it reads is committed, and later writers get higher versions. Writers are serialised
 * on the clock: fine for a demo database, and the reason H2 is not offered for production.
 */
public final class H2Dialect extends InstalledTracking {

    static final String CLOCK = SCHEMA + ".clock";
    /** H2's JDBC code for SNAPSHOT isolation: one consistent view over all tables. */
    private static final int SNAPSHOT_ISOLATION = 6;
    /** H2's error codes for a foreign key violation: the referenced row is missing, or a row still references it. */
    private static final int PARENT_MISSING = 23506;
    private static final int CHILD_EXISTS = 23503;

    private static final ColumnTypes TYPES = new H2Types();

    @Override
    public ColumnTypes types() {
        return TYPES;
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public long openSnapshot(Connection connection) throws SQLException {
        long version = committedClock(connection);
        beginConsistentRead(connection);
        return version;
    }

    /** The clock read with FOR UPDATE, which waits for the writers holding it: every version at or below it is committed. */
    private static long committedClock(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        long version;
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCK_TIMEOUT 30000");
            try (ResultSet rs = statement.executeQuery("SELECT version FROM " + CLOCK + " WHERE id = 1 FOR UPDATE")) {
                if (!rs.next()) {
                    throw new SQLException("the tracking clock " + CLOCK + " is empty; run --enable-tracking");
                }
                version = rs.getLong(1);
            }
        }
        connection.commit();
        return version;
    }

    /** Outside the cycle's snapshot the clock is read first: a tracking row the survey then sees above it only counts as a change. */
    @Override
    public TrackingSurvey surveyTracking(Connection connection, List<TrackingSurvey.Since> tables, Long atVersion) throws SQLException {
        if (atVersion != null) {
            return super.surveyTracking(connection, tables, atVersion);
        }
        long version = committedClock(connection);
        connection.setAutoCommit(true);
        return super.surveyTracking(connection, tables, version);
    }

    @Override
    protected SurveyHeader surveyHeader(Long atVersion) {
        return new SurveyHeader("", "CAST(? AS BIGINT)", "CAST(NULL AS VARCHAR)", "CURRENT_CATALOG", "", List.of(atVersion));
    }

    /** The database's name: H2 serves the demo and tests, where nothing restores a database under the same name. */
    @Override
    public String databaseIdentity(Connection connection) throws SQLException {
        return Query.text(connection, "SELECT CURRENT_CATALOG");
    }

    /** H2 sorts text like String.compareTo, by UTF-16 unit; its UTF-8 bytes, compared unsigned, sort by code point. */
    @Override
    public String codePointOrder(String quotedColumn) {
        return "CAST(" + quotedColumn + " AS VARBINARY)";
    }

    @Override
    public void beginConsistentRead(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(SNAPSHOT_ISOLATION);
        connection.setReadOnly(true);
    }

    @Override
    public OptionalLong committedVersion(Connection connection) throws SQLException {
        if (Catalog.columns(connection, new TableName(SCHEMA, "clock")).isEmpty()) {
            return OptionalLong.empty();
        }
        // read committed: a writer holding the clock has not committed, and its version will be higher
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version FROM " + CLOCK + " WHERE id = 1")) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    @Override
    public String upsert(TargetShape table, List<String> columns, List<String> key, int rows) {
        return "MERGE INTO " + table(table.name()) + " (" + columnList(null, columns) + ") KEY (" + columnList(null, key) + ") VALUES "
                + Dialect.parameterRows(parameters(table.columnsNamed(columns)), rows);
    }

    @Override
    public ScratchTable keyTable(int number, TableName like, List<String> key) {
        // H2 commits on DDL, hence the contract that these run before the transaction writes anything
        String name = quote("ctsync_keys_" + number);
        return new ScratchTable(name, List.of("DROP TABLE IF EXISTS " + name,
                "CREATE LOCAL TEMPORARY TABLE " + name + " AS SELECT " + columnList(null, key) + " FROM " + table(like) + " WITH NO DATA"));
    }

    @Override
    public void beginWriting(Connection connection, String context) throws SQLException {
        // the tracking trigger reads this session variable (H2TrackingTrigger)
        setContext(connection, context);
    }

    @Override
    public void endWriting(Connection connection) throws SQLException {
        // H2's session variables outlive transactions: clear it before the connection goes back to the pool
        setContext(connection, null);
    }

    private static void setContext(Connection connection, String context) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SET @ctsync_context = ?")) {
            statement.setString(1, context);
            statement.execute();
        }
    }

    /** H2's message names the constraint, both tables and the key; the statement that follows it is left out. */
    @Override
    public Optional<String> foreignKeyViolation(SQLException failure) {
        return Dialect.causes(failure).stream()
                .filter(e -> e.getErrorCode() == PARENT_MISSING || e.getErrorCode() == CHILD_EXISTS).findFirst()
                .map(e -> Dialect.firstLine(e.getMessage()).replaceFirst("; SQL statement:.*$", ""));
    }

    @Override
    public List<String> enableTracking(TableInfo table) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        statements.add("CREATE TABLE IF NOT EXISTS " + CLOCK + " (id INT PRIMARY KEY, version BIGINT NOT NULL)");
        statements.add("INSERT INTO " + CLOCK + " SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM " + CLOCK + ")");
        statements.add(registryStatement("TIMESTAMP WITH TIME ZONE"));
        statements.addAll(trackingTableStatements(table, "BIGINT", "TIMESTAMP WITH TIME ZONE"));
        for (String event : List.of("INSERT", "UPDATE", "DELETE")) {
            statements.add("CREATE TRIGGER IF NOT EXISTS " + quote(table.name().schema()) + "."
                    + quote("ctsync_track_" + event.toLowerCase(java.util.Locale.ROOT) + "_" + table.name().table())
                    + " AFTER " + event + " ON " + table(table.name()) + " FOR EACH ROW CALL "
                    + literal(H2TrackingTrigger.class.getName()));
        }
        return statements;
    }
}
