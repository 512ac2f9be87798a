package io.ctsync.leadership;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.master.MasterEndpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The routes of one election group, found by their {@code master:<group>:} endpoint: a stopping
 * leader waits until none has an exchange in flight before it gives the lease up.
 */
final class GroupRoutes {

    private GroupRoutes() {
    }

    /** Waits, up to {@code within}, until no route of the group has an exchange in flight. */
    static void awaitIdle(CamelContext context, String group, Duration within) throws InterruptedException {
        if (context == null) {
            return;
        }
        Instant deadline = Instant.now().plus(within);
        List<Route> routes = routes(context, group);
        while (routes.stream().anyMatch(route -> context.getInflightRepository().size(route.getRouteId()) > 0) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    private static List<Route> routes(CamelContext context, String group) {
        return context.getRoutes().stream()
                .filter(route -> route.getEndpoint() instanceof MasterEndpoint master && master.getNamespace().equals(group)).toList();
    }
}
