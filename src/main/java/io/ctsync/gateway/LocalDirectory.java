package io.ctsync.gateway;

import io.ctsync.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** For {@code --check}: the gateway's local directory exists or can be created, is writable, and how much room it has; nothing is written. */
public final class LocalDirectory {

    private static final String KEY = "ctsync.gateway.dir";

    private LocalDirectory() {
    }

    public static String check(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        Path existing = absolute;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new ConfigException(KEY, existing + " is not a directory", "point " + KEY + " at a directory");
        }
        // access(2): also false on a read-only mount
        if (!Files.isWritable(existing)) {
            throw new ConfigException(KEY, existing + " is not writable by this user or is mounted read-only",
                    "give the user that runs ctsync write access to it, or choose another directory");
        }
        long free = Files.getFileStore(existing).getUsableSpace();
        String created = existing.equals(absolute) ? "" : " (created at the first run in " + existing + ")";
        return absolute + created + ", writable, " + mebibytes(free) + " MiB free";
    }

    private static long mebibytes(long bytes) {
        return bytes / (1024 * 1024);
    }
}
