package io.ctsync.pipeline;

import io.ctsync.api.ApiConfiguration;
import io.ctsync.api.CyclesView;
import io.ctsync.api.ExportsView;
import io.ctsync.api.ImportsView;
import io.ctsync.api.LeadershipView;
import io.ctsync.api.PipelineView;
import io.ctsync.api.Pipelines;
import io.ctsync.api.TrackingView;
import io.ctsync.capture.TrackingInstaller;
import io.ctsync.config.CtsyncConfig;
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
import io.ctsync.importing.ImportHistory;
import io.ctsync.importing.Importer;
import io.ctsync.monitoring.CycleMonitor;
import io.ctsync.monitoring.DatabaseHealthCheck;
import io.ctsync.monitoring.GatewayHealthCheck;
import io.ctsync.monitoring.LastCycleHealthCheck;
import io.ctsync.notify.StateChangeNotifier;
import io.ctsync.notify.Webhook;
import io.ctsync.presence.PresenceLookup;
import org.apache.camel.CamelContext;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The beans of one pipeline, made from its {@link PipelineContext} after the start-up checks of
 * its databases, and bound under the pipeline's route prefix and the names routes/export.camel.yaml
 * and routes/import.camel.yaml call them by (a prefix that Camel's {@code @BindToRegistry}, whose
 * names are fixed, cannot carry). The same configuration serves the long-running process,
 * {@code --once} and, given the API, {@code /api/pipelines/{name}/}. It is made on the start-up
 * thread and bound on the main one ({@link PipelineStartup}).
 */
public final class PipelineConfiguration {

    private final PipelineContext context;
    private final CtsyncConfig config;
    /** By the name routes call them, before the route prefix. */
    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final CycleMonitor cycles;
    /** Null without {@code ctsync.notify.webhook}. */
    private final StateChangeNotifier notifier;
    /** Where the pipeline is served, and its views there; both null for {@code --once}. */
    private final ApiConfiguration api;
    private final Pipelines.Served served;

    /**
     * Checks the pipeline's databases and makes its beans. {@code webhook}: the pipeline's, null
     * without one; {@code demo}: the demo's shop and warehouse are created first; {@code api}: the
     * pipeline is served over the API, null for {@code --once}.
     */
    public PipelineConfiguration(PipelineContext context, Webhook webhook, boolean demo, ApiConfiguration api) throws SQLException {
        this.context = context;
        this.config = context.config();
        TrackingInstaller tracking = context.source() == null ? null
                : new TrackingInstaller(context.source(), config.tables(), config.trackingRetention());
        if (demo) {
            DemoShop shop = new DemoShop(context.source());
            shop.create(context.target());
            tracking.enable();
            beans.put("demoShop", shop);
        }
        cycles = new CycleMonitor(context.routePrefix(), context.metrics(), Clock.systemUTC(), context.history());
        notifier = webhook == null ? null : new StateChangeNotifier(config.application() + "." + config.sourceName() + "."
                + config.destinationName(), context.routePrefix(), webhook, Clock.systemUTC());
        monitoring();
        TrackingInspection inspection = config.export().enabled() ? export(tracking) : null;
        if (config.importing().enabled()) {
            importing();
        }
        this.api = api;
        served = api == null ? null : served(inspection, api.leadership(context.pipeline().leaderGroup()));
    }

    /**
     * Binds the beans, watches the pipeline's cycles and serves its views: after Camel Main has
     * loaded the routes and before it creates them, which is when a route looks its beans up.
     */
    public void bind(CamelContext camelContext) {
        beans.forEach((name, bean) -> camelContext.getRegistry().bind(context.routePrefix() + name, bean));
        // route policy factories are added, not bound: Camel Main looked for them in its registry while it configured itself
        camelContext.addRoutePolicyFactory(cycles);
        if (notifier != null) {
            camelContext.addRoutePolicyFactory(notifier);
        }
        if (api != null) {
            api.serve(served);
        }
    }

    /** The cycle monitor and the readiness checks, which Camel's health check registry finds by type. */
    private void monitoring() {
        String prefix = context.routePrefix();
        beans.put("cycleMonitor", cycles);
        beans.put("lastCycleHealthCheck", new LastCycleHealthCheck(prefix, cycles));
        beans.put("gatewayHealthCheck", new GatewayHealthCheck(prefix, context.gateway(), config.application(),
                config.sourceName(), config.destinationName()));
        context.databases().forEach((role, dataSource) -> beans.put(role + "DatabaseHealthCheck",
                new DatabaseHealthCheck(prefix + role, dataSource)));
    }

    /** The stages of routes/export.camel.yaml, after checking the source (and the target's presence lookups). */
    private TrackingInspection export(TrackingInstaller tracking) throws SQLException {
        ExportedTables tables = new ExportedTables(config.tables(), context.identity());
        tables.checkSource(context.source(), context.target());
        if (config.export().presence() && context.target() != null) {
            PresenceLookup.check(context.target());
        }
        beans.put("cycleOpener", new CycleOpener(context.identity(), config, tables, context.source(), context.target(),
                context.state(), new IntentRecovery(tables, context.gateway()), context.jobs()));
        beans.put("tableExport", new TableExport(config.export(), tables, context.target(), context.state(), context.gateway(),
                context.jobs()));
        beans.put("contentPublisher", new ContentPublisher(context.gateway()));
        beans.put("changeConsumer", new ChangeConsumer(tables));
        beans.put("cycleCommit", new CycleCommit(context.state(), context.metrics()));
        beans.put("tracking", tracking);
        beans.put("exportJobRunner", new ExportJobRunner(context.identity(), context.jobs()));
        return new TrackingInspection(context.identity(), config, tables, context.source(), context.target(), context.state());
    }

    /**
     * The stages of routes/import.camel.yaml, after checking the target; the import log is created if it is missing,
     * and staging tables a dead process left are dropped.
     */
    private void importing() throws SQLException {
        Importer importer = new Importer(context.identity(), config, context.target(), context.gateway(), context.metrics());
        importer.checkTarget();
        importer.createImportLog();
        importer.sweepStaging();
        beans.put("importer", importer);
    }

    /**
     * The pipeline's views for the API. {@code inspection} is null when this process does not
     * export; without a target (an exporter without presence) the imports view answers 404.
     */
    private Pipelines.Served served(TrackingInspection inspection, LeadershipView leadership) {
        ImportHistory imports = config.importing().enabled() && context.target() != null
                ? new ImportHistory(context.identity(), context.target(), context.gateway()) : null;
        return new Pipelines.Served(context.pipeline().name(), new PipelineView(config, context.gateway(), leadership),
                new TrackingView(inspection, imports), new CyclesView(context.history(), leadership), new ImportsView(imports),
                new ExportsView(context.pipeline(), context.identity(), context.jobs()));
    }
}
