package io.ctsync.leadership;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader election per pipeline (docs/operations.md, "Many pipelines"), with two processes on one machine
 * sharing the lock root: process A runs pipelines d1 and d2, process B, started once A leads, runs
 * d2 and d3. Each pipeline's schedule runs on one leader only: B leads d3 at once, without waiting
 * for A, while d2 stays with A; when A stops, B takes d2 over and goes on with its sequence. Which
 * process ran a pipeline's cycles is what each one's {@code /api/pipelines/{name}/cycles} shows.
 */
@Tag("process")
class PipelineLeadersTest {

    @TempDir
    Path dir;
    private TestDatabase source;
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
        for (TestDatabase database : new TestDatabase[] {source, state}) {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void eachPipelineHasItsOwnLeaderAndAStandbyTakesOverOnlyThePipelinesItRuns() throws Exception {
        source = TestDatabase.postgres();
        state = TestDatabase.postgres();
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO app.orders VALUES (1, 'a')");
        Path gateway = dir.resolve("gateway");
        CtsyncRun runA = process("a", "d1", "d2");
        CtsyncRun runB = process("b", "d2", "d3");
        runA.enableTracking();

        a = CtsyncProcess.start(runA.configFile(), dir.resolve("a.log"));
        int portA = a.apiPort();
        a.await("A exported d1 and d2", Duration.ofSeconds(90),
                () -> published(gateway, "d1").equals(List.of(1L)) && published(gateway, "d2").equals(List.of(1L)));
        b = CtsyncProcess.start(runB.configFile(), dir.resolve("b.log"));
        int portB = b.apiPort();
        b.await("B led d3 while A still leads d2", Duration.ofSeconds(90), () -> published(gateway, "d3").equals(List.of(1L)));
        source.execute("INSERT INTO app.orders VALUES (2, 'b')");
        a.await("A exported the change for d1 and d2", Duration.ofSeconds(60),
                () -> published(gateway, "d1").size() == 2 && published(gateway, "d2").size() == 2);
        b.await("B exported it for d3", Duration.ofSeconds(60), () -> published(gateway, "d3").size() == 2);
        assertThat(exportCycles(b, portB, "d2")).as("B stands by for d2").isZero();
        assertThat(exportCycles(b, portB, "d3")).isPositive();
        assertThat(exportCycles(a, portA, "d2")).isPositive();

        a.close();
        a = null;
        source.execute("INSERT INTO app.orders VALUES (3, 'c')");
        b.await("B took d2 over", Duration.ofSeconds(90), () -> published(gateway, "d2").size() == 3);
        assertThat(published(gateway, "d2")).as("one sequence, no gap, no duplicate").containsExactly(1L, 2L, 3L);
        assertThat(published(gateway, "d1")).as("nobody runs d1 any more").containsExactly(1L, 2L);
        // the content is published before the cycle commits and enters the history
        b.await("B recorded its d2 cycle", Duration.ofSeconds(30), () -> exportCycles(b, portB, "d2") > 0);
    }

    private CtsyncRun process(String name, String... destinations) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        CtsyncRun run = new CtsyncRun(home, Map.of())
                .set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.tables", "app.orders")
                .set("ctsync.gateway.dir", dir.resolve("gateway").toString())
                .set("ctsync.export.schedule", "0/1 * * * * ?")
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                .apiOnAFreePort();
        source.properties("source").forEach(run::set);
        state.properties("state").forEach(run::set);
        for (String destination : destinations) {
            run.set("ctsync.pipelines." + destination + ".destination.name", destination);
        }
        return run;
    }

    private static List<Long> published(Path gateway, String destination) {
        try {
            return Contents.published(gateway).stream().filter(n -> n.destination().equals(destination))
                    .map(n -> n.sequence()).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many export cycles the process ran for the pipeline, from its own in-memory cycle history. */
    private static int exportCycles(CtsyncProcess process, int port, String destination) {
        try {
            HttpResponse<String> response = process.get(port, "/api/pipelines/shop.erp." + destination + "/cycles?limit=1000");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body()).findValuesAsText("pipeline").stream()
                    .filter("export"::equals).toList().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
