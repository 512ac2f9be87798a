package io.ctsync.importing;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target table whose database generates columns: a {@code GENERATED ALWAYS} identity key takes
 * the source's values (OVERRIDING SYSTEM VALUE) and is never updated, a generated stored column is
 * never written and keeps computing. PostgreSQL's counterpart of SQL Server's IDENTITY_INSERT and
 * of its computed and rowversion columns.
 */
@Tag("postgres")
class GeneratedColumnsTest {

    private static final String TABLE = "CREATE TABLE app.invoices (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            + " net numeric(10, 2) NOT NULL, gross numeric(10, 2) GENERATED ALWAYS AS (net * 2) STORED, note text)";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;

    /** With {@code bulkRows} 1 the rows go the bulk path (COPY and one upsert), with 1000 as multi-row statements. */
    @ParameterizedTest
    @ValueSource(ints = {1, 1000})
    void identityKeysAreInsertedAsTheSourceHasThemAndGeneratedColumnsAreLeftToTheTarget(int bulkRows) throws Exception {
        source = databases.open("postgresql");
        target = databases.open("postgresql");
        source.execute("CREATE SCHEMA app", TABLE, "INSERT INTO app.invoices (net, note) VALUES (10, 'a'), (20, 'b'), (30, 'c')",
                "DELETE FROM app.invoices WHERE id = 1");
        // the target's own sequence would give 1, 2: the source's keys are 2 and 3
        target.execute("CREATE SCHEMA app", TABLE);
        CtsyncRun ctsync = new CtsyncRun(dir, source.properties("source"));
        target.properties("target").forEach(ctsync::set);
        ctsync.set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state")).set("ctsync.gateway.dir", dir.resolve("gateway").toString())
                .set("ctsync.tables", "app.invoices").set("ctsync.import.enabled", "true")
                .set("ctsync.import.bulk-rows", Integer.toString(bulkRows));
        ctsync.enableTracking();

        ctsync.once();
        source.execute("UPDATE app.invoices SET net = 25, note = 'b2' WHERE id = 2");
        ctsync.once();

        String rows = "SELECT id, net, gross, note FROM app.invoices ORDER BY id";
        assertThat(target.query(rows)).isEqualTo(source.query(rows));
        assertThat(target.query(rows).stream().map(r -> r.get(0) + " " + r.get(2)).toList()).containsExactly("2 50.00", "3 60.00");
        assertThat(target.query("SELECT sequence, status FROM ctsync_import_log ORDER BY sequence"))
                .containsExactly(List.of(1L, "ok"), List.of(2L, "ok"));
    }
}
