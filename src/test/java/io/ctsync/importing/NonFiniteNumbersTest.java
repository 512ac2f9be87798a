package io.ctsync.importing;

import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** NaN and the infinities, as docs/format.md ("Values") says they are written in the JSON text (strings), and read back into the target. */
@Tag("postgres")
class NonFiniteNumbersTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void nanAndInfinitiesTravelAsStringsAndArriveAsTheSameValues(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        String table = "CREATE TABLE app.floats (id INT PRIMARY KEY, f DOUBLE PRECISION, r REAL)";
        db.source.execute(table);
        db.target.execute(table);
        db.source.execute("INSERT INTO app.floats VALUES (1, " + number("NaN", "DOUBLE PRECISION") + ", " + number("NaN", "REAL") + ")",
                "INSERT INTO app.floats VALUES (2, " + number("Infinity", "DOUBLE PRECISION") + ", " + number("Infinity", "REAL") + ")",
                "INSERT INTO app.floats VALUES (3, " + number("-Infinity", "DOUBLE PRECISION") + ", " + number("-Infinity", "REAL") + ")",
                "INSERT INTO app.floats VALUES (4, 1.5, -0.25)");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.tables", "app.floats");
        ctsync.enableTracking();
        ctsync.once();

        assertThat(Contents.read(db.gateway, 1).text("app.floats", "inserted.json").replaceAll("\\s", ""))
                .isEqualTo("[{\"id\":1,\"f\":\"NaN\",\"r\":\"NaN\"},{\"id\":2,\"f\":\"Infinity\",\"r\":\"Infinity\"},"
                        + "{\"id\":3,\"f\":\"-Infinity\",\"r\":\"-Infinity\"},{\"id\":4,\"f\":1.5,\"r\":-0.25}]");
        assertThat(db.target.query("SELECT id, f, r FROM app.floats ORDER BY id")).containsExactly(
                List.of(1, Double.NaN, Float.NaN),
                List.of(2, Double.POSITIVE_INFINITY, Float.POSITIVE_INFINITY),
                List.of(3, Double.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY),
                List.of(4, 1.5, -0.25f));
    }

    private static String number(String value, String type) {
        return "CAST('" + value + "' AS " + type + ")";
    }
}
