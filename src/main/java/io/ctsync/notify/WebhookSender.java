package io.ctsync.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts each change to the webhook on a thread of its own, in order, so that a slow or absent
 * receiver never holds up a cycle: each try has the webhook's timeout, a failed try (no answer, or
 * not 2xx) is repeated up to {@code retries} times with a doubling pause from one second, and a
 * change that never gets through is logged once and dropped.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final Webhook webhook;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread sender = new Thread(runnable, "ctsync-webhook");
        sender.setDaemon(true);
        return sender;
    });

    WebhookSender(Webhook webhook) {
        this.webhook = webhook;
        this.http = HttpClient.newBuilder().connectTimeout(webhook.timeout()).build();
    }

    void send(StateChange change) {
        thread.execute(() -> deliver(change));
    }

    private void deliver(StateChange change) {
        String failure = null;
        for (int attempt = 0; attempt <= webhook.retries(); attempt++) {
            try {
                if (attempt > 0) {
                    Thread.sleep(1000L << Math.min(attempt - 1, 5));
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url()).timeout(webhook.timeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(change)));
                if (webhook.authorization() != null) {
                    request.header("Authorization", webhook.authorization());
                }
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "it answered " + status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        LOG.warn("webhook {}: the {} {} notification of {} was not delivered after {} tries: {}", webhook.url().getHost(), change.stage(),
                change.state(), change.pipeline(), webhook.retries() + 1, failure);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
