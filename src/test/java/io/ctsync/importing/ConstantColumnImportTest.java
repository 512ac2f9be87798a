package io.ctsync.importing;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static io.ctsync.importing.ImportFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An importer refuses a content whose rows carry another pipeline's constant (an importer pointed
 * at the wrong source's contents): the content fails naming the column, both values and the table,
 * and the other source's rows in the target stay as they were, by the bulk path and the row path,
 * for inserted, updated and deleted rows.
 */
@Tag("postgres")
class ConstantColumnImportTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest(name = "{0} bulk-rows {1}, a delete too: {2}")
    @CsvSource({"postgresql, 1, true", "postgresql, 1000, true", "h2, 1, true", "postgresql, 1, false", "h2, 1, false"})
    void rowsOfAnotherPipelinesConstantAreRefusedAndTheTargetIsUntouched(String kind, String bulkRows, boolean delete) throws Exception {
        ImportFixture db = databases.dropAfter(new ImportFixture(kind, dir));
        db.target.execute("DROP TABLE app.items",
                "CREATE TABLE app.items (site VARCHAR(10) NOT NULL, " + ImportFixture.columns(kind) + ", PRIMARY KEY (site, region, id))");
        db.insert(db.source, "north", 1, 4, 1);
        CtsyncRun exporter = db.ctsync("erp").set("ctsync.import.enabled", "false").set("ctsync.table.app.items.constant.site", "n");
        exporter.enableTracking();
        exporter.once();
        CtsyncRun importer = db.ctsync("erp-importer").set("ctsync.source.name", "erp").set("ctsync.export.enabled", "false")
                .set("ctsync.table.app.items.constant.site", "n").set("ctsync.import.bulk-rows", bulkRows);
        importer.once();
        List<List<Object>> before = rows(db.target);
        assertThat(before).hasSize(4);

        // the next delta (an insert, an update, and a delete or not) is read by an importer whose constant is another
        db.insert(db.source, "north", 5, 5, 1);
        db.source.execute("UPDATE app.items SET txt = 'changed' WHERE id = 2");
        if (delete) {
            db.source.execute("DELETE FROM app.items WHERE id = 3");
        }
        exporter.once();
        CtsyncRun.Result result = importer.set("ctsync.table.app.items.constant.site", "s").run("--once");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 failed");
        assertThat((String) db.log("erp").get(1).get(2)).contains("a row of app.items has site=n but this pipeline's constant is s");
        assertThat(rows(db.target)).isEqualTo(before);
    }
}
