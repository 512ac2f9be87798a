package io.ctsync.db;

import io.ctsync.config.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one statement tells about the tracking of every table of a pipeline: the source's upper
 * version and snapshot position, its identity, and per table its min valid version (empty: not
 * tracked) and whether anything may have changed since the version last read. An idle cycle is
 * this one statement; a busy one does per-table work only for the tables that changed.
 */
public record TrackingSurvey(long version, String position, String identity, Map<TableName, Table> tables) {

    /**
     * Tables per statement: SQL Server's limit of rows in one VALUES list, and within the bound
     * parameters a statement may carry everywhere (SQL Server one per table, PostgreSQL five).
     */
    static final int TABLES_PER_STATEMENT = 1000;

    /** A table and the version and snapshot position it was last read up to (null version: never read). */
    public record Since(TableName table, Long version, String position) {
    }

    /**
     * One table's tracking; {@code changed} errs towards true: false only when no change can follow
     * the last read. {@code shape} stands for the columns in the catalog (null where the dialect has
     * none) of the table (SQL Server) or of all the statement's tables together (PostgreSQL, H2,
     * where one aggregate is cheaper than one per table) and changes with them: a table is
     * described again only when it differs.
     */
    public record Table(OptionalLong minValidVersion, boolean changed, String shape) {
    }

    public Table table(TableName name) {
        return tables.get(name);
    }

    /**
     * Runs the survey query of each chunk of tables and reads its rows: {@code (n, version,
     * position, identity, min valid version, changed, shape)}, n being the table's index in the chunk;
     * a NULL {@code changed} is decided by comparing versions. The first chunk's version holds:
     * a later chunk can only see more changes, never fewer.
     */
    static TrackingSurvey run(Connection connection, SourceDialect dialect, List<Since> tables, Long atVersion) throws SQLException {
        Long version = atVersion;
        String position = null;
        String identity = null;
        Map<TableName, Table> read = new HashMap<>();
        for (int from = 0; from < tables.size(); from += TABLES_PER_STATEMENT) {
            List<Since> chunk = tables.subList(from, Math.min(tables.size(), from + TABLES_PER_STATEMENT));
            try (PreparedStatement statement = dialect.trackingSurvey(chunk, atVersion).prepare(connection);
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (version == null) {
                        version = rs.getLong(2);
                    }
                    if (position == null) {
                        position = rs.getString(3);
                    }
                    identity = identity == null ? rs.getString(4) : identity;
                    Since since = chunk.get(rs.getInt(1) - 1);
                    long minValid = rs.getLong(5);
                    OptionalLong min = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(minValid);
                    boolean changed = rs.getBoolean(6);
                    if (rs.wasNull()) {
                        changed = since.version() == null || version > dialect.completeUpTo(since.version(), since.position());
                    }
                    read.put(since.table(), new Table(min, changed, rs.getString(7)));
                }
            }
        }
        return new TrackingSurvey(version == null ? 0 : version, position, identity, Map.copyOf(read));
    }
}
