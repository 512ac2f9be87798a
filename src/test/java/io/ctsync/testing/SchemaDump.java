package io.ctsync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every row of every table of one schema, as text, to compare before and after a run that must write nothing there. */
public final class SchemaDump {

    private SchemaDump() {
    }

    /** Table name to its rows, each row its columns' text joined, sorted; an absent schema has no tables. */
    public static Map<String, List<String>> of(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        Map<String, List<String>> dump = new TreeMap<>();
        for (String table : tables) {
            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT * FROM \"" + schema + "\".\"" + table + "\"")) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            Collections.sort(rows);
            dump.put(table, rows);
        }
        return dump;
    }

    /**
     * The tables of an H2 file database such as a test pipeline's state ({@link Pipelines}); none
     * when it was never created. AUTO_SERVER: a ctsync process that opened it the same way may hold it.
     */
    public static Map<String, List<String>> ofH2File(Path database) throws SQLException {
        if (!Files.exists(Path.of(database + ".mv.db"))) {
            return Map.of();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database + ";IFEXISTS=TRUE;AUTO_SERVER=TRUE")) {
            return of(connection, "PUBLIC");
        }
    }

    /**
     * Whether a refused run left the state database as it found it: absent, or holding its schema
     * (the schema version's one row) and no pipeline, job, intent or other row.
     */
    public static boolean stateUntouched(Path database) throws SQLException {
        return ofH2File(database).entrySet().stream()
                .allMatch(table -> table.getKey().equalsIgnoreCase("ctsync_state_version") || table.getValue().isEmpty());
    }

    public static Map<String, List<String>> of(TestDatabase db, String schema) throws SQLException {
        try (Connection connection = db.connect()) {
            return of(connection, schema);
        }
    }
}
