package io.ctsync.testing;

import io.ctsync.Ctsync;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.util.function.ThrowingConsumer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs the real command line, in-process, with a configuration file written from a map; every
 * content the run publishes is checked against docs/schema ({@link ContentSchemas}).
 */
public final class CtsyncRun {

    /** {@code stdout}: what ctsync printed itself (--check, --help); the log goes to log4j's console, see {@link ConsoleLog}. */
    public record Result(int exitCode, String stderr, String stdout) {
    }

    private final Path config;
    private final Map<String, String> properties = new LinkedHashMap<>();

    public CtsyncRun(Path dir, Map<String, String> properties) {
        this.config = dir.resolve("application.properties");
        this.properties.putAll(properties);
    }

    public CtsyncRun set(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /**
     * The API server on a port the system picks, read back with {@link CtsyncProcess#apiPort()}, and
     * no management server: no port is found free, closed, and then taken by another process first.
     */
    public CtsyncRun apiOnAFreePort() {
        return set("camel.server.port", "0").set("camel.management.enabled", "false");
    }

    public Path configFile() throws Exception {
        String text = properties.entrySet().stream()
                .map(e -> e.getKey().replace("\\", "\\\\").replace(" ", "\\ ") + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(config, text, StandardCharsets.UTF_8);
        return config;
    }

    public Result run(String... options) throws Exception {
        return run(context -> { }, options);
    }

    /**
     * Runs the command line; {@code beforeStart} gets its Camel context once the real routes of
     * {@code routes/} are loaded and before they start: the place for Camel's test kit (AdviceWith,
     * NotifyBuilder, mock endpoints).
     */
    public Result run(ThrowingConsumer<CamelContext, Exception> beforeStart, String... options) throws Exception {
        AtomicReference<Exception> adviceFailed = new AtomicReference<>();
        Result result = run(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                try {
                    beforeStart.accept(main.getCamelContext());
                } catch (Exception e) {
                    adviceFailed.set(e);
                    throw new IllegalStateException("advising the routes failed", e);
                }
            }
        }, options);
        if (adviceFailed.get() != null) {
            throw adviceFailed.get();
        }
        return result;
    }

    /** Runs the command line with a listener on its Camel Main, which sees each step of Camel Main's start. */
    public Result run(MainListener listener, String... options) throws Exception {
        String[] args = new String[options.length + 2];
        args[0] = "--config";
        args[1] = configFile().toString();
        System.arraycopy(options, 0, args, 2, options.length);
        ContentSchemas.Published published = ContentSchemas.before(properties);
        PrintStream original = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        try {
            int code = Ctsync.run(listener, args);
            published.checkNewOnes();
            return new Result(code, captured.toString(StandardCharsets.UTF_8), capturedOut.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
            System.setOut(originalOut);
            System.out.print(capturedOut.toString(StandardCharsets.UTF_8));
            System.err.print(captured.toString(StandardCharsets.UTF_8));
        }
    }

    /** One export cycle; fails the test unless it exits 0. */
    public void once() throws Exception {
        Result result = run("--once");
        if (result.exitCode() != 0) {
            throw new AssertionError("ctsync --once exited " + result.exitCode() + ": " + result.stderr());
        }
    }

    /** One cycle whose routes {@code beforeStart} advised, expected to fail: returns its one-line reason. */
    public String onceFailing(ThrowingConsumer<CamelContext, Exception> beforeStart) throws Exception {
        Result result = run(beforeStart, "--once");
        if (result.exitCode() != 1) {
            throw new AssertionError("ctsync --once exited " + result.exitCode() + ", not 1: " + result.stderr());
        }
        return result.stderr();
    }

    public void enableTracking() throws Exception {
        Result result = run("--enable-tracking");
        if (result.exitCode() != 0) {
            throw new AssertionError("ctsync --enable-tracking exited " + result.exitCode() + ": " + result.stderr());
        }
    }
}
