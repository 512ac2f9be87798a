package io.ctsync.monitoring;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness: the last export and import cycles of this process succeeded. DOWN after a failed
 * cycle, with its error, until a cycle succeeds again; a standby replica, which runs no cycle,
 * stays UP. Not a liveness check: a cycle fails for reasons a restart does not cure.
 */
public final class LastCycleHealthCheck extends AbstractHealthCheck {

    private final CycleMonitor cycles;

    /** {@code routePrefix}: the pipeline's, empty for the single pipeline of a classic configuration. */
    public LastCycleHealthCheck(String routePrefix, CycleMonitor cycles) {
        super("ctsync", "ctsync-" + routePrefix + "last-cycle");
        this.cycles = cycles;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean up = true;
        for (String pipeline : CycleMonitor.CYCLE_ROUTES.values()) {
            CycleMonitor.Outcome outcome = cycles.last(pipeline).orElse(null);
            if (outcome == null) {
                continue;
            }
            builder.detail(pipeline + ".finished", outcome.finishedAt().toString());
            builder.detail(pipeline + ".ok", outcome.ok());
            if (!outcome.ok()) {
                builder.detail(pipeline + ".error", outcome.error());
                builder.message("the last " + pipeline + " cycle failed: " + outcome.error());
                up = false;
            }
        }
        builder.state(up ? HealthCheck.State.UP : HealthCheck.State.DOWN);
    }
}
