package io.ctsync.importing;

/** A content that cannot be applied as it is: wrong table, wrong key, wrong constant, a value the target cannot take, a conflict under {@code fail}, a row that breaks a foreign key. */
final class ContentRejectedException extends Exception {

    ContentRejectedException(String message) {
        super(message);
    }

    ContentRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
