package io.ctsync.capture;

import io.ctsync.config.TableName;

/**
 * The versions one cycle reads for one table: changes in {@code (fromVersion, toVersion]}, or,
 * in full mode, every current row ({@code fromVersion} is then the stale version, or null on a first run).
 */
public record Window(TableName table, boolean full, Long fromVersion, long toVersion) {

    public String mode() {
        return full ? "full" : "delta";
    }

    public boolean firstRun() {
        return full && fromVersion == null;
    }
}
