package io.ctsync.db.sqlserver;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import io.ctsync.db.register.DatabaseTypeRegister;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.DriverPropertyInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver settings ctsync enforces on every SQL Server connection, read back by mssql-jdbc's
 * own URL parser (no server needed): the URL ctsync connects with (db.register.DataSources) wins over
 * whatever the configured URL said.
 */
@Tag("unit")
class SqlServerConnectionSettingsTest {

    /** What mssql-jdbc makes of a URL: its connection properties by name. */
    private static Map<String, String> driverSees(String url) throws Exception {
        DriverPropertyInfo[] info = new SQLServerDriver().getPropertyInfo(url, new Properties());
        return Arrays.stream(info).filter(p -> p.value != null).collect(Collectors.toMap(p -> p.name, p -> p.value, (a, b) -> b));
    }

    @Test
    void timeIsNotSentAsDatetimeAndStringsAreNotSentAsUnicodeWhateverTheUrlSays() throws Exception {
        String configured = "jdbc:sqlserver://db.example:1433;databaseName=erp;SendTimeAsDatetime=true;"
                + "sendStringParametersAsUnicode = true;password={se;cr}}et};encrypt=true";
        assertThat(driverSees(configured)).containsEntry("sendTimeAsDatetime", "true").containsEntry("sendStringParametersAsUnicode", "true");

        String url = DatabaseTypeRegister.connectionUrl(configured);
        Map<String, String> seen = driverSees(url);

        assertThat(url).isEqualTo("jdbc:sqlserver://db.example:1433;databaseName=erp;password={se;cr}}et};encrypt=true"
                + ";sendTimeAsDatetime=false;sendStringParametersAsUnicode=false"
                + ";cacheBulkCopyMetadata=false;datetimeParameterType=datetime2;lastUpdateCount=true;responseBuffering=adaptive");
        assertThat(seen).containsEntry("sendTimeAsDatetime", "false").containsEntry("sendStringParametersAsUnicode", "false")
                .containsEntry("databaseName", "erp").containsEntry("encrypt", "True").containsEntry("serverName", "db.example");
    }

    @Test
    void bulkCopyMetadataIsNotCachedDatetimesGoAsDatetime2AndOnlyTheLastUpdateCountCountsWhateverTheUrlSays() throws Exception {
        String configured = "jdbc:sqlserver://db.example;cacheBulkCopyMetadata=true;DatetimeParameterType=datetime;"
                + "lastUpdateCount=false;password={x;y}";
        assertThat(driverSees(configured)).containsEntry("cacheBulkCopyMetadata", "true")
                .containsEntry("datetimeParameterType", "datetime").containsEntry("lastUpdateCount", "false");

        String url = DatabaseTypeRegister.connectionUrl(configured);

        assertThat(url).isEqualTo("jdbc:sqlserver://db.example;password={x;y};sendTimeAsDatetime=false;sendStringParametersAsUnicode=false"
                + ";cacheBulkCopyMetadata=false;datetimeParameterType=datetime2;lastUpdateCount=true;responseBuffering=adaptive");
        assertThat(driverSees(url)).containsEntry("cacheBulkCopyMetadata", "false")
                .containsEntry("datetimeParameterType", "datetime2").containsEntry("lastUpdateCount", "true");
    }

    /** With full buffering the driver would read a whole result, and every max-type value whole, into the heap. */
    @Test
    void responsesAreBufferedAdaptivelyWhateverTheUrlSays() throws Exception {
        String configured = "jdbc:sqlserver://db.example;responseBuffering=full";
        assertThat(driverSees(configured)).containsEntry("responseBuffering", "full");

        String url = DatabaseTypeRegister.connectionUrl(configured);

        assertThat(driverSees(url)).containsEntry("responseBuffering", "adaptive");
        assertThat(url).doesNotContain("full");
    }

    @Test
    void aUrlWithoutSettingsGetsThemAndOtherDatabasesUrlsAreLeftAsTheyAre() throws Exception {
        assertThat(driverSees(DatabaseTypeRegister.connectionUrl("jdbc:sqlserver://localhost")))
                .containsEntry("sendTimeAsDatetime", "false").containsEntry("sendStringParametersAsUnicode", "false");
        assertThat(DatabaseTypeRegister.connectionUrl("jdbc:postgresql://localhost/erp?sendTimeAsDatetime=true"))
                .isEqualTo("jdbc:postgresql://localhost/erp?sendTimeAsDatetime=true");
    }
}
