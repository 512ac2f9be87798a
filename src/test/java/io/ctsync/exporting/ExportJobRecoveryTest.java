package io.ctsync.exporting;

import io.ctsync.testing.TypedPool;
import io.ctsync.config.TableName;
import io.ctsync.packaging.Manifest;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import io.ctsync.testing.Contents;
import io.ctsync.testing.Crash;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.apache.camel.builder.AdviceWith;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An export job whose cycle dies after publishing its content and before committing: after the
 * restart the job is running, its intent is finished by the next cycle, and the commit that
 * advances the state makes the job done with that content's sequence and counts, in the same
 * transaction. The content keeps the request in its manifest.
 */
@Tag("postgres")
class ExportJobRecoveryTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    TestDatabase source;

    @BeforeEach
    void createSource() throws Exception {
        source = databases.open("postgresql");
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(20))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two')");
    }

    @Test
    void aJobWhoseCycleDiedBeforeCommittingIsDoneWhenTheNextCycleFinishesItsIntent() throws Exception {
        Path gateway = dir.resolve("gateway");
        CtsyncRun ctsync = new CtsyncRun(dir, Pipelines.properties("jobs", "src", "dst", dir.resolve("state"), gateway, "app.items"));
        source.properties("source").forEach(ctsync::set);
        ctsync.set("ctsync.export.presence", "false");
        ctsync.enableTracking();
        ctsync.once();
        assertThat(Contents.sequences(gateway)).containsExactly(1L);

        JdbcDataSource state = new JdbcDataSource();
        state.setURL("jdbc:h2:file:" + dir.resolve("state"));
        ExportJobs jobs = new ExportJobs(TypedPool.of(state));
        Pipeline pipeline = new Pipeline("jobs", "src", "dst");
        ExportJobs.Job job = jobs.create(pipeline, "Ada", "T-9", "resend items", List.of("app.items"), "full");
        ExportRequest request = ExportRequest.of(job);
        assertThat(request.tables()).containsExactly(new TableName("app", "items"));

        // the job's cycle, as the route export-jobs starts it, dies between publishing and committing
        String reason = ctsync.onceFailing(context -> {
            AdviceWith.adviceWith(context, "export-cycle", route -> route.weaveAddFirst()
                    .setProperty("ctsyncExportRequest").constant(request));
            Crash.after(context, "gateway");
        });
        assertThat(reason).contains(Crash.message("gateway"));
        assertThat(Contents.sequences(gateway)).containsExactly(1L, 2L);
        assertThat(jobs.find(pipeline, job.id()).orElseThrow().status()).isEqualTo(ExportJobs.RUNNING);

        // a scheduled cycle after the restart finishes the intent, and with it the job
        ctsync.once();
        assertThat(Contents.sequences(gateway)).containsExactly(1L, 2L);
        ExportJobs.Job done = jobs.find(pipeline, job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(ExportJobs.DONE);
        assertThat(done.firstSequence()).isEqualTo(2L);
        assertThat(done.lastSequence()).isEqualTo(2L);
        assertThat(done.counts()).isEqualTo(new ExportJobs.Counts(2, 0, 0));
        assertThat(done.error()).isNull();

        Contents.Content content = Contents.read(gateway, 2);
        assertThat(content.manifest().request()).isEqualTo(new Manifest.Request(job.id(), "Ada", "T-9", "resend items"));
        assertThat(content.table("app.items").mode()).isEqualTo("range");
        assertThat(content.rows("app.items", "inserted.json").stream().map(Object::toString).toList())
                .containsExactly("{\"id\":1,\"label\":\"one\"}", "{\"id\":2,\"label\":\"two\"}");
        assertThat(Contents.read(gateway, 1).manifest().request()).as("a scheduled cycle's content has no request").isNull();
    }
}
