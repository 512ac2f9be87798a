package io.ctsync.importing;

import io.ctsync.packaging.ContentName;

/** A content was not imported; it is recorded as failed in the import log and the target is as it was. */
public final class ImportFailedException extends Exception {

    public ImportFailedException(ContentName name, String reason, Throwable cause) {
        super(name + " was not imported: " + reason, cause);
    }
}
