package io.ctsync.config;

/**
 * Bad configuration, reported at start-up as one line: the key, what is wrong, and the fix.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String key, String problem, String fix) {
        super(key + ": " + problem + " (fix: " + fix + ")");
    }

    private ConfigException(String message) {
        super(message);
    }

    /** The same refusal, naming the pipeline of several whose configuration it concerns. */
    public static ConfigException inPipeline(String name, ConfigException refusal) {
        return new ConfigException("pipeline " + name + ": " + refusal.getMessage());
    }
}
