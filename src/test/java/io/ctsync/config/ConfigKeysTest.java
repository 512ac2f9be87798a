package io.ctsync.config;

import io.ctsync.testing.ConsoleLog;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ctsync's keys through Camel's PropertiesComponent: an unknown key in the configuration file is
 * refused at start-up naming the nearest known key, table keys are understood whatever quoting
 * their table name uses, and {@code -D} wins over the file.
 */
@Tag("h2")
class ConfigKeysTest {

    @TempDir
    Path dir;

    private Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        // never connected to: the key check runs before any database is opened
        properties.put("ctsync.source.url", "jdbc:h2:mem:unused");
        properties.putAll(Pipelines.properties("keys", "src", "dst", dir.resolve("state"), dir.resolve("gateway"),
                "app.tracked,public.\"Order Line\""));
        return properties;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ctsync.export.shedule|ctsync.export.shedule: is not a ctsync key (fix: did you mean ctsync.export.schedule?)",
            "ctsync.gatway.dir|ctsync.gatway.dir: is not a ctsync key (fix: did you mean ctsync.gateway.dir?)",
            "ctsync.table.app.tracked.kye|ctsync.table.app.tracked.kye: is not a ctsync key (fix: did you mean ctsync.table.app.tracked.key?)",
            "ctsync.table.public.\"Order Line\".captur|ctsync.table.public.\"Order Line\".captur: is not a ctsync key (fix: did you mean ctsync.table.public.\"Order Line\".capture?)",
            "ctsync.table.app.trackd.key|ctsync.table.app.trackd.key: names app.trackd, which is not in ctsync.tables (fix: list it in ctsync.tables or correct the name (nearest listed: app.tracked))",
    })
    void anUnknownKeyInTheFileExitsTwoNamingTheNearestKnownKey(String key, String expected) throws Exception {
        CtsyncRun.Result result = new CtsyncRun(dir, properties()).set(key, "0 * * * * ?").run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).isEqualTo("ctsync: " + expected);
        assertThat(dir.resolve("gateway")).doesNotExist();
    }

    @Test
    void everyDefaultAndEveryDynamicTableKeyIsKnown() {
        Map<String, String> properties = properties();
        properties.put("ctsync.table.app.tracked.key", "id");
        properties.put("ctsync.table.app.tracked.constant.region", "eu");
        properties.put("ctsync.table.[public].[Order Line].capture", "compare");
        properties.put("ctsync.table.public.\"Order Line\".target", "public.\"Order Line Copy\"");
        properties.put("ctsync.demo.enabled", "false");

        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties));

        assertThat(config.tables()).extracting(TableMapping::source)
                .containsExactly(new TableName("app", "tracked"), new TableName("public", "Order Line"));
        TableMapping tracked = config.tables().get(0);
        assertThat(tracked.key()).containsExactly("id");
        assertThat(tracked.constants()).containsExactly(Map.entry("region", "eu"));
        TableMapping orderLine = config.tables().get(1);
        assertThat(orderLine.capture()).isEqualTo(CaptureMode.COMPARE);
        assertThat(orderLine.target()).isEqualTo(new TableName("public", "Order Line Copy"));
        assertThat(KnownKeys.all()).containsAll(Settings.readClasspath("application.properties").keySet().stream()
                .filter(k -> k.startsWith("ctsync.")).toList());
    }

    @Test
    void aSystemPropertyWinsOverTheFileAndAnUnknownOneIsOnlyWarnedAbout() {
        Map<String, String> properties = properties();
        properties.put("ctsync.export.schedule", "0 0 * * * ?");
        System.setProperty("ctsync.export.schedule", "0 5 * * * ?");
        System.setProperty("ctsync.export.shedule", "ignored");
        try (ConsoleLog log = new ConsoleLog()) {
            assertThat(CtsyncConfig.from(Settings.of(properties)).export().schedule()).isEqualTo("0 5 * * * ?");
            assertThat(log.text().lines().filter(line -> line.contains("KnownKeys"))).singleElement().asString().endsWith(
                    "system property ctsync.export.shedule is ignored: ctsync.export.shedule: is not a ctsync key"
                    + " (fix: did you mean ctsync.export.schedule?)");
        } finally {
            System.clearProperty("ctsync.export.schedule");
            System.clearProperty("ctsync.export.shedule");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "public.orders|public|orders",
            "public.\"Order Line\"|public|Order Line",
            "[dbo].[Order Line]|dbo|Order Line",
            "\"my schema\".\"say \"\"hi\"\"\"|my schema|say \"hi\"",
            "[dbo].[odd]]name [x]]]|dbo|odd]name [x]",
            "my schema.odd]name [x] ünïcödé|my schema|odd]name [x] ünïcödé",
    })
    void tableNamesAreReadBareOrQuotedTheDatabasesWay(String written, String schema, String table) {
        assertThat(TableName.parse("ctsync.tables", written)).isEqualTo(new TableName(schema, table));
        assertThat(TableName.parseList("ctsync.tables", written + ", app.other"))
                .containsExactly(new TableName(schema, table), new TableName("app", "other"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "public.\"Order Line|ctsync.tables: 'public.\"Order Line' has a quoted name without its closing \"",
            "[dbo].[Order Line|ctsync.tables: '[dbo].[Order Line' has a quoted name without its closing ]",
            "public.\"Order\"Line|ctsync.tables: 'public.\"Order\"Line' is not schema.table",
            "\"a.b\".c|ctsync.tables: 'a.b' is not a valid SQL identifier",
    })
    void badlyQuotedNamesAreRefusedWithOneLine(String written, String expected) {
        assertThatThrownBy(() -> TableName.parseList("ctsync.tables", written))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(expected);
    }

    @Test
    void theNearestKeyIsTheOneWithFewestEditsAndTheFirstOfEquals() {
        assertThat(KnownKeys.nearest("ctsync.export.shedule", List.of("ctsync.export.schedule", "ctsync.import.schedule")))
                .isEqualTo("ctsync.export.schedule");
        assertThat(KnownKeys.nearest("ctsync.export.shedule", List.of("ctsync.import.schedule", "ctsync.export.schedule")))
                .isEqualTo("ctsync.export.schedule");
        assertThat(KnownKeys.nearest("abc", List.of("abd", "xbc", "abcd"))).as("three at one edit: the first").isEqualTo("abd");
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({"'',abc,3", "abc,'',3", "abc,abc,0", "kitten,sitting,3", "flaw,lawn,2", "ab,ba,2", "shedule,schedule,1",
            "schedule,shedule,1", "abcdef,azced,3", "gumbo,gambol,2"})
    void theDistanceIsTheLeastNumberOfSingleCharacterEdits(String a, String b, int edits) {
        assertThat(KnownKeys.distance(a, b)).isEqualTo(edits);
    }

    @Test
    void aCtsyncVariableThatIsNoKeyIsWarnedAboutOnceNamingTheNearestAndOthersPassQuietly() {
        Map<String, String> environment = Map.of("CTSYNC_EXPORT_SHEDULE", "0 * * * * ?", "CTSYNC_EXPORT_SCHEDULE", "0 * * * * ?",
                "CTSYNC_TABLE_APP_ORDERS_KEY", "id", "CTSYNC_DWH_SERVICE_HOST", "10.0.0.7", "PATH", "/usr/bin", "ctsync_lower", "x");
        try (ConsoleLog log = new ConsoleLog()) {
            KnownKeys.warnAboutEnvironment(environment, KnownKeys.all());
            assertThat(log.text().lines().map(line -> line.substring(line.indexOf("environment variable")))).satisfiesExactly(
                    line -> assertThat(line).startsWith("environment variable CTSYNC_DWH_SERVICE_HOST is not a ctsync key and is ignored (nearest: CTSYNC_"),
                    line -> assertThat(line).isEqualTo(
                            "environment variable CTSYNC_EXPORT_SHEDULE is not a ctsync key and is ignored (nearest: CTSYNC_EXPORT_SCHEDULE)"));
        }
    }
}
