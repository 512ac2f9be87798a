package io.ctsync;

import com.zaxxer.hikari.HikariDataSource;
import io.ctsync.api.Api;
import io.ctsync.api.Pipelines;
import io.ctsync.capture.TrackingInstaller;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.DataSources;
import io.ctsync.config.PipelineConfig;
import io.ctsync.demo.DemoShop;
import io.ctsync.exporting.ChangeConsumer;
import io.ctsync.exporting.ContentPublisher;
import io.ctsync.exporting.CycleCommit;
import io.ctsync.exporting.CycleOpener;
import io.ctsync.exporting.ExportJobRunner;
import io.ctsync.exporting.ExportedTables;
import io.ctsync.exporting.IntentRecovery;
import io.ctsync.exporting.TableExport;
import io.ctsync.exporting.TrackingInspection;
import io.ctsync.gateway.Gateway;
import io.ctsync.gateway.GatewayType;
import io.ctsync.importing.Importer;
import io.ctsync.monitoring.CycleHistory;
import io.ctsync.monitoring.Metrics;
import io.ctsync.monitoring.Monitoring;
import io.ctsync.pipeline.SharedPools;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.main.Main;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Checks one pipeline's databases and binds its beans under the names its routes call them: the
 * pipeline's route prefix, then the name routes/export.camel.yaml and routes/import.camel.yaml use.
 */
final class PipelineWiring {

    /** How many cycles {@code GET /api/cycles} can show. */
    private static final int CYCLES_KEPT = 50;
    /** Connections each pipeline adds to the pool of each of its databases: a cycle may hold one, a second reader in its snapshot (README.md, "Export speed") and the change tables' one. */
    private static final int CONNECTIONS = 5;

    private final Main main;
    private final PipelineConfig pipeline;
    private final CtsyncConfig config;
    private final SharedPools pools;
    private final PrometheusMeterRegistry registry;

    PipelineWiring(Main main, PipelineConfig pipeline, SharedPools pools, PrometheusMeterRegistry registry) {
        this.main = main;
        this.pipeline = pipeline;
        this.config = pipeline.config();
        this.pools = pools;
        this.registry = registry;
    }

    /** {@code demo}: create the demo's shop first; {@code api}: serve the pipeline over the API, null for {@code --once}. */
    void wire(boolean demo, Pipelines api) throws SQLException {
        HikariDataSource source = config.source() == null ? null : pools.open(config.source(), CONNECTIONS);
        if (demo) {
            try (HikariDataSource warehouse = DataSources.open(config.target(), 1)) {
                new DemoShop(source).create(warehouse);
            }
        }
        TrackingInstaller tracking = source == null ? null : new TrackingInstaller(source, config.tables(), config.trackingRetention());
        if (demo) {
            tracking.enable();
            bind("demoShop", new DemoShop(source));
        }
        Gateway gateway = GatewayType.of(config.gateway()).open(config.gateway());
        HikariDataSource stateDb = pools.open(config.state(), CONNECTIONS);
        HikariDataSource target = config.usesTarget() ? pools.open(config.target(), CONNECTIONS) : null;
        StateStore state = new StateStore(stateDb);

        Map<String, DataSource> databases = new LinkedHashMap<>();
        if (source != null) {
            databases.put("source", source);
        }
        databases.put("state", stateDb);
        if (target != null) {
            databases.put("target", target);
        }
        CycleHistory history = new CycleHistory(CYCLES_KEPT);
        Metrics metrics = Monitoring.pipeline(main, registry, pipeline.routePrefix(), config, gateway, databases, history);
        ExportJobs jobs = new ExportJobs(stateDb);
        TrackingInspection inspection = null;
        if (config.export().enabled()) {
            ExportedTables tables = new ExportedTables(config.tables());
            tables.checkSource(source, target);
            if (config.export().presence() && target != null) {
                PresenceLookup.check(target);
            }
            bind("cycleOpener", new CycleOpener(config, tables, source, target, state, new IntentRecovery(tables, gateway), jobs));
            bind("tableExport", new TableExport(config.export(), tables, target, state, gateway, jobs));
            bind("contentPublisher", new ContentPublisher(gateway));
            bind("changeConsumer", new ChangeConsumer(tables));
            bind("cycleCommit", new CycleCommit(state, metrics));
            bind("tracking", tracking);
            inspection = new TrackingInspection(config, tables, source, target, state);
            bind("exportJobRunner", new ExportJobRunner(new Pipeline(config.application(), config.sourceName(),
                    config.destinationName()), jobs));
        }
        if (config.importing().enabled()) {
            Importer importer = new Importer(config, target, gateway, metrics);
            importer.checkTarget();
            importer.createImportLog();
            bind("importer", importer);
        }
        if (api != null) {
            Api.serve(api, pipeline.name(), pipeline.routePrefix().isEmpty(), config, gateway, target, history, jobs, inspection);
        }
    }

    private void bind(String bean, Object value) {
        main.bind(pipeline.routePrefix() + bean, value);
    }
}
