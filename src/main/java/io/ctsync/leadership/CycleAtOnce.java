package io.ctsync.leadership;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.master.MasterEndpoint;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The routes of one election group, found by their {@code master:<group>:} endpoint: a new leader
 * fires their Quartz jobs at once rather than waiting for the schedule (the jobs are stateful, so
 * a firing never overlaps a running one); a stopping leader waits until none has an exchange in
 * flight before it gives the lease up.
 */
final class CycleAtOnce {

    private static final Logger LOG = LoggerFactory.getLogger(CycleAtOnce.class);

    private CycleAtOnce() {
    }

    /** Fires the group's scheduled jobs now; their consumers were started by the leadership event that precedes this call. */
    static void trigger(CamelContext context, String group) {
        for (Route route : routes(context, group)) {
            if (((MasterEndpoint) route.getEndpoint()).getEndpoint() instanceof QuartzEndpoint quartz) {
                try {
                    quartz.getComponent().getScheduler().triggerJob(new JobKey(quartz.getTriggerKey().getName(), quartz.getTriggerKey().getGroup()));
                } catch (Exception e) {
                    LOG.warn("could not start {} at once on taking the leadership of {}; it runs on its schedule: {}", route.getRouteId(), group,
                            e.toString());
                }
            }
        }
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
