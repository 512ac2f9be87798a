package io.ctsync.notify;

import io.ctsync.failure.Failures;
import io.ctsync.importing.ImportCycle;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one pipeline's export and import cycles and tells the webhook when either changes
 * state: {@code failing} (a cycle failed), {@code blocked} (the import waits behind a missing
 * sequence), {@code recovered} (a cycle succeeded again). Once per change: a failure that lasts a
 * hundred cycles is one POST, its recovery another (docs/operations.md, "Running on Kubernetes").
 */
public final class StateChangeNotifier implements RoutePolicyFactory, AutoCloseable {

    private static final Map<String, String> CYCLE_ROUTES = Map.of("export-cycle", "export", "import-cycle", "import");

    private final String pipeline;
    private final String routePrefix;
    private final WebhookSender sender;
    private final Clock clock;
    private final Map<String, StateChange> current = new ConcurrentHashMap<>();

    public StateChangeNotifier(String pipeline, String routePrefix, Webhook webhook, Clock clock) {
        this.pipeline = pipeline;
        this.routePrefix = routePrefix;
        this.sender = new WebhookSender(webhook);
        this.clock = clock;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        String stage = routeId.startsWith(routePrefix) ? CYCLE_ROUTES.get(routeId.substring(routePrefix.length())) : null;
        return stage == null ? null : new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                cycleEnded(stage, exchange);
            }
        };
    }

    private void cycleEnded(String stage, Exchange exchange) {
        String state;
        String what;
        String fix;
        OptionalLong missing = exchange.getMessage().getBody() instanceof ImportCycle cycle ? cycle.missingSequence() : OptionalLong.empty();
        if (exchange.isFailed()) {
            state = "failing";
            String line = exchange.getException() == null ? stage + " cycle failed" : Failures.oneLine(exchange.getException());
            // the failure's own fix comes first; a generic one ("the stack trace is logged at DEBUG") may follow it
            String[] parts = line.split(" \\(fix: ");
            what = parts[0];
            fix = parts.length > 1 ? parts[1].replaceFirst("\\)$", "") : "see the log of the " + stage + " cycle";
        } else if (missing.isPresent()) {
            state = "blocked";
            what = "contents wait behind sequence " + missing.getAsLong() + ", which is missing";
            fix = "publish sequence " + missing.getAsLong() + " again, or set ctsync.import.ignore-sequence=true";
        } else {
            state = "ok";
            what = "";
            fix = "";
        }
        StateChange before = current.get(stage);
        String previous = before == null ? "ok" : before.state();
        if (previous.equals(state)) {
            return;
        }
        String now = clock.instant().toString();
        if (state.equals("ok")) {
            current.remove(stage);
            sender.send(new StateChange(pipeline, stage, "recovered", now, "recovered from: " + before.what(), ""));
        } else {
            StateChange change = new StateChange(pipeline, stage, state, now, what, fix);
            current.put(stage, change);
            sender.send(change);
        }
    }

    @Override
    public void close() {
        sender.close();
    }
}
