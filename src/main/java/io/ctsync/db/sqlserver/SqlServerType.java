package io.ctsync.db.sqlserver;

import io.ctsync.db.DatabaseType;
import io.ctsync.db.PresenceDialect;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.StateDialect;
import io.ctsync.db.TargetDialect;
import io.ctsync.db.TrackingDialect;
import io.ctsync.values.ColumnTypes;

import java.util.Locale;

/** SQL Server, through its own Change Tracking: ctsync installs nothing on the source. */
public final class SqlServerType implements DatabaseType {

    private final SourceDialect source = new SqlServerSource();
    private final TrackingDialect tracking = new SqlServerTracking();
    private final TargetDialect target;
    private final PresenceDialect presence = new SqlServerPresence();
    private final StateDialect state = new SqlServerState();

    public SqlServerType() {
        this(BulkCopier.DRIVER);
    }

    /** With the bulk path's rows going through {@code copier} rather than mssql-jdbc's own bulk copy (where no server runs). */
    public SqlServerType(BulkCopier copier) {
        this.target = new SqlServerTarget(copier);
    }

    @Override
    public String name() {
        return "sqlserver";
    }

    @Override
    public boolean handlesProduct(String productName) {
        return productName.toLowerCase(Locale.ROOT).contains("microsoft sql server");
    }

    @Override
    public boolean handlesUrl(String url) {
        return url.regionMatches(true, 0, "jdbc:sqlserver:", 0, 15);
    }

    /** The mssql-jdbc settings ctsync needs, whatever the configured URL says ({@link SqlServerConnectionSettings}). */
    @Override
    public String connectionUrl(String url) {
        return SqlServerConnectionSettings.enforce(url);
    }

    @Override
    public ColumnTypes types() {
        return SqlServerSql.TYPES;
    }

    @Override
    public SourceDialect source() {
        return source;
    }

    @Override
    public TrackingDialect tracking() {
        return tracking;
    }

    @Override
    public TargetDialect target() {
        return target;
    }

    @Override
    public PresenceDialect presence() {
        return presence;
    }

    @Override
    public StateDialect state() {
        return state;
    }
}
