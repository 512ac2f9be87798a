package io.ctsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A content blocked behind a sequence gap, as the webhook tells it: three contents published by
 * the real exporter, the second moved out of the gateway, and a running importer (import every
 * second, PostgreSQL target) that imports the first and then waits behind the gap for many
 * cycles. One POST says {@code blocked}, naming the missing sequence; once the content is back and
 * imported, one POST says {@code recovered}. Nothing else is posted.
 */
@Tag("process")
class WebhookBlockedTest {

    @TempDir
    Path dir;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private TestDatabase source;
    private TestDatabase target;
    private CtsyncProcess importer;

    @AfterEach
    void stop() throws Exception {
        if (importer != null) {
            importer.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        for (TestDatabase database : new TestDatabase[] {source, target}) {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void aContentBlockedBehindAGapIsOnePostAndItsRecoveryAnother() throws Exception {
        source = TestDatabase.postgres();
        target = TestDatabase.postgres();
        source.execute("CREATE TABLE public.orders (id INT PRIMARY KEY, note VARCHAR(20))", "INSERT INTO public.orders VALUES (1, 'a')");
        target.execute("CREATE TABLE public.orders (id INT PRIMARY KEY, note VARCHAR(20))");
        Path gateway = dir.resolve("gateway");
        CtsyncRun exporter = new CtsyncRun(Files.createDirectories(dir.resolve("exporter")),
                Pipelines.properties("shop", "erp", "dwh", dir.resolve("exporter-state"), gateway, "public.orders"));
        source.properties("source").forEach(exporter::set);
        exporter.enableTracking();
        exporter.once();
        source.execute("INSERT INTO public.orders VALUES (2, 'b')");
        exporter.once();
        source.execute("INSERT INTO public.orders VALUES (3, 'c')");
        exporter.once();
        Path aside = Files.createDirectories(dir.resolve("aside"));
        List<Path> second = contentFiles(gateway, 2);
        assertThat(second).as("content 2 in the gateway").isNotEmpty();
        for (Path file : second) {
            Files.move(file, aside.resolve(file.getFileName()));
        }

        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        CtsyncRun run = new CtsyncRun(Files.createDirectories(dir.resolve("importer")),
                Pipelines.properties("shop", "erp", "dwh", dir.resolve("importer-state"), gateway, "public.orders"))
                .set("ctsync.export.enabled", "false").set("ctsync.import.enabled", "true")
                .set("ctsync.import.schedule", "0/1 * * * * ?")
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                .set("ctsync.notify.webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .apiOnAFreePort();
        target.properties("target").forEach(run::set);
        importer = CtsyncProcess.start(run.configFile(), dir.resolve("importer.log"));
        importer.await("content 1 imported, 3 blocked behind 2", Duration.ofSeconds(90),
                () -> !received.isEmpty() && lastImported() == 1);
        // many cycles of the same block
        Instant blockedSince = Instant.now();
        long cycles = importCycles();
        importer.await("ten more import cycles", Duration.ofSeconds(60), () -> importCycles() >= cycles + 10);
        assertThat(received).as("one POST for the block, however many cycles it lasts").hasSize(1);
        JsonNode blocked = received.get(0);
        assertThat(blocked.path("pipeline").asText()).isEqualTo("shop.erp.dwh");
        assertThat(blocked.path("stage").asText()).isEqualTo("import");
        assertThat(blocked.path("state").asText()).isEqualTo("blocked");
        assertThat(blocked.path("what").asText()).isEqualTo("contents wait behind sequence 2, which is missing");
        assertThat(blocked.path("fix").asText()).isEqualTo("publish sequence 2 again, or set ctsync.import.ignore-sequence=true");
        assertThat(Instant.parse(blocked.path("since").asText())).isBefore(blockedSince);

        for (Path file : second) {
            Files.move(aside.resolve(file.getFileName()), file);
        }
        importer.await("contents 2 and 3 imported", Duration.ofSeconds(60), () -> lastImported() == 3);
        importer.await("the recovery posted", Duration.ofSeconds(30), () -> received.size() >= 2);
        Thread.sleep(3000);
        assertThat(received).as("one POST for the recovery").hasSize(2);
        JsonNode recovered = received.get(1);
        assertThat(recovered.path("stage").asText()).isEqualTo("import");
        assertThat(recovered.path("state").asText()).isEqualTo("recovered");
        assertThat(recovered.path("what").asText()).isEqualTo("recovered from: contents wait behind sequence 2, which is missing");
        assertThat(recovered.path("fix").asText()).isEmpty();
        assertThat(Instant.parse(recovered.path("since").asText())).isAfter(Instant.parse(blocked.path("since").asText()));
        assertThat(target.query("SELECT id, note FROM public.orders ORDER BY id")).isEqualTo(source.query("SELECT id, note FROM public.orders ORDER BY id"));
    }

    private static List<Path> contentFiles(Path gateway, long sequence) throws Exception {
        String prefix = String.format("shop_erp_dwh_%010d", sequence);
        try (Stream<Path> files = Files.list(gateway)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private long lastImported() {
        try {
            Object last = target.query("SELECT MAX(sequence) FROM ctsync_import_log WHERE status = 'ok'").get(0).get(0);
            return last == null ? 0 : ((Number) last).longValue();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The import cycles the process has run, from its cycle history. */
    private long importCycles() {
        try {
            int port = importer.apiPort();
            return new ObjectMapper().readTree(importer.get(port, "/api/cycles?limit=1000").body()).findValuesAsText("pipeline").stream()
                    .filter("import"::equals).count();
        } catch (Exception e) {
            return 0;
        }
    }
}
