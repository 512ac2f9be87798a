package io.ctsync.pipeline;

import io.ctsync.api.ApiConfiguration;
import io.ctsync.config.ConfigException;
import io.ctsync.config.PipelineConfig;
import io.ctsync.notify.Webhook;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * The start-up of the process's pipelines, run while Camel Main boots (bench/README.md, "Export
 * speed", round 4): a thread of its own opens each pipeline's databases and gateway, runs its
 * start-up checks and makes its beans ({@link PipelineConfiguration}), one pipeline after the other
 * as before, while the main thread builds the Camel context and loads the routes. Once the routes
 * are loaded, and before Camel creates them (so before any route, schedule or server starts), the
 * main thread waits for that thread and binds the beans. A refusal stops Camel Main's start there;
 * the command line then reports it as the checks threw it ({@link #rethrowFailure()}).
 */
public final class PipelineStartup extends MainListenerSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineStartup.class);

    private final FutureTask<List<PipelineConfiguration>> checks;
    private final long began = System.nanoTime();
    private volatile long ended;

    private PipelineStartup(Callable<List<PipelineConfiguration>> startup) {
        checks = new FutureTask<>(() -> {
            try {
                return startup.call();
            } finally {
                ended = System.nanoTime();
            }
        });
        Thread thread = new Thread(checks, "ctsync-startup");
        // a process that ends for another reason does not wait for a database that does not answer
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts the pipelines' start-up. The webhooks are read here, on the caller's thread: the
     * settings are Camel's PropertiesComponent, which Camel Main changes while it boots, so only the
     * main thread reads them. {@code api}: where the pipelines are served, null for {@code --once}.
     */
    public static PipelineStartup begin(List<PipelineConfig> pipelines, SharedPools pools, MeterRegistry registry, boolean demo,
                                        ApiConfiguration api) {
        List<Webhook> webhooks = new ArrayList<>();
        for (PipelineConfig pipeline : pipelines) {
            try {
                webhooks.add(Webhook.of(pipeline.settings()));
            } catch (ConfigException refusal) {
                throw naming(pipelines, pipeline, refusal);
            }
        }
        return new PipelineStartup(() -> {
            List<PipelineConfiguration> configurations = new ArrayList<>();
            for (int i = 0; i < pipelines.size(); i++) {
                PipelineConfig pipeline = pipelines.get(i);
                try {
                    configurations.add(new PipelineConfiguration(PipelineContext.open(pipeline, pools, registry), webhooks.get(i), demo, api));
                } catch (ConfigException refusal) {
                    throw naming(pipelines, pipeline, refusal);
                }
            }
            return configurations;
        });
    }

    /** A refusal names its pipeline when the process runs several. */
    private static ConfigException naming(List<PipelineConfig> pipelines, PipelineConfig pipeline, ConfigException refusal) {
        return pipelines.size() > 1 ? ConfigException.inPipeline(pipeline.name(), refusal) : refusal;
    }

    /** The routes are loaded and not yet created: the beans they call must be bound now. */
    @Override
    public void afterConfigure(BaseMainSupport main) {
        List<PipelineConfiguration> configurations;
        long waiting = System.nanoTime();
        try {
            configurations = checks.get();
        } catch (ExecutionException failed) {
            // ends Camel Main's start; the command line replaces it with the cause, see rethrowFailure
            throw new IllegalStateException("the pipelines' start-up failed", failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the pipelines started", e);
        }
        // how much of the start-up ran beside Camel Main's boot (bench/README.md, "Export speed")
        LOG.debug("pipelines started in {} ms, {} ms of it after Camel Main had loaded the routes", millis(ended - began),
                millis(Math.max(0, ended - waiting)));
        configurations.forEach(configuration -> configuration.bind(main.getCamelContext()));
    }

    /**
     * Waits for the start-up to end and throws what refused it, as the checks threw it (a
     * {@link ConfigException} for a configuration they refused); returns if it succeeded.
     */
    public void rethrowFailure() throws Exception {
        try {
            checks.get();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) failed.getCause();
        }
    }

    /** Waits for the start-up thread, so that the pools it opens are closed after it, never under it. */
    @Override
    public void close() throws InterruptedException {
        try {
            checks.get();
        } catch (ExecutionException reportedByRethrowFailure) {
            // rethrowFailure reported it, or the main thread refused the configuration first, as it did before the checks
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
