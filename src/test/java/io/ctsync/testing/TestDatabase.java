package io.ctsync.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, empty database for one test: a new PostgreSQL database on the local server
 * (scripts/ensure-postgres.sh starts it), or a new in-memory H2 database.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String PG_HOST = System.getProperty("ctsync.test.pg", "127.0.0.1:5432");
    public static final String PG_USER = "postgres";
    public static final String PG_PASSWORD = "postgres";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String kind;
    private final String url;
    private final String name;

    private TestDatabase(String kind, String url, String name) {
        this.kind = kind;
        this.url = url;
        this.name = name;
    }

    public static TestDatabase postgres() throws SQLException {
        return postgres("postgresql");
    }

    /**
     * A PostgreSQL database whose source role is captured from the write-ahead log
     * ({@code ctsync.capture=wal}); dropping it drops the pipeline's replication slot with it.
     */
    public static TestDatabase wal() throws SQLException {
        return postgres("wal");
    }

    private static TestDatabase postgres(String kind) throws SQLException {
        String name = "ctsync_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + "/postgres", PG_USER, PG_PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase(kind, "jdbc:postgresql://" + PG_HOST + "/" + name, name);
    }

    public static TestDatabase h2() {
        String name = "ctsync_test_" + COUNTER.incrementAndGet();
        return new TestDatabase("h2", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE", name);
    }

    public static TestDatabase of(String kind) throws SQLException {
        return switch (kind) {
            case "h2" -> h2();
            case "wal" -> wal();
            default -> postgres();
        };
    }

    public String kind() {
        return kind;
    }

    public boolean isPostgres() {
        return kind.equals("postgresql") || kind.equals("wal");
    }

    public String url() {
        return url;
    }

    /** The properties that point ctsync at this database in a role (source, target, state). */
    public Map<String, String> properties(String role) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ctsync." + role + ".url", url);
        if (isPostgres()) {
            properties.put("ctsync." + role + ".username", PG_USER);
            properties.put("ctsync." + role + ".password", PG_PASSWORD);
        }
        if (kind.equals("wal") && role.equals("source")) {
            properties.put("ctsync.capture", "wal");
        }
        return properties;
    }

    public Connection connect() throws SQLException {
        return isPostgres() ? DriverManager.getConnection(url, PG_USER, PG_PASSWORD) : DriverManager.getConnection(url);
    }

    public void execute(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    public List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (isPostgres()) {
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + "/postgres", PG_USER, PG_PASSWORD);
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } else {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }
}
