package io.ctsync.db.h2;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an embedded H2 database keeps its file, so that a check can look for it without connecting (which would create it). */
public final class H2Files {

    /** {@code jdbc:h2:file:PATH} or {@code jdbc:h2:PATH} with PATH absolute, ./relative or ~/ in the home directory. */
    private static final Pattern EMBEDDED = Pattern.compile("jdbc:h2:(?:file:)?((?:/|\\./|\\.\\./|~/|[A-Za-z]:[/\\\\])[^;]*)(?:;.*)?");

    private H2Files() {
    }

    /** The URL opening an embedded database read-only, so that even H2's own housekeeping leaves its file as it was; others as they are. */
    public static String readOnly(String url) {
        return EMBEDDED.matcher(url).matches() ? url + ";ACCESS_MODE_DATA=r" : url;
    }

    /** The {@code .mv.db} file of an embedded H2 database; empty for any other URL (in memory, a server, another database). */
    public static Optional<Path> databaseFile(String url) {
        Matcher matcher = EMBEDDED.matcher(url);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String path = matcher.group(1);
        if (path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Optional.of(Path.of(path + ".mv.db").toAbsolutePath().normalize());
    }
}
