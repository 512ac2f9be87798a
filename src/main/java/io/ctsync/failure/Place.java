package io.ctsync.failure;

/**
 * Where a failure happened (a database in its role, a directory, a container), attached to the
 * exception as a suppressed marker by the code that knew it, and read by {@link Failures}. A
 * marker, not a wrapper: callers that look at the exception's type or SQLState still see the
 * original. No stack trace: it only names a place.
 *
 * @param settings the configuration keys to look at when the place refused ctsync's credentials
 */
final class Place extends Throwable {

    private final String settings;

    Place(String description, String settings) {
        super(description, null, false, false);
        this.settings = settings;
    }

    String description() {
        return getMessage();
    }

    String settings() {
        return settings;
    }
}
