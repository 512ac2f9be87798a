package io.ctsync.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ctsync running on its schedule in a JVM of its own, as in a pod, with its output in a log file:
 * started from a configuration, asked over HTTP, stopped with SIGTERM.
 */
public final class CtsyncProcess implements AutoCloseable {

    /** What ctsync logs for a server configured with port 0 (see CtsyncRun#apiOnAFreePort). */
    private static final Pattern LISTENING = Pattern.compile("HTTP server \\(configured port 0\\) listening on port (\\d+)");

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CtsyncProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static CtsyncProcess start(Path config, Path log) throws IOException {
        return start(config, log, Map.of());
    }

    /** As {@link #start(Path, Path)}, with environment variables of its own (a pod's name, the Kubernetes API). */
    public static CtsyncProcess start(Path config, Path log, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.ctsync.Ctsync", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new CtsyncProcess(builder.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal ({@code KILL}, {@code TERM}, {@code STOP}, {@code CONT}) to the process, as kill(1) does. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the process to end, as after {@link #signal}; false when it is still running after {@code within}. */
    public boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits, polling, until {@code condition} holds; fails with the process's log when it does not within the time. */
    public void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("ctsync never got to: " + what + (process.isAlive() ? "" : " (it exited)") + "; its log:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    /** The port the system gave the API server ({@link CtsyncRun#apiOnAFreePort()}), from ctsync's log once it listens. */
    public int apiPort() throws InterruptedException {
        await("the API server listens", Duration.ofSeconds(90), () -> LISTENING.matcher(log()).find());
        Matcher listening = LISTENING.matcher(log());
        listening.find();
        int port = Integer.parseInt(listening.group(1));
        if (listening.find()) {
            throw new AssertionError("more than one server on port 0, which is the API's? its log:\n" + log());
        }
        return port;
    }

    public HttpResponse<String> get(int port, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(int port, String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether a GET of {@code path} answers with {@code status} (the HTTP server answers 404 until the routes are up). */
    public boolean answers(int port, String path, int status) {
        try {
            return get(port, path).statusCode() == status;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ctsync did not stop within 60 s of SIGTERM");
        }
    }
}
