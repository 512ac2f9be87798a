package io.ctsync.exporting;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import org.h2.tools.Server;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wide rows within a bounded heap (docs/operations.md, "Memory"): ctsync in a JVM of its own with
 * {@code -Xmx256m}, as a user runs it, exports and imports a table of rows of a 5 MB binary and a
 * 5 MB text value and one row of a 30 MB binary value, every value in the target with the source's
 * digest: 100 wide rows (1 GB, four times the heap). On PostgreSQL (bytea, text) they are imported by
 * the bulk path (COPY, the big values streamed from a spill file), then a delta of 12 of those
 * rows whose whole target rows the presence lookup reads into existing.json (120 MB, twice that
 * in the driver: one batch of presence answers held whole would not fit). On H2 (BLOB, CLOB, read as streams)
 * by the row path; presence with wide rows is PostgreSQL's part. The H2
 * databases are served over TCP from the test's JVM: an embedded one would keep its pages and its
 * LOBs' copies in ctsync's heap (docs/operations.md, "Memory"), which is not what is measured.
 */
@Tag("process")
class WideRowsTest {

    private static final int MB = 1 << 20;
    private static final Pattern HEAP_BEFORE_GC = Pattern.compile("(\\d+)M->\\d+M\\(");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void wideRowsBeyondTheHeapGoThroughA256MegabyteHeapAndArriveEqual(String kind) throws Exception {
        try (Databases databases = Databases.of(kind, dir)) {
            String binary = databases.postgres() ? "bytea" : "BLOB";
            String text = databases.postgres() ? "text" : "CLOB";
            String table = "CREATE TABLE wide.doc (id int PRIMARY KEY, body " + binary + ", note " + text + ")";
            databases.source(table);
            databases.target(table);
            // 5 MB values made by the database itself: a few seconds, where 1 GB of parameters would take minutes
            int rows = 100;
            if (databases.postgres()) {
                databases.source("INSERT INTO wide.doc SELECT g, decode(repeat(lpad(to_hex(g), 2, '0') || 'ab01ff', 5 * 1048576 / 4), 'hex'),"
                                + " repeat(md5(g::text), 5 * 1048576 / 32) FROM generate_series(1, " + rows + ") g",
                        "INSERT INTO wide.doc VALUES (1000, decode(repeat('00ff7f80', 30 * 1048576 / 4), 'hex'), 'thirty')");
            } else {
                databases.source("INSERT INTO wide.doc SELECT g, STRINGTOUTF8(REPEAT(CAST(g AS VARCHAR) || 'ab01ff', 5 * 1048576 / 8)),"
                                + " REPEAT(CAST(g * 7 AS VARCHAR) || 'note-', 5 * 1048576 / 8) FROM SYSTEM_RANGE(1, " + rows + ") AS r(g)",
                        "INSERT INTO wide.doc VALUES (1000, STRINGTOUTF8(REPEAT('0123abcd', 30 * 1048576 / 8)), 'thirty')");
            }
            Map<String, String> properties = Pipelines.properties("wide", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "wide.doc");
            properties.putAll(databases.properties("source"));
            properties.putAll(databases.properties("target"));
            properties.put("ctsync.import.enabled", "true");
            if (databases.postgres()) {
                // a content of this table's rows takes the bulk path; H2 has none and writes them row by row
                properties.put("ctsync.import.bulk-rows", "1");
            }
            CtsyncRun run = new CtsyncRun(dir, properties);
            run.enableTracking();

            long firstPeak = onceIn256Megabytes(run.configFile(), "full");
            assertThat(databases.digests("target")).hasSize(rows + 1).isEqualTo(databases.digests("source"));
            assertThat(databases.width("target", 1000)).isEqualTo(30L * MB);
            System.out.printf("wide rows (%s): peak heap %d MB (full)%n", kind, firstPeak);
            if (!databases.postgres()) {
                return;
            }

            // a delta whose 12 keys the target holds: existing.json carries their whole 10 MB target rows
            databases.source("UPDATE wide.doc SET note = UPPER(note) WHERE id <= 12");
            long deltaPeak = onceIn256Megabytes(run.configFile(), "delta");
            assertThat(databases.digests("target")).hasSize(rows + 1).isEqualTo(databases.digests("source"));
            System.out.printf("wide rows (%s): peak heap %d MB (delta)%n", kind, deltaPeak);
        }
    }

