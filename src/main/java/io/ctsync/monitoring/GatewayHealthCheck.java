package io.ctsync.monitoring;

import io.ctsync.gateway.Gateway;
import io.ctsync.packaging.ContentName;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness: the gateway can be written and asked about a content. The local work directory
 * must be creatable (a missing or read-only mount shows here), and the gateway must answer
 * whether the pipeline's first content exists (for a remote gateway, a round trip that proves
 * the address and the credentials); the answer itself does not matter.
 */
public final class GatewayHealthCheck extends AbstractHealthCheck {

    private final Gateway gateway;
    private final ContentName probe;

    public GatewayHealthCheck(String routePrefix, Gateway gateway, String application, String source, String destination) {
        super("ctsync", "ctsync-" + routePrefix + "gateway");
        this.gateway = gateway;
        this.probe = new ContentName(application, source, destination, 1);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("gateway", gateway.describe());
        try {
            gateway.workDirectory();
            gateway.isPublished(probe);
            builder.up();
        } catch (Exception e) {
            builder.message(e.getMessage()).error(e).down();
        }
    }
}
