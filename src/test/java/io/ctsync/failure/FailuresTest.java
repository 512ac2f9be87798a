package io.ctsync.failure;

import io.ctsync.config.ConfigException;
import io.ctsync.config.Database;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of expected failure, as the drivers raise it, said as its one line; the live cases are in OneLineFailuresTest and DiskFullTest. */
@Tag("unit")
class FailuresTest {

    private static final Database STATE = new Database("state", "jdbc:postgresql://db:5432/state?password=secret", "ctsync", "secret");

    @ParameterizedTest(name = "SQLState {0}, error {1}")
    @CsvSource(delimiter = '|', value = {
            "28P01|0|FATAL: password authentication failed for user \"ctsync\"|login refused (FATAL: password authentication failed for user \"ctsync\") (fix: check ctsync.state.username and ctsync.state.password)",
            "S0001|18456|Login failed for user 'ctsync'.|login refused (Login failed for user 'ctsync'.) (fix: check ctsync.state.username and ctsync.state.password)",
            "3D000|0|FATAL: database \"state\" does not exist|the database is gone (FATAL: database \"state\" does not exist) (fix: restore it, or point the URL at the database that replaced it)",
            "57P01|0|FATAL: terminating connection due to administrator command|unreachable or lost (FATAL: terminating connection due to administrator command) (fix: check that the database is up and reachable from here; the next cycle starts again where this one stopped)",
            "08006|0|An I/O error occurred while sending to the backend.|unreachable or lost (An I/O error occurred while sending to the backend.) (fix: check that the database is up and reachable from here; the next cycle starts again where this one stopped)",
    })
    void aDatabaseFailureNamesTheRoleAndTheUrlWithoutItsPassword(String state, int code, String message, String expected) {
        SQLException failure = Failures.at(STATE, new SQLException(message, state, code));
        assertThat(Failures.oneLine(new CamelExecutionException("wrapped", null, failure)))
                .isEqualTo("state database jdbc:postgresql://db:5432/state?password=***: " + expected);
    }

    @Test
    void aPoolTimeoutIsSaidByTheRefusedConnectionUnderIt() {
        SQLException pool = new SQLTransientConnectionException("ctsync-state - Connection is not available", "08001",
                new SQLException("Connection to db:5432 refused.", "08001", new ConnectException("Connection refused")));
        assertThat(Failures.oneLine(Failures.at(STATE, pool))).startsWith("state database jdbc:postgresql://db:5432/state?password=***:"
                + " unreachable or lost (Connection refused) (fix: ");
    }

    @Test
    void aFullDiskNamesTheFileOrTheDirectoryItWasMarkedWith() {
        assertThat(Failures.oneLine(new UncheckedIOException(new FileSystemException("/data/state.mv.db", null, "No space left on device"))))
                .startsWith("file /data/state.mv.db: no space left on the device (fix: free space there");
        IOException write = Failures.at(new IOException("No space left on device"), "gateway directory /gw", null);
        assertThat(Failures.oneLine(new CamelExchangeException("Multicast processing failed for number 0", null, write)))
                .startsWith("gateway directory /gw: no space left on the device (fix: ");
    }

    @Test
    void configurationSaysItsOwnLineAndAnUnknownFailureLeadsToItsStackTrace() {
        assertThat(Failures.oneLine(new IllegalStateException(new ConfigException("ctsync.tables", "is empty", "name a table"))))
                .isEqualTo("ctsync.tables: is empty (fix: name a table)");
        assertThat(Failures.oneLine(new CamelExecutionException("wrapped", null, new IllegalArgumentException("bad\nsecond line"))))
                .isEqualTo("IllegalArgumentException: bad (fix: the stack trace is logged at DEBUG: run with -Dctsync.log.level=DEBUG)");
    }

    @Test
    void aCorruptContentSaysWhichAndHowToReplaceIt() {
        Exception failure = new Exception("shop_erp_dwh_0000000007.zip was not imported: corrupt content: entry app.orders/inserted.json"
                + " has sha256 ab12", new io.ctsync.packaging.CorruptContentException("entry app.orders/inserted.json has sha256 ab12"));
        assertThat(Failures.oneLine(new CamelExecutionException("wrapped", null, failure))).isEqualTo("shop_erp_dwh_0000000007.zip was not"
                + " imported: corrupt content: entry app.orders/inserted.json has sha256 ab12 (fix: replace it in the gateway with an intact"
                + " copy, e.g. publish it again from the exporter; until then it is tried every import cycle and the contents after it wait)");
    }

    @Test
    void thePasswordInAUrlIsMasked() {
        assertThat(new Database("source", "jdbc:postgresql://ctsync:pw@db/erp", null, null).safeUrl())
                .isEqualTo("jdbc:postgresql://ctsync:***@db/erp");
    }
}
