package io.ctsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ctsync.config.ConfigException;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook, against a real HTTP server on loopback and a Camel route in the place of the
 * pipeline's export cycle (the notifier watches whatever route carries the cycle's id): one POST
 * when the cycles start failing however long they fail, one when they recover; a receiver that
 * does not answer never holds a cycle up and is tried again; no secret in any body.
 */
@Tag("unit")
class WebhookNotifyTest {

    private static final String SECRET = "Bearer s3cr3t-token";

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger hangs = new AtomicInteger();
    private HttpServer server;
    private CamelContext camel;
    private StateChangeNotifier notifier;

    private record Received(String authorization, JsonNode body) {
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aFailureLastingManyCyclesIsOnePostAndItsRecoveryAnother() throws Exception {
        ProducerTemplate cycles = start(Duration.ofSeconds(5), 3);
        failing.set(true);
        for (int i = 0; i < 30; i++) {
            assertThatThrownBy(() -> cycles.requestBody("direct:export-cycle", (Object) null)).hasRootCauseInstanceOf(SQLException.class);
        }
        failing.set(false);
        for (int i = 0; i < 30; i++) {
            cycles.requestBody("direct:export-cycle", (Object) null);
        }
        awaitPosts(2);
        Thread.sleep(500);

        assertThat(received).hasSize(2);
        JsonNode failed = received.get(0).body();
        assertThat(failed.get("pipeline").asText()).isEqualTo("shop.erp.dwh");
        assertThat(failed.get("stage").asText()).isEqualTo("export");
        assertThat(failed.get("state").asText()).isEqualTo("failing");
        assertThat(failed.get("what").asText()).contains("the state database refused the connection");
        assertThat(failed.get("fix").asText()).isEqualTo("start it or correct ctsync.state.url");
        assertThat(failed.get("since").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        JsonNode recovered = received.get(1).body();
        assertThat(recovered.get("state").asText()).isEqualTo("recovered");
        assertThat(recovered.get("what").asText()).startsWith("recovered from: ");
        assertThat(received).allSatisfy(post -> {
            assertThat(post.authorization()).isEqualTo(SECRET);
            assertThat(post.body().toString()).doesNotContain("s3cr3t");
        });
    }

    @Test
    void aReceiverThatDoesNotAnswerNeitherHoldsUpACycleNorLosesTheChange() throws Exception {
        ProducerTemplate cycles = start(Duration.ofMillis(500), 2);
        hangs.set(2);
        failing.set(true);
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> cycles.requestBody("direct:export-cycle", (Object) null)).isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("five cycles, not one timeout").isLessThan(Duration.ofMillis(400));
        awaitPosts(1);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body().get("state").asText()).isEqualTo("failing");
    }

    @Test
    void aWebhookThatIsNoHttpUrlIsRefusedAtStartUp() {
        assertThatThrownBy(() -> Webhook.of(io.ctsync.config.Settings.of(java.util.Map.of("ctsync.notify.webhook", "ftp://example.com/x"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ctsync.notify.webhook: 'ftp://example.com/x' is not an http or https URL");
    }

    /** The receiver, and a route with the export cycle's id watched by the notifier; the first {@link #hangs} requests get no answer in time. */
    private ProducerTemplate start(Duration timeout, int retries) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (hangs.getAndDecrement() > 0) {
                sleep(timeout.multipliedBy(3));
                exchange.close();
                return;
            }
            received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"), new ObjectMapper().readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Webhook webhook = new Webhook(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), SECRET, timeout, retries);
        notifier = new StateChangeNotifier("shop.erp.dwh", "", webhook, Clock.systemUTC());
        camel = new DefaultCamelContext();
        camel.addRoutePolicyFactory(notifier);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:export-cycle").routeId("export-cycle").process(exchange -> {
                    if (failing.get()) {
                        throw new SQLException("the state database refused the connection (fix: start it or correct ctsync.state.url)");
                    }
                });
            }
        });
        camel.start();
        return camel.createProducerTemplate();
    }

    private void awaitPosts(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(received).hasSizeGreaterThanOrEqualTo(count);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
