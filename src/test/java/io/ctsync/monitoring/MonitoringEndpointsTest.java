package io.ctsync.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ctsync running on its schedule in a process of its own, as in a pod: the schedule fires through
 * master: with the single-machine file lock, and the management server answers health and
 * Prometheus scrapes with the cycle's real numbers; SIGTERM stops it within the grace period.
 */
@Tag("process")
class MonitoringEndpointsTest {

    private static final Pattern LISTENING = Pattern.compile("HTTP server \\(configured port 0\\) listening on port (\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aScheduledExportIsVisibleInHealthAndMetrics() throws Exception {
        String source = "jdbc:h2:file:" + dir.resolve("source") + ";DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";
        try (Connection connection = DriverManager.getConnection(source); Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA app");
            sql.execute("CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))");
            sql.execute("INSERT INTO app.orders VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        Path gateway = dir.resolve("gateway");
        CtsyncRun ctsync = new CtsyncRun(dir, Map.of("ctsync.source.url", source))
                .set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                .set("ctsync.tables", "app.orders")
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state") + ";AUTO_SERVER=TRUE")
                .set("ctsync.gateway.dir", gateway.toString())
                .set("ctsync.export.schedule", "0/1 * * * * ?")
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                // the system picks a free port, and ctsync's log tells which: no port found free, closed and taken by another later
                .set("camel.management.port", "0")
                .set("camel.health.exposure-level", "full")
                // as k8s/ configures the exporter (a wildcard would see the test classpath's copy twice)
                .set("camel.main.routes-include-pattern", "classpath:routes/export.camel.yaml");
        ctsync.enableTracking();

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.ctsync.Ctsync", "--config", ctsync.configFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ctsync.log").toFile()).start();
        try {
            Instant deadline = Instant.now().plusSeconds(90);
            while ((Contents.sequences(gateway).isEmpty() || !LISTENING.matcher(log()).find()) && Instant.now().isBefore(deadline)
                    && process.isAlive()) {
                Thread.sleep(250);
            }
            assertThat(Contents.sequences(gateway)).as(() -> "the leader's schedule exported; its log:\n" + log())
                    .containsExactly(1L);
            Matcher listening = LISTENING.matcher(log());
            assertThat(listening.find()).as(() -> "the port in ctsync's log:\n" + log()).isTrue();
            int port = Integer.parseInt(listening.group(1));
            assertThat(port).isPositive();

            HttpResponse<String> ready = get(port, "/observe/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            Map<String, String> checks = new HashMap<>();
            for (JsonNode check : new ObjectMapper().readTree(ready.body()).path("checks")) {
                checks.put(check.path("name").asText(), check.path("status").asText());
            }
            assertThat(checks).containsEntry("ctsync-source", "UP").containsEntry("ctsync-state", "UP")
                    .containsEntry("ctsync-gateway", "UP").containsEntry("ctsync-last-cycle", "UP");
            assertThat(get(port, "/observe/health/live").statusCode()).isEqualTo(200);

            String metrics = get(port, "/observe/metrics").body();
            assertThat(metrics).containsPattern(
                    "ctsync_export_rows_total\\{application=\"shop\",destination=\"dwh\",operation=\"inserted\",source=\"erp\",table=\"app.orders\"} 3.0");
            assertThat(metrics).containsPattern("ctsync_export_last_sequence\\{[^}]*} 1.0");
            assertThat(metrics).containsPattern("ctsync_cycle_seconds_count\\{[^}]*outcome=\"ok\",pipeline=\"export\"[^}]*} [1-9]");
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within the pod's grace period").isTrue();
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("ctsync.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

}
