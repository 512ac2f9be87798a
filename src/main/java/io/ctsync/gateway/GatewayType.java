package io.ctsync.gateway;

import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;

import java.io.IOException;

/**
 * The gateways ctsync can ship contents through ({@code ctsync.gateway.type}): how each one is
 * opened for a run, and how {@code --check} looks at it without writing anything.
 */
public enum GatewayType {

    FILE("file") {
        @Override
        public Gateway open(CtsyncConfig.Gateway config) {
            return new FileGateway(config.dir());
        }

        @Override
        public String check(CtsyncConfig.Gateway config) throws IOException {
            return LocalDirectory.check(config.dir());
        }
    },
    AZURE_BLOB("azure-blob") {
        @Override
        public Gateway open(CtsyncConfig.Gateway config) {
            return AzureBlobConnector.connect(config);
        }

        @Override
        public String check(CtsyncConfig.Gateway config) throws IOException {
            return AzureBlobConnector.check(config) + "; staging in " + LocalDirectory.check(config.dir());
        }
    };

    private final String key;

    GatewayType(String key) {
        this.key = key;
    }

    /** The gateway the configuration names; an unknown name is refused. */
    public static GatewayType of(CtsyncConfig.Gateway config) {
        for (GatewayType type : values()) {
            if (type.key.equals(config.type())) {
                return type;
            }
        }
        throw new ConfigException("ctsync.gateway.type", "unknown gateway '" + config.type() + "'", "use file or azure-blob");
    }

    /** The gateway a run ships through; the Blob gateway's container is created if it is missing. */
    public abstract Gateway open(CtsyncConfig.Gateway config);

    /** For {@code --check}: what was found, without creating a directory or a container; throws the problem. */
    public abstract String check(CtsyncConfig.Gateway config) throws IOException;
}
