package io.ctsync.monitoring;

import io.ctsync.config.CtsyncConfig;
import io.ctsync.gateway.Gateway;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Map;

/**
 * Puts health checks and metrics into Camel's registry, where Camel Main finds them: the health
 * checks are served at {@code /observe/health}, and the meter registry, which Camel's own
 * metrics reuse, at {@code /observe/metrics} (both on the management server, {@code camel.management.*}).
 */
public final class Monitoring {

    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);

    private Monitoring() {
    }

    /**
     * The process's one meter registry. {@code single}: the process runs one pipeline, whose
     * application, source and destination then tag Camel's own meters too; with several, only
     * ctsync's meters carry them, each its own pipeline's.
     */
    public static PrometheusMeterRegistry install(Main main, CtsyncConfig single) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (single != null) {
            registry.config().commonTags(tags(single));
        }
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                // with camel.management.port=0 the system picks a free port: this line tells which
                started.getCamelContext().hasServices(VertxPlatformHttpServer.class).forEach(server ->
                        LOG.info("HTTP server (configured port {}) listening on port {}", server.getConfigurationPort(), server.getPort()));
            }
        });
        return registry;
    }

    /**
     * The monitoring of one pipeline: its cycle monitor and health checks, named with its route prefix.
     *
     * @param databases the pipeline's data sources by role (source, target, state); each gets a readiness check
     * @param history where every finished cycle is remembered, for the API
     * @return the metrics for the exporter and the importer to report to
     */
    public static Metrics pipeline(Main main, PrometheusMeterRegistry registry, String routePrefix, CtsyncConfig config,
                                   Gateway gateway, Map<String, DataSource> databases, CycleHistory history) {
        Metrics metrics = new Metrics(registry, tags(config));
        CycleMonitor cycles = new CycleMonitor(routePrefix, metrics, Clock.systemUTC(), history);
        main.bind(routePrefix + "cycleMonitor", cycles);
        main.bind(routePrefix + "lastCycleHealthCheck", new LastCycleHealthCheck(routePrefix, cycles));
        main.bind(routePrefix + "gatewayHealthCheck", new GatewayHealthCheck(routePrefix, gateway, config.application(),
                config.sourceName(), config.destinationName()));
        databases.forEach((role, dataSource) -> main.bind(routePrefix + role + "DatabaseHealthCheck",
                new DatabaseHealthCheck(routePrefix + role, dataSource)));
        return metrics;
    }

    private static Tags tags(CtsyncConfig config) {
        return Tags.of("application", config.application(), "source", config.sourceName(), "destination", config.destinationName());
    }
}
