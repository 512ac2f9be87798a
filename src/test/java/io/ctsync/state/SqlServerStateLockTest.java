package io.ctsync.state;

import io.ctsync.db.sqlserver.SqlServerState;
import io.ctsync.testing.SqlServerTestDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state lock on SQL Server, through the test connection that behaves as mssql-jdbc does: only
 * Msg 1222 (what {@code NOWAIT} raises on a row another transaction holds) means another exporter
 * is running; any other failure of the lock is reported as itself, naming the state database.
 */
@Tag("unit")
class SqlServerStateLockTest {

    private static final Pipeline PIPELINE = new Pipeline("shop", "erp", "dwh");

    @Test
    void msg1222MeansAnotherExporterIsRunning() throws Exception {
        StateStore store = storeWhoseLockFailsWith(new SQLException("Lock request time out period exceeded.", "S00051", 1222));

        assertThatThrownBy(() -> store.lock(PIPELINE)).isInstanceOf(PipelineBusyException.class)
                .hasMessage("another exporter is running for " + PIPELINE + "; only one may write its sequence numbers");
    }

    @Test
    void anyOtherFailureOfTheLockIsReportedAsItselfNamingTheStateDatabase() throws Exception {
        StateStore store = storeWhoseLockFailsWith(new SQLException("The SELECT permission was denied on the object"
                + " 'ctsync_export_pipeline', database 'shop', schema 'dbo'.\nsecond line", "S0005", 229));

        assertThatThrownBy(() -> store.lock(PIPELINE)).isNotInstanceOf(PipelineBusyException.class).isInstanceOf(SQLException.class)
                .hasMessage("ctsync: cannot lock " + PIPELINE + " in the state database shop: The SELECT permission was denied on the"
                        + " object 'ctsync_export_pipeline', database 'shop', schema 'dbo'. (fix: the state database and ctsync's"
                        + " rights in it)")
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(229));
    }

    private static StateStore storeWhoseLockFailsWith(SQLException failure) throws SQLException {
        SqlServerTestDataSource server = new SqlServerTestDataSource();
        // a state schema at the latest version: the store opens without migrating
        server.recording().answer("SELECT MAX(version) FROM ctsync_state_version", new SqlServerState().migrations().size());
        StateStore store = new StateStore(server.pool());
        server.recording().rule((sql, received) -> {
            if (sql.contains("WITH (UPDLOCK, ROWLOCK, NOWAIT)")) {
                throw failure;
            }
        });
        return store;
    }
}
