package io.ctsync.failure;

import io.ctsync.testing.Azurite;
import io.ctsync.testing.ConsoleLog;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real command line, with a database that goes away in the middle of a cycle and a storage
 * account that refuses the key: exactly one line on standard error naming what failed and the
 * fix, and no stack trace or service XML on the console.
 */
@Tag("services")
class OneLineFailuresTest {

    private static final String LOST = "unreachable or lost \\(FATAL: terminating connection due to administrator command\\)"
            + " \\(fix: check that the database is up and reachable from here; the next cycle starts again where this one stopped\\)\\R";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;

    @BeforeEach
    void createDatabases() throws Exception {
        source = databases.open("postgresql");
        target = databases.open("postgresql");
        for (TestDatabase database : new TestDatabase[] {source, target}) {
            database.execute("CREATE SCHEMA app", "CREATE TABLE app.orders (id INT PRIMARY KEY, note TEXT)");
        }
        source.execute("INSERT INTO app.orders VALUES (1, 'one'), (2, 'two')");
    }

    private CtsyncRun ctsync() {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("gone", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "app.orders"));
        return new CtsyncRun(dir, properties);
    }

    private static CtsyncRun.Result runOnce(CtsyncRun ctsync, org.apache.camel.util.function.ThrowingConsumer<org.apache.camel.CamelContext,
            Exception> advice) throws Exception {
        try (ConsoleLog console = new ConsoleLog()) {
            CtsyncRun.Result result = ctsync.run(advice, "--once");
            assertThat(console.text()).doesNotContain("\tat ", "<?xml");
            return result;
        }
    }

    @Test
    void aSourceDroppedMidCycleIsOneLineNamingTheSourceAndItsUrl() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.enableTracking();
        CtsyncRun.Result result = runOnce(ctsync, context -> AdviceWith.adviceWith(context, "package-changes",
                route -> route.weaveAddFirst().process(exchange -> source.close())));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).matches("ctsync: source database " + Pattern.quote(source.url()) + ": " + LOST);
    }

    @Test
    void aTargetDroppedMidImportIsOneLineNamingTheTargetAndItsUrl() throws Exception {
        CtsyncRun ctsync = ctsync().set("ctsync.import.enabled", "true");
        target.properties("target").forEach(ctsync::set);
        ctsync.enableTracking();
        CtsyncRun.Result result = runOnce(ctsync, context -> AdviceWith.adviceWith(context, "apply",
                route -> route.weaveAddFirst().process(exchange -> target.close())));
        assertThat(result.exitCode()).isEqualTo(1);
        // which one the importer meets first depends on timing: its connection killed by the drop (lost), or the pool's
        // idle connections found dead and no new one possible (gone); either is one line naming the target and its URL
        assertThat(result.stderr()).matches("ctsync: target database " + Pattern.quote(target.url()) + ": (" + LOST.replace("\\R", "")
                + "|the database is gone \\(FATAL: database \"ctsync_test_\\d+_\\d+\" does not exist\\) \\(fix: restore it, or point the"
                + " URL at the database that replaced it\\))\\R");
    }

    /** Azurite answers a wrong key with AuthorizationFailure, Azure with AuthenticationFailed: both are 403. */
    @Test
    void aRefusedStorageKeyIsOneLineWithoutTheServicesXml() throws Exception {
        String wrongKey = Azurite.connectionString().replace(Azurite.KEY.substring(0, 8), "AAAAAAAA");
        CtsyncRun ctsync = ctsync().set("ctsync.gateway.type", "azure-blob")
                .set("ctsync.gateway.azure.connection-string", wrongKey)
                .set("ctsync.gateway.azure.container", Azurite.newContainerName())
                .set("ctsync.gateway.azure.max-tries", "1");
        ctsync.enableTracking();
        CtsyncRun.Result result = runOnce(ctsync, context -> { });
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo("ctsync: ctsync.gateway.azure.connection-string: was refused by the storage account"
                + " (HTTP 403 AuthorizationFailure) (fix: check the account key, or copy the connection string again)"
                + System.lineSeparator());
    }
}
