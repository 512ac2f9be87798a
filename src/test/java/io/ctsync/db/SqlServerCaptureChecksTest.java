package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.RecordingConnection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up checks of a SQL Server source (docs/sqlserver.md), each decision tried against a
 * recording connection whose catalog queries answer as a database in that state would: the
 * success path and each refusal, with the exact one-line message and its fix.
 */
@Tag("unit")
class SqlServerCaptureChecksTest {

    private static final String DATABASE = "FROM sys.databases AS d";
    private static final String PERMISSIONS = "HAS_PERMS_BY_NAME(?, N'OBJECT', N'SELECT')";
    private static final TableInfo ORDERS = new TableInfo(new TableName("sales", "orders"),
            List.of(new Column("id", Types.INTEGER, "int"), new Column("note", Types.NVARCHAR, "nvarchar")), List.of("id"), new LinkedHashMap<>());

    private final DatabaseType sqlServer = new SqlServerType();
    private final SourceDialect source = sqlServer.source();

    /** A database with Change Tracking and snapshot isolation on, writable, the table tracked and readable. */
    private static RecordingConnection ready() {
        return new RecordingConnection(new RecordingConnection.Answers(0, 0, null))
                .answer(DATABASE, "shop", 1234L, 1, "READ_WRITE")
                .answer("SELECT USER_NAME()", "etl")
                .answer(PERMISSIONS, 1, 1, 1)
                .answer("FROM sys.indexes AS i", 1, 1, "id");
    }

    @Test
    void aReadyDatabaseAndTablePass() throws Exception {
        RecordingConnection connection = ready();
        source.checkCaptureReady(connection.connection(), List.of(ORDERS));
        assertThat(connection.statements()).satisfiesExactly(sql -> assertThat(sql).contains(DATABASE),
                sql -> assertThat(sql).isEqualTo("SELECT USER_NAME()"), sql -> assertThat(sql).contains(PERMISSIONS),
                sql -> assertThat(sql).contains("FROM sys.indexes AS i"));
        assertThat(connection.log().get(2)).endsWith("-- parameters: N'[sales].[orders]', N'[sales].[orders]', N'[sales].[orders]'");
        // the primary key from the catalog views, the name as nvarchar: DatabaseMetaData would bind it as varchar
        assertThat(connection.log().get(3)).endsWith("-- parameters: N'[sales].[orders]'");
    }

    @Test
    void changeTrackingOffForTheDatabaseIsRefused() {
        RecordingConnection connection = ready().answer(DATABASE, "shop", null, 1, "READ_WRITE");
        assertRefused(connection, "ctsync.source.url: Change Tracking is off for the source database shop (fix: ALTER DATABASE CURRENT"
                + " SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON) in [shop])");
    }

    /** 0 is OFF; 2 and 3 are on the way to OFF and to ON: a snapshot transaction cannot start in any of them. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3})
    void snapshotIsolationNotOnIsRefused(int state) {
        RecordingConnection connection = ready().answer(DATABASE, "shop", 1234L, state, "READ_WRITE");
        assertRefused(connection, "ctsync.source.url: snapshot isolation is not allowed in the source database shop"
                + " (fix: ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON in [shop])");
    }

    @Test
    void aReadOnlyDatabaseIsRefused() {
        RecordingConnection connection = ready().answer(DATABASE, "shop", 1234L, 1, "READ_ONLY");
        assertRefused(connection, "ctsync.source.url: the source database shop is read-only (a readable secondary replica?)"
                + " (fix: point ctsync.source.url at the primary replica, with applicationIntent=ReadWrite)");
    }

    @Test
    void aLoginThatMayNotSelectIsRefused() {
        assertRefused(ready().answer(PERMISSIONS, 0, 1, 1),
                "ctsync.tables: the source login may not read sales.orders (fix: GRANT SELECT ON [sales].[orders] TO [etl])");
    }

    @Test
    void aLoginThatMayNotViewChangeTrackingIsRefused() {
        assertRefused(ready().answer(PERMISSIONS, 1, 0, 1), "ctsync.tables: the source login may not read the change tracking of"
                + " sales.orders (fix: GRANT VIEW CHANGE TRACKING ON [sales].[orders] TO [etl])");
    }

    @Test
    void aTableWithoutChangeTrackingIsRefused() {
        assertRefused(ready().answer(PERMISSIONS, 1, 1, 0),
                "ctsync.tables: Change Tracking is off for table sales.orders (fix: ALTER TABLE [sales].[orders] ENABLE CHANGE_TRACKING)");
    }

    @Test
    void aMappingKeyThatIsNotThePrimaryKeyIsRefused() {
        RecordingConnection connection = ready();
        TableInfo byNote = new TableInfo(ORDERS.name(), ORDERS.columns(), List.of("note"), new LinkedHashMap<>());
        assertThatThrownBy(() -> source.checkCaptureReady(connection.connection(), List.of(byNote))).isInstanceOf(ConfigException.class)
                .hasMessage("ctsync.table.sales.orders.key: the key (note) of sales.orders is not its primary key (id), the only key"
                        + " SQL Server's Change Tracking records (fix: remove the key setting, or give the table that primary key)");
    }

    private void assertRefused(RecordingConnection connection, String message) {
        assertThatThrownBy(() -> source.checkCaptureReady(connection.connection(), List.of(ORDERS))).isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
