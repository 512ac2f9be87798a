package io.ctsync.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the importer does with a target row that changed locally since the last import
 * (docs/design.md, "Import"): {@code ctsync.import.conflict}.
 */
public enum ConflictPolicy {
    /** The content's row is written over the local change. */
    SOURCE_WINS("source-wins"),
    /** The local change is kept and the content's row for that key is skipped. */
    TARGET_WINS("target-wins"),
    /** The content is not applied; it is recorded as failed until someone resolves the conflict. */
    FAIL("fail");

    private final String key;

    ConflictPolicy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static ConflictPolicy parse(String configKey, String value) {
        return Arrays.stream(values()).filter(p -> p.key.equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException(configKey, "unknown conflict policy '" + value + "'",
                        "use one of " + Arrays.stream(values()).map(ConflictPolicy::key).collect(Collectors.joining(", "))));
    }
}
