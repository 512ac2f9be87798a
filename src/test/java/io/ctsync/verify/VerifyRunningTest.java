package io.ctsync.verify;

import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --verify} beside a ctsync running on its schedule, which holds its embedded H2 state open. */
@Tag("process")
class VerifyRunningTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @Test
    void aStateThatARunningCtsyncHoldsOpenIsLeftAsideWithANoteAndTheTablesAreStillCompared() throws Exception {
        TestDatabase source = databases.open("postgresql");
        TestDatabase target = databases.open("postgresql");
        VerifyTest.createOrders(source, target);
        CtsyncRun ctsync = VerifyTest.pipeline(dir, source, target, "app.orders");
        ctsync.enableTracking();
        source.execute("INSERT INTO app.orders VALUES (1, 'one', 1)");
        ctsync.once();
        target.execute("UPDATE app.orders SET note = 'corrupt' WHERE id = 1");
        ctsync.set("ctsync.export.schedule", "0 0 0 1 1 ? 2099").set("ctsync.import.schedule", "0 0 0 1 1 ? 2099")
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                .apiOnAFreePort();

        try (CtsyncProcess running = CtsyncProcess.start(ctsync.configFile(), dir.resolve("ctsync.log"))) {
            int port = running.apiPort();
            running.await("ctsync serving, its state open", Duration.ofSeconds(90), () -> running.answers(port, "/api/pipeline", 200));
            CtsyncRun.Result result = ctsync.run("--verify");

            assertThat(result.stdout().lines()).satisfiesExactly(
                    line -> assertThat(line).isEqualTo("app.orders: source 1 rows, target 1 rows: 0 missing, 0 extra, 1 different"),
                    line -> assertThat(line).isEqualTo("  different: id=1"),
                    line -> assertThat(line).startsWith("  note: keys changed since the last import count as differences: the state"
                            + " could not be read: ctsync.state.url: cannot connect to state ").contains("The file is locked"),
                    line -> assertThat(line).isEqualTo("verify: 1 of 1 table differ: 0 missing, 0 extra, 1 different"));
            assertThat(result.exitCode()).isEqualTo(3);
        }
    }
}
