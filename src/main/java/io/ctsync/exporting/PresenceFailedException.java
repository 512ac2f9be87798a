package io.ctsync.exporting;

import java.sql.SQLException;

/** The target did not answer a presence lookup; the cycle fails and its intent is finished by the next one. */
final class PresenceFailedException extends RuntimeException {

    PresenceFailedException(SQLException cause, int timeoutSeconds) {
        super("presence lookup on the target failed: " + (timedOut(cause)
                ? "no answer within " + timeoutSeconds + " s (ctsync.export.presence-timeout)" : cause.getMessage()), cause);
    }

    /** JDBC's timeout exception, or PostgreSQL's query_canceled, which is how its driver reports a timeout. */
    private static boolean timedOut(SQLException e) {
        return e instanceof java.sql.SQLTimeoutException || "57014".equals(e.getSQLState());
    }
}
