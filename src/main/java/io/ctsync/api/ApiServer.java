package io.ctsync.api;

import java.util.Properties;

/**
 * The settings of Camel's embedded HTTP server ({@code platform-http}, {@code camel.server.*}) that
 * serves the API and the status page in the long-running process. Without a token it binds to the
 * loopback interface, so that an unprotected API is never reachable from another machine.
 */
public final class ApiServer {

    public static final String DEFAULT_PORT = "8081";

    private ApiServer() {
    }

    /**
     * Properties for Camel Main: on, on loopback unless a token protects it; the port and host the
     * user configured ({@code camel.server.port}, {@code camel.server.host}; null when not set) are kept.
     */
    public static Properties properties(ApiAccess access, String configuredPort, String configuredHost) {
        Properties properties = new Properties();
        properties.setProperty("camel.server.enabled", "true");
        properties.setProperty("camel.server.port", configuredPort == null ? DEFAULT_PORT : configuredPort);
        properties.setProperty("camel.server.host", !access.tokenRequired() ? "127.0.0.1"
                : configuredHost == null ? "0.0.0.0" : configuredHost);
        return properties;
    }
}
