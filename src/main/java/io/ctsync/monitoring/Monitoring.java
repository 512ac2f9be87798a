package io.ctsync.monitoring;

import io.ctsync.config.CtsyncConfig;
import io.micrometer.core.instrument.MeterRegistry;
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

/**
 * The meters of the process and of each pipeline. The meter registry, which Camel's own metrics
 * reuse, is served at {@code /observe/metrics}, the health checks each pipeline binds
 * ({@code io.ctsync.pipeline.PipelineConfiguration}) at {@code /observe/health} (both on the
 * management server, {@code camel.management.*}).
 */
public final class Monitoring {

    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);

    private Monitoring() {
    }

    /**
     * The process's one meter registry, bound where Camel's metrics find it: Camel Main reads it
     * while it configures itself, before any configuration class runs. {@code single}: the process
     * runs one pipeline, whose application, source and destination then tag Camel's own meters
     * too; with several, only ctsync's meters carry them, each its own pipeline's.
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

    /** The metrics the exporter and the importer of one pipeline report to, tagged with the pipeline. */
    public static Metrics metrics(MeterRegistry registry, CtsyncConfig config) {
        return new Metrics(registry, tags(config));
    }

    private static Tags tags(CtsyncConfig config) {
        return Tags.of("application", config.application(), "source", config.sourceName(), "destination", config.destinationName());
    }
}
