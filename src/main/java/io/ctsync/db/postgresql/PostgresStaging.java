package io.ctsync.db.postgresql;

import io.ctsync.db.ScratchTable;
import io.ctsync.db.Staging;
import io.ctsync.values.Column;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL's staging tables: {@code UNLOGGED} tables (no WAL, as the temporary work table; a
 * temporary table is its own session's alone) in the connection's current schema, named
 * {@code ctsync_stage_<server process id>_<number>}, so that a sweep can tell a dead import's tables
 * from a live one's by {@code pg_stat_activity}. Their columns are of the types the upsert casts
 * the work table's texts to, so that the staging connection's {@code COPY} reads each text by its
 * type's input (what the cast does) and the upsert's cast of a value of its own type costs nothing;
 * a column whose text the upsert reads otherwise (base64, money) stays text.
 */
final class PostgresStaging implements Staging {

    /** The staging connection's schema and server process, which its tables are named for. */
    private static final String WHO = "SELECT current_schema(), pg_backend_pid()";
    /**
     * This login's staging tables whose server process has ended. A process id the server gave again
     * to a new connection keeps its dead namesake's tables until a sweep after that connection ends.
     */
    private static final String LEFT_OVER = "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND c.relpersistence = 'u'"
            + " AND c.relname ~ '^ctsync_stage_[0-9]+_[0-9]+$' AND pg_get_userbyid(c.relowner) = current_user"
            + " AND split_part(c.relname, '_', 3)::int NOT IN (SELECT pid FROM pg_stat_activity)";

    private final PostgresTarget dialect;
    private final PostgresBulkLoad load;

    PostgresStaging(PostgresTarget dialect, PostgresBulkLoad load) {
        this.dialect = dialect;
        this.load = load;
    }

    @Override
    public ScratchTable table(Connection staging, int number, List<Column> columns) throws SQLException {
        String schema;
        int process;
        try (Statement statement = staging.createStatement(); ResultSet rs = statement.executeQuery(WHO)) {
            rs.next();
            schema = rs.getString(1);
            process = rs.getInt(2);
        }
        if (schema == null) {
            throw new SQLException("no schema to create ctsync's staging tables in: the search_path names none that exists");
        }
        String name = dialect.quote(schema) + "." + dialect.quote("ctsync_stage_" + process + "_" + number);
        return new ScratchTable(name, List.of("CREATE UNLOGGED TABLE " + name + " ("
                + columns.stream().map(c -> dialect.quote(c.name()) + " " + (load.readByItsInput(c) ? PostgresTypes.castType(c) : "text"))
                .collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public String drop(String stagingTable) {
        return "DROP TABLE IF EXISTS " + stagingTable;
    }

    @Override
    public int sweep(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(LEFT_OVER)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute(drop(table));
            }
        }
        return tables.size();
    }
}
