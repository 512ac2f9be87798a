package io.ctsync.db;

import io.ctsync.values.ColumnTypes;

import java.util.Locale;

/**
 * What every database type ctsync ships has in common: it is recognised by a fragment of its
 * product name and by its JDBC URL prefix, and it holds one object per role, made once. A database
 * differs from another only in what it passes here (and, for SQL Server, in its driver settings).
 */
public abstract class KnownDatabaseType implements DatabaseType {

    private final String name;
    private final String product;
    private final String urlPrefix;
    private final ColumnTypes types;
    private final SourceDialect source;
    private final TrackingDialect tracking;
    private final TargetDialect target;
    private final PresenceDialect presence;
    private final StateDialect state;

    /** {@code product}: a lower-case fragment of the product name the driver reports; {@code urlPrefix}: as in {@code jdbc:h2:}. */
    protected KnownDatabaseType(String name, String product, String urlPrefix, ColumnTypes types, SourceDialect source,
                                TrackingDialect tracking, TargetDialect target, PresenceDialect presence, StateDialect state) {
        this.name = name;
        this.product = product;
        this.urlPrefix = urlPrefix;
        this.types = types;
        this.source = source;
        this.tracking = tracking;
        this.target = target;
        this.presence = presence;
        this.state = state;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean handlesProduct(String productName) {
        return productName.toLowerCase(Locale.ROOT).contains(product);
    }

    @Override
    public final boolean handlesUrl(String url) {
        return url.regionMatches(true, 0, urlPrefix, 0, urlPrefix.length());
    }

    @Override
    public final ColumnTypes types() {
        return types;
    }

    @Override
    public final SourceDialect source() {
        return source;
    }

    @Override
    public final TrackingDialect tracking() {
        return tracking;
    }

    @Override
    public final TargetDialect target() {
        return target;
    }

    @Override
    public final PresenceDialect presence() {
        return presence;
    }

    @Override
    public final StateDialect state() {
        return state;
    }
}
