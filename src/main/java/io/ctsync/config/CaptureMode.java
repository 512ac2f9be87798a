package io.ctsync.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The ways ctsync learns what changed (docs/design.md, "Capture"). */
public enum CaptureMode {
    CHANGE_TRACKING("change-tracking"),
    CHANGE_TABLE("change-table"),
    COMPARE("compare"),
    /** PostgreSQL's write-ahead log through a logical replication slot (docs/design.md, "Capture", item 4). */
    WAL("wal");

    private final String key;

    CaptureMode(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether capturing reads the target database (compare does; the others read the source alone). */
    public boolean readsTarget() {
        return this == COMPARE;
    }

    /**
     * Whether the capture knows changed keys and reads their rows in the cycle's snapshot (change
     * tracking, and the write-ahead log): masks apply to those rows, and a table can be sent whole.
     */
    public boolean readsRowsByKey() {
        return this == CHANGE_TRACKING || this == WAL;
    }

    public static CaptureMode parse(String configKey, String value) {
        return Arrays.stream(values()).filter(m -> m.key.equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException(configKey, "unknown capture mode '" + value + "'",
                        "use one of " + Arrays.stream(values()).map(CaptureMode::key).collect(Collectors.joining(", "))));
    }
}
