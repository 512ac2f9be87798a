package io.ctsync.importing;

/**
 * A content whose columns the target cannot take under {@code ctsync.import.schema-changes}: it
 * waits, recorded {@code blocked} with this line, until someone alters the target (docs/design.md,
 * "Schema changes at the source").
 */
final class SchemaChangeBlockedException extends Exception {

    SchemaChangeBlockedException(String message) {
        super(message);
    }
}
