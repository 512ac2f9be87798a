package io.ctsync.packaging;

/** A content that cannot be trusted: unreadable ZIP, bad manifest, or an entry whose checksum or row count is off. */
public final class CorruptContentException extends Exception {

    public CorruptContentException(String message) {
        super(message);
    }

    public CorruptContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
