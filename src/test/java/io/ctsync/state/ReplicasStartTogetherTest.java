package io.ctsync.state;

import io.ctsync.db.postgresql.PostgresType;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three replicas of one pipeline, each a JVM of its own, started together on an empty PostgreSQL
 * state database: every one of them comes up (the migrations take the state database's lock,
 * {@link MigrationLock}), the schema is at its version once, and the one leader exports. JVMs
 * reach their first statement a few hundred milliseconds apart, more than the migrations take, so
 * the test makes "the same instant" exact: an event trigger holds every DDL statement of the state
 * database at a gate (an advisory lock the test holds) until all three replicas wait, then opens
 * it. Without the lock one of them died with a duplicate key on pg_type_typname_nsp_index.
 */
@Tag("process")
class ReplicasStartTogetherTest {

    private static final long GATE = 4242;

    @TempDir
    Path dir;
    private final List<CtsyncProcess> processes = new ArrayList<>();
    private TestDatabase source;
    private TestDatabase state;

    @AfterEach
    void stop() throws Exception {
        for (CtsyncProcess process : processes) {
            process.close();
        }
        for (TestDatabase database : new TestDatabase[] {source, state}) {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void threeReplicasStartedTogetherOnAnEmptyStateDatabaseAllComeUp() throws Exception {
        source = TestDatabase.postgres();
        state = TestDatabase.postgres();
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO app.orders VALUES (1, 'a')");
        Path gateway = dir.resolve("gateway");
        List<Path> configs = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            CtsyncRun run = new CtsyncRun(Files.createDirectories(dir.resolve(name)), Map.of())
                    .set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                    .set("ctsync.tables", "app.orders").set("ctsync.gateway.dir", gateway.toString())
                    .set("ctsync.export.schedule", "0/1 * * * * ?")
                    .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                    .apiOnAFreePort();
            source.properties("source").forEach(run::set);
            state.properties("state").forEach(run::set);
            if (name.equals("a")) {
                run.enableTracking();
            }
            configs.add(run.configFile());
        }
        assertThat(state.query("SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'ctsync%'")).as("the state database is empty")
                .containsExactly(List.of(0L));

        try (Connection gate = state.connect(); Statement statement = gate.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + GATE + ")");
            statement.execute("CREATE FUNCTION ctsync_test_gate() RETURNS event_trigger LANGUAGE plpgsql"
                    + " AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(" + GATE + "); END $$");
            statement.execute("CREATE EVENT TRIGGER ctsync_test_gate ON ddl_command_start EXECUTE FUNCTION ctsync_test_gate()");
            for (int i = 0; i < configs.size(); i++) {
                processes.add(CtsyncProcess.start(configs.get(i), dir.resolve(i + ".log")));
            }
            // at the gate or behind the one that is: every replica waits on an advisory lock
            processes.get(0).await("all three replicas wait at the gate", Duration.ofSeconds(90), () -> waitingOnAdvisoryLocks() == 3);
            statement.execute("SELECT pg_advisory_unlock(" + GATE + ")");
        }
        for (int i = 0; i < processes.size(); i++) {
            CtsyncProcess replica = processes.get(i);
            int port = replica.apiPort();
            replica.await("replica " + i + " serves its API", Duration.ofSeconds(90), () -> replica.answers(port, "/api/pipeline", 200));
        }
        processes.get(0).await("the leader exported", Duration.ofSeconds(60), () -> !published(gateway).isEmpty());

        assertThat(processes).allMatch(CtsyncProcess::isAlive);
        assertThat(state.query("SELECT version FROM ctsync_state_version")).containsExactly(List.of(new PostgresType().state().migrations().size()));
        assertThat(published(gateway)).containsExactly(1L);
    }

    private long waitingOnAdvisoryLocks() {
        try {
            return (Long) state.query("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND wait_event = 'advisory'").get(0).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> published(Path gateway) {
        try {
            return Contents.published(gateway).stream().map(n -> n.sequence()).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
