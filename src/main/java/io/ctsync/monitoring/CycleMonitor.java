package io.ctsync.monitoring;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the cycle routes ({@code export-cycle}, {@code import-cycle}): times every cycle and
 * remembers how the last one of each ended, for the metrics and the last-cycle health check.
 * A cycle is one exchange through its route, whether the quartz schedule or {@code --once} sent
 * it, and it failed when the exchange did, in whichever stage.
 */
public final class CycleMonitor implements RoutePolicyFactory {

    /** Route id of a cycle, and the pipeline name its meters and health details use. */
    static final Map<String, String> CYCLE_ROUTES = Map.of("export-cycle", "export", "import-cycle", "import");

    private static final String CYCLE_STARTED = "ctsync.cycle.started";

    /** How a cycle ended; {@code error} is null when it succeeded. */
    public record Outcome(Instant finishedAt, Duration duration, String error) {

        public boolean ok() {
            return error == null;
        }
    }

    private final Metrics metrics;
    private final Clock clock;
    private final Map<String, Outcome> lastOutcomes = new ConcurrentHashMap<>();

    public CycleMonitor(Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        String pipeline = CYCLE_ROUTES.get(routeId);
        return pipeline == null ? null : new Policy(pipeline);
    }

    /** The last outcome of the export or import cycle, if one has run in this process. */
    public Optional<Outcome> last(String pipeline) {
        return Optional.ofNullable(lastOutcomes.get(pipeline));
    }

    private final class Policy extends RoutePolicySupport {

        private final String pipeline;

        Policy(String pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(CYCLE_STARTED, System.nanoTime());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Long started = exchange.getProperty(CYCLE_STARTED, Long.class);
            Duration duration = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
            Exception failure = exchange.getException();
            String error = !exchange.isFailed() ? null
                    : failure == null ? "failed" : failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage());
            lastOutcomes.put(pipeline, new Outcome(clock.instant(), duration, error));
            metrics.cycle(pipeline, error == null, duration);
        }

        private static String firstLine(String message) {
            return message == null ? "" : message.lines().findFirst().orElse("");
        }
    }
}
