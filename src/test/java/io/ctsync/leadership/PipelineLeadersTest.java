package io.ctsync.leadership;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader election per pipeline (docs/operations.md, "Many pipelines"), with two processes on one machine
 * sharing the lock root: process A runs pipelines d1 and d2, process B, started once A leads, runs
 * d2 and d3. Each pipeline's schedule runs on one leader only: B leads d3 at once, without waiting
 * for A, while d2 stays with A; when A stops, B takes d2 over and goes on with its sequence. Which
 * process ran a pipeline's cycles is what each one's {@code /api/pipelines/{name}/cycles} shows; the
 * hand-over of d2, from A to B, is there too, with the times the lease file holds, and
 * {@code /api/pipelines} names each pipeline's leaders.
 */
@Tag("process")
class PipelineLeadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

        Path d2Lease = dir.resolve("cluster").resolve("shop.erp.d2-export.lease");
        String holderA = lease(d2Lease).getProperty("holder");
        assertThat(holderA).as("A leads d2, named by its host and pid").endsWith(":" + a.pid());
        assertThat(leaders(portB, "shop.erp.d2").path("export").path("leader").asText()).as("B sees A lead d2").isEqualTo(holderA);
        assertThat(leaders(portB, "shop.erp.d2").path("export").path("thisProcess").asBoolean()).isFalse();
        a.close();
        a = null;
        source.execute("INSERT INTO app.orders VALUES (3, 'c')");
        b.await("B took d2 over", Duration.ofSeconds(90), () -> published(gateway, "d2").size() == 3);
        assertThat(published(gateway, "d2")).as("one sequence, no gap, no duplicate").containsExactly(1L, 2L, 3L);
        assertThat(published(gateway, "d1")).as("nobody runs d1 any more").containsExactly(1L, 2L);
        // the content is published before the cycle commits and enters the history
        b.await("B recorded its d2 cycle", Duration.ofSeconds(30), () -> exportCycles(b, portB, "d2") > 0);

        Properties taken = lease(d2Lease);
        String holderB = taken.getProperty("holder");
        assertThat(holderB).endsWith(":" + b.pid());
        List<JsonNode> handovers = handovers(b, portB, "d2");
        assertThat(handovers).as("A led d2's export and retention groups; B took both over")
                .extracting(h -> h.path("pipeline").asText() + " " + h.path("from").asText() + " -> " + h.path("to").asText())
                .containsExactlyInAnyOrder("export " + holderA + " -> " + holderB, "retention " + holderA + " -> " + holderB);
        JsonNode handover = handovers.stream().filter(h -> h.path("pipeline").asText().equals("export")).findFirst().orElseThrow();
        assertThat(handover.path("from").asText()).isEqualTo(holderA);
        assertThat(handover.path("to").asText()).isEqualTo(holderB);
        assertThat(handover.path("tookOver").asBoolean()).isTrue();
        assertThat(handover.path("acquiredAt").asText()).as("the lease's acquire time").isEqualTo(taken.getProperty("acquireTime"));
        Instant lastRenewal = Instant.parse(handover.path("lastRenewal").asText());
        Instant acquired = Instant.parse(handover.path("acquiredAt").asText());
        long leaderless = handover.path("leaderlessMillis").asLong();
        assertThat(leaderless).isEqualTo(Duration.between(lastRenewal, acquired).toMillis());
        assertThat(leaderless).as("A gave the lease up on SIGTERM: B took it at its next round, a retry period and its jitter later")
                .isBetween(0L, 1200L + 300L);
        JsonNode leader = leaders(portB, "shop.erp.d2").path("export");
        assertThat(leader.path("leader").asText()).isEqualTo(holderB);
        assertThat(leader.path("thisProcess").asBoolean()).isTrue();
        assertThat(leader.path("since").asText()).isEqualTo(handover.path("acquiredAt").asText());
        assertThat(leader.path("lastHandover")).isEqualTo(handover);
        JsonNode d3 = leaders(portB, "shop.erp.d3").path("export");
        assertThat(d3.path("leader").asText()).as("B created d3's lease").isEqualTo(holderB);
        assertThat(d3.path("lastHandover").isNull()).as("creating a lease hands nothing over").isTrue();
        assertThat(leaders(portB, "shop.erp.d3").has("import")).as("no pipeline here imports: no import group").isFalse();
    }

    private static Properties lease(Path file) throws IOException {
        Properties lease = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            lease.load(reader);
        }
        return lease;
    }

    /** The pipeline's leaders as the process's {@code GET /api/pipelines} describes them. */
    private JsonNode leaders(int port, String pipeline) {
        try {
            for (JsonNode described : JSON.readTree(b.get(port, "/api/pipelines").body())) {
                if (described.path("name").asText().equals(pipeline)) {
                    return described.path("leaders");
                }
            }
            throw new AssertionError("no pipeline " + pipeline);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The hand-overs among the pipeline's cycles; without {@code include} the answer holds cycles only. */
    private static List<JsonNode> handovers(CtsyncProcess process, int port, String destination) throws Exception {
        String path = "/api/pipelines/shop.erp." + destination + "/cycles?limit=1000";
        for (JsonNode entry : JSON.readTree(process.get(port, path).body())) {
            assertThat(entry.path("kind").asText()).isEqualTo("cycle");
        }
        List<JsonNode> handovers = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(process.get(port, path + "&include=handovers").body())) {
            if (entry.path("kind").asText().equals("handover")) {
                handovers.add(entry);
            }
        }
        return handovers;
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
