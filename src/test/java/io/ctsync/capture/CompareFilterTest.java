package io.ctsync.capture;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compare capture reads a filtered table's matching rows only (docs/configuration.md, "Row
 * filters"): a target row that does not match is deleted, a row that moves in is inserted.
 */
@Tag("h2")
class CompareFilterTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @Test
    void theTargetHoldsTheMatchingRowsAfterACompare() throws Exception {
        TestDatabase source = databases.open("h2");
        TestDatabase target = databases.open("h2");
        for (TestDatabase database : List.of(source, target)) {
            database.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, region VARCHAR(10) NOT NULL)",
                    "INSERT INTO app.items VALUES (1, 'north'), (2, 'south'), (3, 'north'), (4, 'south')");
        }
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.items"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true").set("ctsync.capture", "compare")
                .set("ctsync.table.app.items.filter", "region = 'north'");

        ctsync.once();
        assertThat(target.query("SELECT id, region FROM app.items ORDER BY id")).containsExactly(List.of(1, "north"), List.of(3, "north"));

        source.execute("UPDATE app.items SET region = 'north' WHERE id = 2", "UPDATE app.items SET region = 'south' WHERE id = 3");
        ctsync.once();
        assertThat(target.query("SELECT id, region FROM app.items ORDER BY id")).containsExactly(List.of(1, "north"), List.of(2, "north"));
    }
}
