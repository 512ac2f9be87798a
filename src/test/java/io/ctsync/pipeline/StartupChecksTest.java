package io.ctsync.pipeline;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.SchemaDump;
import io.ctsync.testing.TestDatabase;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipelines' start-up checks run on a thread of their own while Camel Main boots
 * ({@link PipelineStartup}); a check that fails there still ends the process as it did when the
 * checks ran first: the checks' own line, exit 2 for a refused configuration and 1 for any other
 * failure, no route created, no cycle run, nothing written.
 */
@Tag("h2")
@Timeout(120)
class StartupChecksTest {

    @TempDir
    Path dir;
    private TestDatabase source;

    /**
     * The steps of Camel Main's start that the caller's listener, added after ctsync's own, saw:
     * afterConfigure means that the routes were handed over to be created.
     */
    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final MainListenerSupport recorder = new MainListenerSupport() {
        @Override
        public void beforeConfigure(BaseMainSupport main) {
            steps.add("beforeConfigure");
        }

        @Override
        public void afterConfigure(BaseMainSupport main) {
            steps.add("afterConfigure");
        }
    };

    @BeforeEach
    void createSource() throws Exception {
        source = TestDatabase.h2();
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO app.orders VALUES (1, 'one'), (2, 'two')");
        ctsync().enableTracking();
    }

    @AfterEach
    void dropSource() throws Exception {
        source.close();
    }

    private CtsyncRun ctsync() {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("startup", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "app.orders"));
        properties.put("ctsync.export.schedule", "* * * * * ?");
        properties.put("ctsync.export.presence", "false");
        return new CtsyncRun(dir, properties).apiOnAFreePort();
    }

    /** Without {@code --once} a start that is not refused would run until stopped: the timeout says so. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--once", "scheduled"})
    void aRefusedCheckEndsTheStartWithExitTwoAndItsOneLineBeforeAnyRouteIsCreated(String mode) throws Exception {
        CtsyncRun ctsync = ctsync().set("ctsync.tables", "app.orders,app.nope");

        CtsyncRun.Result result = mode.equals("--once") ? ctsync.run(recorder, "--once") : ctsync.run(recorder);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("ctsync: ctsync.tables: table app.nope does not exist in the source (names are case-sensitive)"
                + " (fix: check the schema and table name, or remove it from ctsync.tables)" + System.lineSeparator());
        assertThat(steps).as("Camel Main booted beside the checks, and was stopped before it created a route")
                .containsExactly("beforeConfigure");
        assertNothingWritten();
    }

    @Test
    void aRefusalOfTheSecondOfTwoPipelinesNamesItAndStopsBoth() throws Exception {
        CtsyncRun ctsync = ctsync().set("ctsync.destination.name", "unused").set("ctsync.tables", "app.orders")
                .set("ctsync.pipelines.a.destination.name", "dst")
                .set("ctsync.pipelines.b.destination.name", "other")
                .set("ctsync.pipelines.b.tables", "app.nope");

        CtsyncRun.Result result = ctsync.run(recorder, "--once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("ctsync: pipeline startup.src.other: ctsync.tables: table app.nope does not exist in the"
                + " source (names are case-sensitive) (fix: check the schema and table name, or remove it from ctsync.tables)" + System.lineSeparator());
        assertThat(steps).containsExactly("beforeConfigure");
        assertNothingWritten();
    }

    /** A target that can be read but not written: the import log cannot be created, which is a failure and no refusal. */
    @Test
    void aCheckThatFailsOtherwiseEndsTheStartWithExitOneAndItsOneLine() throws Exception {
        Path target = dir.resolve("target");
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + target + ";DATABASE_TO_LOWER=TRUE")) {
            connection.createStatement().execute("CREATE SCHEMA app");
            connection.createStatement().execute("CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))");
        }
        CtsyncRun ctsync = ctsync().set("ctsync.import.enabled", "true")
                .set("ctsync.target.url", "jdbc:h2:file:" + target + ";DATABASE_TO_LOWER=TRUE;ACCESS_MODE_DATA=r");

        CtsyncRun.Result result = ctsync.run(recorder, "--once");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("ctsync: ").contains("read only").hasLineCount(1);
        assertThat(steps).containsExactly("beforeConfigure");
        assertNothingWritten();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + target + ";DATABASE_TO_LOWER=TRUE")) {
            assertThat(SchemaDump.of(connection, "public")).as("the target's public schema: no import log").isEmpty();
        }
    }

    @Test
    void aStartThatIsNotRefusedBindsTheBeansBeforeTheRoutesAreCreatedAndRunsTheCycle() throws Exception {
        CtsyncRun.Result result = ctsync().run(recorder, "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(steps).containsExactly("beforeConfigure", "afterConfigure");
        assertThat(dir.resolve("gateway/startup_src_dst_0000000001.zip")).exists();
    }

    private void assertNothingWritten() throws Exception {
        assertThat(dir.resolve("gateway")).as("no content, no cycle").doesNotExist();
        assertThat(SchemaDump.stateUntouched(dir.resolve("state"))).as("the state database holds no row: %s",
                SchemaDump.ofH2File(dir.resolve("state"))).isTrue();
    }
}
