package io.ctsync.db.sqlserver;

import io.ctsync.db.KnownDatabaseType;

/** SQL Server, through its own Change Tracking: ctsync installs nothing on the source. */
public final class SqlServerType extends KnownDatabaseType {

    public SqlServerType() {
        this(BulkCopier.DRIVER);
    }

    /** With the bulk path's rows going through {@code copier} rather than mssql-jdbc's own bulk copy (where no server runs). */
    public SqlServerType(BulkCopier copier) {
        super("sqlserver", "microsoft sql server", "jdbc:sqlserver:", SqlServerSql.TYPES, new SqlServerSource(),
                new SqlServerTracking(), new SqlServerTarget(copier), new SqlServerPresence(), new SqlServerState());
    }

    /** The mssql-jdbc settings ctsync needs, whatever the configured URL says ({@link SqlServerConnectionSettings}). */
    @Override
    public String connectionUrl(String url) {
        return SqlServerConnectionSettings.enforce(url);
    }
}
