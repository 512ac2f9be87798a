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

    /** Properties for Camel Main: on, on loopback unless a token protects it; a port the user set is kept. */
    public static Properties properties(ApiAccess access, Properties configured) {
        Properties properties = new Properties();
        properties.setProperty("camel.server.enabled", "true");
        properties.setProperty("camel.server.port", configured.getProperty("camel.server.port", DEFAULT_PORT));
        properties.setProperty("camel.server.host", access.tokenRequired()
                ? configured.getProperty("camel.server.host", "0.0.0.0") : "127.0.0.1");
        return properties;
    }
}
