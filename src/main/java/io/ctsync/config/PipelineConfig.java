package io.ctsync.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pipeline of a configuration (docs/operations.md, "Many pipelines"): its typed configuration, its
 * keys, and the names its routes, beans and leader election groups take in the one process.
 *
 * @param name         {@code application.source.destination}, as the API, the logs and the metrics name it
 * @param routePrefix  what its route ids, {@code direct:} endpoints and beans begin with: empty for
 *                     the single pipeline of a classic configuration, whose routes keep their plain ids
 * @param leaderGroup  what its {@code master:} groups begin with, empty for the single pipeline
 */
public record PipelineConfig(String name, String routePrefix, String leaderGroup, CtsyncConfig config, Settings settings) {

    /**
     * The pipelines configured under {@code ctsync.pipelines.<key>.}, each over the top-level keys
     * as shared defaults, in the order of their keys; or, without any, the one pipeline of the
     * top-level keys. Two pipelines with the same application, source and destination would share
     * their state rows and are refused.
     */
    public static List<PipelineConfig> read(Settings settings) {
        Set<String> keys = settings.pipelineNames();
        if (keys.isEmpty()) {
            CtsyncConfig config = CtsyncConfig.from(settings);
            return List.of(new PipelineConfig(nameOf(config), "", "", config, settings));
        }
        List<PipelineConfig> pipelines = new ArrayList<>();
        Map<String, String> keyByName = new HashMap<>();
        for (String key : keys) {
            Settings own = settings.pipeline(key);
            CtsyncConfig config;
            try {
                config = CtsyncConfig.from(own);
            } catch (ConfigException refusal) {
                throw ConfigException.inPipeline(key, refusal);
            }
            String name = nameOf(config);
            String other = keyByName.put(name, key);
            if (other != null) {
                throw new ConfigException(Settings.PIPELINES_PREFIX + key, "has the application, source and destination of "
                        + Settings.PIPELINES_PREFIX + other + " (" + name + ")", "give each pipeline its own source or destination name");
            }
            // lower case: a Kubernetes Lease is named after the group
            pipelines.add(new PipelineConfig(name, name + ".", name.toLowerCase(java.util.Locale.ROOT) + "-", config, own));
        }
        return List.copyOf(pipelines);
    }

    private static String nameOf(CtsyncConfig config) {
        return config.application() + "." + config.sourceName() + "." + config.destinationName();
    }

    /** The Quartz schedule of the tracking retention. */
    public String retentionSchedule() {
        return settings.get("ctsync.tracking.retention-schedule", "0 15 3 * * ?");
    }
}
