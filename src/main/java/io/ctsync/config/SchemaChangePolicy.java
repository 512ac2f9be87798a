package io.ctsync.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the importer does when a content's columns differ from the target table's
 * (docs/design.md, "Schema changes"): {@code ctsync.import.schema-changes}.
 */
public enum SchemaChangePolicy {
    /** New columns are added and columns widened in the content's transaction; anything else blocks. */
    ADDITIVE("additive"),
    /** Every change blocks the content until someone alters the target. */
    BLOCK("block");

    private final String key;

    SchemaChangePolicy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static SchemaChangePolicy parse(String configKey, String value) {
        return Arrays.stream(values()).filter(p -> p.key.equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException(configKey, "unknown schema change policy '" + value + "'",
                        "use one of " + Arrays.stream(values()).map(SchemaChangePolicy::key).collect(Collectors.joining(", "))));
    }
}
