package io.ctsync.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wal capture live: the real process exports and imports every 2 s while writers insert,
 * update, delete and re-key rows in transactions of several statements, some rolled back; once
 * they stop, the target holds exactly the source's rows, and {@code /api/tracking} shows the WAL
 * the slot keeps. The same with pgbench's own TPC-B-like workload as the writer.
 */
@Tag("postgres")
class WalLiveTest {

    private static final int KEYS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;

    @AfterEach
    void dropSlots() throws Exception {
        if (source != null) {
            source.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = current_database()");
        }
    }

    @Test
    void withWritersBusyThroughCyclesEveryTwoSecondsTheTargetEndsEqualToTheSource() throws Exception {
        source = databases.open("wal");
        TestDatabase target = databases.open("postgresql");
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40), n INT)",
                "INSERT INTO app.items SELECT g, 'initial ' || g, 0 FROM generate_series(1, " + KEYS / 2 + ") g");
        target.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40), n INT)");
        CtsyncRun run = everyTwoSeconds("live", "app.items", target);

        try (CtsyncProcess ctsync = CtsyncProcess.start(run.configFile(), dir.resolve("ctsync.log"))) {
            int port = ctsync.apiPort();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger committed = new AtomicInteger();
            List<CompletableFuture<Void>> writers = List.of(1, 2, 3).stream()
                    .map(seed -> CompletableFuture.runAsync(() -> write(new Random(seed), writing, committed))).toList();
            long started = System.nanoTime();
            Thread.sleep(6_000);
            writing.set(false);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(committed.get()).as("transactions the writers committed").isGreaterThan(50);

            String expected = rows(source);
            ctsync.await("the target equals the source", Duration.ofSeconds(40), () -> expected.equals(rowsQuietly(target)));
            assertThat(rows(target)).isEqualTo(expected);
            System.out.printf("WalLiveTest: %d transactions committed, target equal after %d ms%n", committed.get(),
                    (System.nanoTime() - started) / 1_000_000);

            JsonNode tracking = JSON.readTree(ctsync.get(port, "/api/tracking").body());
            assertThat(tracking.path("walRetainedBytes").isNumber()).as(tracking.toString()).isTrue();
            assertThat(tracking.path("tables").get(0).path("capture").asText()).isEqualTo("wal");
            assertThat(ctsync.log()).as("only the first run is full").containsOnlyOnce("(full)").doesNotContain("ERROR");
        }
    }

    /** A pipeline from the source to {@code target} that exports every two seconds and imports a second later, tracking enabled. */
    private CtsyncRun everyTwoSeconds(String application, String tables, TestDatabase target) throws Exception {
        CtsyncRun run = new CtsyncRun(dir, Pipelines.properties(application, "src", "dst", dir.resolve("state"), dir.resolve("gateway"), tables));
        source.properties("source").forEach(run::set);
        target.properties("target").forEach(run::set);
        run.set("ctsync.import.enabled", "true").set("ctsync.export.schedule", "0/2 * * * * ?").set("ctsync.import.schedule", "1/2 * * * * ?")
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString()).apiOnAFreePort();
        run.enableTracking();
        return run;
    }

    @Test
    void withPgbenchWritingThroughCyclesEveryTwoSecondsTheTargetEndsEqualToTheSource() throws Exception {
        source = databases.open("wal");
        TestDatabase target = databases.open("postgresql");
        String database = source.url().substring(source.url().lastIndexOf('/') + 1);
        pgbench(database, "-i", "-q", "-s", "1");
        target.execute("CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84))",
                "CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88))",
                "CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84))");
        CtsyncRun run = everyTwoSeconds("bench", String.join(",", PGBENCH_TABLES), target);

        try (CtsyncProcess ctsync = CtsyncProcess.start(run.configFile(), dir.resolve("ctsync.log"))) {
            ctsync.apiPort();
            // the first run's full load, then pgbench through several cycles
            ctsync.await("the first run imported", Duration.ofSeconds(60), () -> digestsQuietly(source).equals(digestsQuietly(target)));
            pgbench(database, "-n", "-c", "4", "-T", "8");
            String expected = digests(source);
            ctsync.await("the target equals the source", Duration.ofSeconds(40), () -> expected.equals(digestsQuietly(target)));
            assertThat(ctsync.log()).doesNotContain("ERROR");
        }
    }

    private static final List<String> PGBENCH_TABLES = List.of("public.pgbench_accounts", "public.pgbench_branches", "public.pgbench_tellers");

    /** Runs PostgreSQL's pgbench against a database of the test server; it must succeed. */
    private static void pgbench(String database, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("pgbench", "-h", TestDatabase.PG_HOST.split(":")[0], "-p",
                TestDatabase.PG_HOST.split(":")[1], "-U", TestDatabase.PG_USER));
        command.addAll(List.of(arguments));
        command.add(database);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", TestDatabase.PG_PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("pgbench %s: %s", String.join(" ", arguments), output).isZero();
    }

    /** Each pgbench table's rows as one md5, in key order. */
    private static String digests(TestDatabase database) throws Exception {
        return database.query("SELECT (SELECT md5(string_agg(aid || ':' || bid || ':' || abalance, ',' ORDER BY aid)) FROM pgbench_accounts),"
                + " (SELECT md5(string_agg(bid || ':' || bbalance, ',' ORDER BY bid)) FROM pgbench_branches),"
                + " (SELECT md5(string_agg(tid || ':' || bid || ':' || tbalance, ',' ORDER BY tid)) FROM pgbench_tellers)").toString();
    }

    private static String digestsQuietly(TestDatabase database) {
        try {
            return digests(database);
        } catch (Exception e) {
            return null;
        }
    }

    /** Transactions of one to four changes on random keys (a key changed by another writer waits); one in ten rolled back. */
    private void write(Random random, AtomicBoolean writing, AtomicInteger committed) {
        try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            while (writing.get()) {
                try {
                    for (int i = 0, changes = 1 + random.nextInt(4); i < changes; i++) {
                        int id = 1 + random.nextInt(KEYS);
                        statement.execute(switch (random.nextInt(5)) {
                            case 0 -> "DELETE FROM app.items WHERE id = " + id;
                            case 1 -> "UPDATE app.items SET id = " + (KEYS + id) + " WHERE id = " + id
                                    + " AND NOT EXISTS (SELECT 1 FROM app.items WHERE id = " + (KEYS + id) + ")";
                            case 2 -> "UPDATE app.items SET n = n + 1, label = 'updated' WHERE id = " + id;
                            default -> "INSERT INTO app.items VALUES (" + id + ", 'inserted', 0) ON CONFLICT (id) DO UPDATE SET n = app.items.n + 1";
                        });
                    }
                    if (random.nextInt(10) == 0) {
                        connection.rollback();
                    } else {
                        connection.commit();
                        committed.incrementAndGet();
                    }
                } catch (java.sql.SQLException e) {
                    connection.rollback(); // a deadlock or a key taken meanwhile: the transaction is given up, as an application would
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rows(TestDatabase database) throws Exception {
        return database.query("SELECT id, label, n FROM app.items ORDER BY id").toString();
    }

    private static String rowsQuietly(TestDatabase database) {
        try {
            return rows(database);
        } catch (Exception e) {
            return null;
        }
    }
}
