package io.ctsync.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration every test pipeline needs: its names, its state database and its gateway directory. */
public final class Pipelines {

    private Pipelines() {
    }

    /** Application, source and destination names, an H2 state file and a file gateway, and the tables. */
    public static Map<String, String> properties(String application, String source, String destination, Path state, Path gateway,
                                                 String tables) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ctsync.application", application);
        properties.put("ctsync.source.name", source);
        properties.put("ctsync.destination.name", destination);
        properties.put("ctsync.state.url", "jdbc:h2:file:" + state);
        properties.put("ctsync.gateway.dir", gateway.toString());
        properties.put("ctsync.tables", tables);
        return properties;
    }
}
