package io.ctsync.monitoring;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;

/**
 * Readiness: a database of the pipeline (source, target, state) answers. Not a liveness check:
 * restarting the pod does not bring a database back, it only loses the leader's lease.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final int TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;

    public DatabaseHealthCheck(String role, DataSource dataSource) {
        super("ctsync", "ctsync-" + role);
        this.dataSource = dataSource;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.message("the connection did not answer within " + TIMEOUT_SECONDS + " s").down();
            }
        } catch (Exception e) {
            // JDBC messages name the host and the user at most, never the password
            builder.message(e.getMessage()).error(e).down();
        }
    }
}