    /** A value that no fetch can hold in 128 MB (a 100 MB bytea is 200 MB of hex in the driver): one line, exit 1, nothing published. */
    @Test
    void aValueTheHeapCannotHoldFailsTheCycleWithOneLineNamingItsTableAndTheFix() throws Exception {
        try (Databases databases = Databases.of("postgresql", dir)) {
            databases.source("CREATE TABLE wide.big (id int PRIMARY KEY, body bytea)",
                    "INSERT INTO wide.big VALUES (1, decode(repeat('00ff7f80', 100 * 1048576 / 4), 'hex'))");
            Map<String, String> properties = Pipelines.properties("wide", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "wide.big");
            properties.putAll(databases.properties("source"));
            CtsyncRun run = new CtsyncRun(dir, properties);
            run.enableTracking();

            Process process = once(run.configFile(), "too-big", "-Xmx128m");
            assertThat(process.exitValue()).isEqualTo(1);
            String stderr = Files.readString(dir.resolve("too-big.err")).strip();
            assertThat(stderr.lines()).hasSize(1);
            assertThat(stderr).startsWith("ctsync: ").contains("wide.big ").contains(": a value").contains("does not fit the heap of ")
                    .contains("(fix: raise -Xmx, or leave the").contains("ctsync.table.wide.big.exclude-columns").endsWith("the cycle wrote nothing)")
                    .doesNotContain("stack trace");
            try (var published = Files.list(dir.resolve("gateway"))) {
                assertThat(published.filter(f -> f.toString().endsWith(".zip"))).isEmpty();
            }
        }
    }

    /** One export and import cycle in a JVM of 256 MB, which must exit 0; returns the peak heap its GC log shows, in MB. */
    private long onceIn256Megabytes(Path config, String what) throws Exception {
        Process process = once(config, what, "-Xmx256m");
        assertThat(process.exitValue()).as(what + " cycle; its log:\n" + Files.readString(dir.resolve(what + ".log"))
                + Files.readString(dir.resolve(what + ".err"))).isZero();
        Path gc = dir.resolve(what + ".gc.log");
        long peak = 0;
        Matcher heap = HEAP_BEFORE_GC.matcher(Files.readString(gc));
        while (heap.find()) {
            peak = Math.max(peak, Long.parseLong(heap.group(1)));
        }
        return peak;
    }

    /** {@code ctsync --once} in a JVM of its own with the heap given, its log in {@code what}.log, its standard error in {@code what}.err. */
    private Process once(Path config, String what, String heap) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-Xlog:gc:file=" + dir.resolve(what + ".gc.log"), "-cp", System.getProperty("java.class.path"), "io.ctsync.Ctsync",
                "--config", config.toString(), "--once")
                .redirectOutput(dir.resolve(what + ".log").toFile()).redirectError(dir.resolve(what + ".err").toFile()).start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("ctsync --once ends").isTrue();
        return process;
    }

    /** A source and a target of one kind: two PostgreSQL databases, or two H2 databases of one H2 server in the test's JVM. */
    private record Databases(TestDatabase pgSource, TestDatabase pgTarget, Server h2, String h2Source, String h2Target) implements AutoCloseable {

        static Databases of(String kind, Path dir) throws Exception {
            if (kind.equals("postgresql")) {
                return new Databases(TestDatabase.postgres(), TestDatabase.postgres(), null, null, null);
            }
            Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
            String server = "jdbc:h2:tcp://localhost:" + h2.getPort() + "/";
            return new Databases(null, null, h2, server + "source;DATABASE_TO_LOWER=TRUE", server + "target;DATABASE_TO_LOWER=TRUE");
        }

        boolean postgres() {
            return pgSource != null;
        }

        Map<String, String> properties(String role) {
            if (postgres()) {
                return (role.equals("source") ? pgSource : pgTarget).properties(role);
            }
            return Map.of("ctsync." + role + ".url", role.equals("source") ? h2Source : h2Target);
        }

        Connection connect(String role) throws Exception {
            if (postgres()) {
                return (role.equals("source") ? pgSource : pgTarget).connect();
            }
            return DriverManager.getConnection(role.equals("source") ? h2Source : h2Target);
        }

        void source(String... statements) throws Exception {
            execute("source", statements);
        }

        void target(String... statements) throws Exception {
            execute("target", statements);
        }

        private void execute(String role, String... statements) throws Exception {
            try (Connection connection = connect(role); Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS wide");
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
        }

        /**
         * Each row's id and the digest of its two values, computed by the database itself (PostgreSQL's
         * md5, H2's SHA-256): a gigabyte read through JDBC for each comparison took most of the test's time.
         */
        List<String> digests(String role) throws Exception {
            String digest = postgres() ? "md5(%s)" : "HASH('SHA-256', %s)";
            List<String> digests = new ArrayList<>();
            try (Connection connection = connect(role); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id, " + digest.formatted("body") + ", " + digest.formatted("note")
                         + " FROM wide.doc ORDER BY id")) {
                while (rows.next()) {
                    digests.add(rows.getInt(1) + " " + rows.getString(2) + " " + rows.getString(3));
                }
            }
            return digests;
        }

        long width(String role, int id) throws Exception {
            try (Connection connection = connect(role);
                 PreparedStatement query = connection.prepareStatement("SELECT OCTET_LENGTH(body) FROM wide.doc WHERE id = ?")) {
                query.setInt(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }

        @Override
        public void close() throws Exception {
            if (postgres()) {
                try (pgSource; pgTarget) {
                    // both dropped
                }
            } else {
                h2.stop();
            }
        }
    }
}
