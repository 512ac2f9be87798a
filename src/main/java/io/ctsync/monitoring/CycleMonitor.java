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
import java.util.Collections;
import java.util.LinkedHashMap;
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
    private static final String CYCLE_STAGES = "ctsync.cycle.stages";

    /** How a cycle ended; {@code error} is null when it succeeded. */
    public record Outcome(Instant finishedAt, Duration duration, String error) {

        public boolean ok() {
            return error == null;
        }
    }

    private final String routePrefix;
    private final Metrics metrics;
    private final Clock clock;
    private final Map<String, Outcome> lastOutcomes = new ConcurrentHashMap<>();
    private final CycleHistory history;

    /** Watches the routes of the pipeline whose route ids begin with {@code routePrefix} (empty: the single pipeline's). */
    public CycleMonitor(String routePrefix, Metrics metrics, Clock clock, CycleHistory history) {
        this.routePrefix = routePrefix;
        this.metrics = metrics;
        this.clock = clock;
        this.history = history;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        if (!routeId.startsWith(routePrefix)) {
            // another pipeline's route, watched by that pipeline's monitor
            return null;
        }
        String pipeline = CYCLE_ROUTES.get(routeId.substring(routePrefix.length()));
        return pipeline == null ? new StagePolicy() : new Policy(pipeline);
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
            exchange.setProperty(CYCLE_STAGES, new LinkedHashMap<String, Long>());
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Long started = exchange.getProperty(CYCLE_STARTED, Long.class);
            Duration duration = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
            Exception failure = exchange.getException();
            String error = !exchange.isFailed() ? null
                    : failure == null ? "failed" : failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage());
            Instant finished = clock.instant();
            lastOutcomes.put(pipeline, new Outcome(finished, duration, error));
            metrics.cycle(pipeline, error == null, duration);
            @SuppressWarnings("unchecked")
            Map<String, Long> stages = exchange.getProperty(CYCLE_STAGES, Map.class);
            history.add(new CycleHistory.Cycle(pipeline, finished.minus(duration).toString(), duration.toMillis(),
                    stages == null ? Map.of() : Collections.unmodifiableMap(stages), error == null ? "ok" : "failed", error,
                    exchange.getMessage().getBody() instanceof CycleRows cycle ? cycle.rows() : null,
                    pipeline.equals("import") ? metrics.importLag() : null));
        }

        private static String firstLine(String message) {
            return message == null ? "" : message.lines().findFirst().orElse("");
        }
    }

    /** Times a stage route within a cycle's exchange; outside a cycle (an API call, say) it records nothing. */
    private final class StagePolicy extends RoutePolicySupport {

        private static final String STAGE_STARTED = "ctsync.stage.started.";

        /** The stage as the pipeline's routes are all named: its route id without the pipeline's prefix. */
        private String stage(Route route) {
            return route.getRouteId().substring(routePrefix.length());
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            @SuppressWarnings("unchecked")
            Map<String, Long> stages = exchange.getProperty(CYCLE_STAGES, Map.class);
            if (stages != null) {
                // listed when the stage begins, so that the map keeps the order in which the stages ran
                stages.putIfAbsent(stage(route), 0L);
                exchange.setProperty(STAGE_STARTED + route.getRouteId(), System.nanoTime());
            }
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            @SuppressWarnings("unchecked")
            Map<String, Long> stages = exchange.getProperty(CYCLE_STAGES, Map.class);
            Long started = exchange.getProperty(STAGE_STARTED + route.getRouteId(), Long.class);
            if (stages != null && started != null) {
                stages.merge(stage(route), (System.nanoTime() - started) / 1_000_000, Long::sum);
            }
        }
    }
}
