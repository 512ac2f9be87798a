package io.ctsync.pipeline;

import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.PipelineConfig;
import io.ctsync.db.Pool;
import io.ctsync.gateway.Gateway;
import io.ctsync.gateway.GatewayType;
import io.ctsync.monitoring.CycleHistory;
import io.ctsync.monitoring.Metrics;
import io.ctsync.monitoring.Monitoring;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one pipeline of the process runs on, opened once and shared by all its beans
 * ({@link PipelineConfiguration}): its configuration and identity, its databases, its gateway,
 * its state, its metrics and the history of its cycles.
 *
 * @param source        the source's pool, null when the pipeline has no source
 * @param target        the target's pool, null when the pipeline does not {@linkplain CtsyncConfig#usesTarget() use it}
 * @param stateDatabase the state database's pool, behind {@code state} and {@code jobs}
 */
public record PipelineContext(PipelineConfig pipeline, Pipeline identity, Pool source, Pool target,
                              Pool stateDatabase, Gateway gateway, StateStore state, ExportJobs jobs,
                              Metrics metrics, CycleHistory history) {

    /** How many cycles {@code GET /api/cycles} and the status page's charts can show: with a cycle a second, some minutes. */
    private static final int CYCLES_KEPT = 500;
    /** Connections each pipeline adds to the pool of each of its databases: a cycle may hold one, a second reader in its snapshot (bench/README.md, "Export speed") and the change tables' one. */
    private static final int CONNECTIONS = 5;

    /** Opens the pipeline's databases in the process's shared pools and its gateway, and brings its state schema up to date. */
    public static PipelineContext open(PipelineConfig pipeline, SharedPools pools, MeterRegistry registry) throws SQLException {
        CtsyncConfig config = pipeline.config();
        Pool source = config.source() == null ? null : pools.open(config.source(), CONNECTIONS);
        Gateway gateway = GatewayType.of(config.gateway()).open(config.gateway());
        Pool stateDatabase = pools.open(config.state(), CONNECTIONS);
        Pool target = config.usesTarget() ? pools.open(config.target(), CONNECTIONS) : null;
        return new PipelineContext(pipeline, Pipeline.of(config), source, target, stateDatabase, gateway, new StateStore(stateDatabase),
                new ExportJobs(stateDatabase), Monitoring.metrics(registry, config), new CycleHistory(CYCLES_KEPT));
    }

    public CtsyncConfig config() {
        return pipeline.config();
    }

    /** What the names of the pipeline's routes and beans begin with (empty for the single pipeline of a classic configuration). */
    public String routePrefix() {
        return pipeline.routePrefix();
    }

    /** The pipeline's databases by role (source, state, target), those it opened. */
    public Map<String, DataSource> databases() {
        Map<String, DataSource> databases = new LinkedHashMap<>();
        if (source != null) {
            databases.put("source", source);
        }
        databases.put("state", stateDatabase);
        if (target != null) {
            databases.put("target", target);
        }
        return databases;
    }
}
