package io.ctsync.db;

import io.ctsync.values.ColumnTypes;

/**
 * One kind of database ctsync works with: it recognises its own product, enforces the driver
 * settings ctsync needs, and hands out one object per role. The register resolves it once per data
 * source, when its pool opens; callers take the role they need from it and never ask which database
 * they talk to.
 */
public interface DatabaseType {

    String name();

    /** Whether this type serves the database whose JDBC metadata names this product. */
    boolean handlesProduct(String productName);

    /** Whether this type serves a database reached through this JDBC URL. */
    boolean handlesUrl(String url);

    /** The JDBC URL ctsync connects with: the configured one, with the driver settings this database needs from ctsync enforced. */
    default String connectionUrl(String url) {
        return url;
    }

    /** The type model: how each column's values are written to JSON and bound back. */
    ColumnTypes types();

    /** Capture: snapshots, versions, the survey and the changes of a window. */
    SourceDialect source();

    /** ctsync's own change tracking, where the database has none. */
    TrackingDialect tracking();

    /** Writes, the bulk load and the foreign keys of an import. */
    TargetDialect target();

    /** The presence lookup of changed keys in the target. */
    PresenceDialect presence();

    /** ctsync's state, where this database keeps it. */
    StateDialect state();
}
