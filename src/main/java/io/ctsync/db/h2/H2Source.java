package io.ctsync.db.h2;

import io.ctsync.db.installed.Condition;
import io.ctsync.config.TableName;
import io.ctsync.db.Query;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.db.installed.InstalledSource;
import io.ctsync.db.installed.VersionIndex;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Capture from H2: a window is bounded by the clock's versions (see {@link H2Sql}). */
final class H2Source extends InstalledSource implements H2Sql {

    H2Source() {
        super(VersionIndex.PLAIN);
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

    /** The tables' columns in the standard {@code information_schema}, hashed together. */
    @Override
    protected Condition shapeFingerprint(List<TableName> tables) {
        List<Object> names = new java.util.ArrayList<>();
        tables.forEach(t -> {
            names.add(t.schema());
            names.add(t.table());
        });
        return new Condition("SELECT RAWTOHEX(HASH('SHA-256', LISTAGG(c.table_schema || '.' || c.table_name || ' ' || c.column_name || ' '"
                + " || c.data_type || ' ' || COALESCE(c.character_maximum_length, c.numeric_precision, c.datetime_precision, 0) || ' '"
                + " || COALESCE(c.numeric_scale, 0) || ' ' || c.is_nullable, ',')"
                + " WITHIN GROUP (ORDER BY c.table_schema, c.table_name, c.ordinal_position)))"
                + " FROM information_schema.columns c WHERE (c.table_schema, c.table_name) IN ("
                + String.join(", ", java.util.Collections.nCopies(tables.size(), "(?, ?)")) + ")", names);
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
}
