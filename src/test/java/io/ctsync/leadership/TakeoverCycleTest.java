package io.ctsync.leadership;

import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that takes a group's leadership over from another runs its cycle at once, not at its
 * schedule's next tick ({@link ScheduleNow}): both schedules here are set to a tick in 2099, so
 * every cycle comes from an export asked for over the API or from a take-over. Process A creates
 * the leases at its first start, which hands nothing over: it runs no cycle by itself, and exports
 * content 1 only when asked. B stands by. A row written then stays unsent, and content 1
 * unimported, until A stops and B, taking both groups over, exports the row as content 2 and
 * imports content 1.
 */
@Tag("process")
class TakeoverCycleTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;
    private TestDatabase source;
    private TestDatabase target;
    private TestDatabase state;
    private CtsyncProcess a;
    private CtsyncProcess b;

    @AfterEach
    void stop() throws Exception {
        for (CtsyncProcess process : new CtsyncProcess[] {a, b}) {
            if (process != null) {
                process.close();
            }
        }
        for (TestDatabase database : new TestDatabase[] {source, target, state}) {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void aProcessThatTakesTheLeadershipExportsAndImportsAtOnce() throws Exception {
        source = TestDatabase.postgres();
        target = TestDatabase.postgres();
        state = TestDatabase.postgres();
        String table = "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))";
        source.execute("CREATE SCHEMA app", table, "INSERT INTO app.orders VALUES (1, 'a')");
        target.execute("CREATE SCHEMA app", table);
        Path gateway = dir.resolve("gateway");
        CtsyncRun runA = process("a");
        runA.enableTracking();

        a = CtsyncProcess.start(runA.configFile(), dir.resolve("a.log"));
        int portA = a.apiPort();
        Thread.sleep(3000);
        assertThat(sequences(gateway)).as("creating the leases hands nothing over: no cycle before the schedule").isEmpty();
        a.post(portA, "/api/exports", "{\"author\": \"Ada\", \"reference\": \"R\", \"purpose\": \"first content\"}");
        a.await("A exported the first row when asked", Duration.ofSeconds(60), () -> sequences(gateway).equals(List.of(1L)));
        b = CtsyncProcess.start(process("b").configFile(), dir.resolve("b.log"));
        b.apiPort();
        source.execute("INSERT INTO app.orders VALUES (2, 'b')");
        Thread.sleep(3000);
        assertThat(sequences(gateway)).as("no tick comes: nobody exports again").containsExactly(1L);
        assertThat(targetIds()).as("nor imports").isEmpty();

        a.close();
        a = null;
        // B's import may run before or after its export: content 1 is there before either, content 2 may come later
        b.await("B exported the second row and imported the first content on taking over", Duration.ofSeconds(60),
                () -> sequences(gateway).equals(List.of(1L, 2L)) && targetIds().contains(1));
        assertThat(b.log()).contains("took the leadership of export over").contains("took the leadership of import over");
    }

    private CtsyncRun process(String name) throws Exception {
        CtsyncRun run = new CtsyncRun(Files.createDirectories(dir.resolve(name)), Map.of())
                .set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                .set("ctsync.tables", "app.orders").set("ctsync.gateway.dir", dir.resolve("gateway").toString())
                .set("ctsync.import.enabled", "true")
                .set("ctsync.export.schedule", NEVER).set("ctsync.import.schedule", NEVER)
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                .apiOnAFreePort();
        source.properties("source").forEach(run::set);
        target.properties("target").forEach(run::set);
        state.properties("state").forEach(run::set);
        return run;
    }

    private static List<Long> sequences(Path gateway) {
        try {
            return Files.isDirectory(gateway) ? Contents.sequences(gateway) : List.of();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Integer> targetIds() {
        try {
            return target.query("SELECT id FROM app.orders ORDER BY id").stream().map(row -> ((Number) row.get(0)).intValue()).toList();
        } catch (Exception e) {
            return List.of();
        }
    }
}
