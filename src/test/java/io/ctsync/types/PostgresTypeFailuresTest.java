package io.ctsync.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.testing.Contents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four shapes that stopped a PostgreSQL pipeline (issue 16), each exported with presence and
 * imported; and an enum key of a table that references itself, whose deletes read the target's
 * rows by key to delete children first. Each through both import paths, bulk and row by row.
 */
@Tag("postgres")
class PostgresTypeFailuresTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "path={0}")
    @EnumSource(RoundTrip.ImportPath.class)
    void bitStringsAreExportedAsTheirText(RoundTrip.ImportPath path) throws Exception {
        try (RoundTrip run = new RoundTrip("postgresql", dir, true, path, "app.t", "CREATE SCHEMA app",
                "CREATE TABLE app.t (id int PRIMARY KEY, b bit(8), vb bit varying)")) {
            run.source.execute("INSERT INTO app.t VALUES (1, B'10101010', B'101')");
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.ctsync.once();
            JsonNode row = Contents.read(dir.resolve("gateway"), 1).rows("app.t", "inserted.json").get(0);
            assertThat(row.toString()).isEqualTo("{\"id\":1,\"b\":\"10101010\",\"vb\":\"101\"}");
            run.assertSame("SELECT id, b, vb FROM app.t");
        }
    }

    @ParameterizedTest(name = "path={0}")
    @EnumSource(RoundTrip.ImportPath.class)
    void aDateInACompositeKeyIsLookedUpAsADate(RoundTrip.ImportPath path) throws Exception {
        try (RoundTrip run = new RoundTrip("postgresql", dir, true, path, "app.weather", "CREATE SCHEMA app",
                "CREATE TABLE app.weather (city text, day date, celsius int, PRIMARY KEY (city, day))")) {
            run.target.execute("INSERT INTO app.weather VALUES ('Bern', '2026-02-28', 1)");
            run.ctsync.enableTracking();
            // the empty table's first run sends nothing; the rows come as a delta, whose presence looks the keys up
            run.ctsync.once();
            run.source.execute("INSERT INTO app.weather VALUES ('Bern', '2026-02-28', 3), ('Bern', '2026-03-01', 5)");
            run.ctsync.once();
            run.ctsync.once();
            Contents.Content content = Contents.read(dir.resolve("gateway"), 1);
            assertThat(content.rows("app.weather", "existing.json")).extracting(r -> r.get("primaryKey").toString())
                    .containsExactly("{\"city\":\"Bern\",\"day\":\"2026-02-28\"}");
            assertThat(content.rows("app.weather", "missing.json")).extracting(r -> r.get("primaryKey").toString())
                    .containsExactly("{\"city\":\"Bern\",\"day\":\"2026-03-01\"}");
            run.assertSame("SELECT * FROM app.weather ORDER BY day");
        }
    }

    @ParameterizedTest(name = "path={0}")
    @EnumSource(RoundTrip.ImportPath.class)
    void anEnumIsImportedAsTheEnum(RoundTrip.ImportPath path) throws Exception {
        try (RoundTrip run = new RoundTrip("postgresql", dir, true, path, "app.t", "CREATE SCHEMA app",
                "CREATE TYPE app.mood AS ENUM ('sad', 'happy')", "CREATE TABLE app.t (id int PRIMARY KEY, m app.mood)")) {
            run.source.execute("INSERT INTO app.t VALUES (1, 'happy'), (2, NULL)");
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.ctsync.once();
            assertThat(RoundTrip.text(run.target, "SELECT id, m FROM app.t ORDER BY id")).containsExactly(List.of("1", "happy"),
                    java.util.Arrays.asList("2", null));
        }
    }

    @ParameterizedTest(name = "path={0}")
    @EnumSource(RoundTrip.ImportPath.class)
    void moneyIsExportedAsANumberAndImportedAsMoney(RoundTrip.ImportPath path) throws Exception {
        try (RoundTrip run = new RoundTrip("postgresql", dir, true, path, "app.t", "CREATE SCHEMA app",
                "CREATE TABLE app.t (id int PRIMARY KEY, price money)")) {
            run.source.execute("INSERT INTO app.t VALUES (1, 1234.56), (2, '-1234.56')");
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.ctsync.once();
            assertThat(Contents.read(dir.resolve("gateway"), 1).rows("app.t", "inserted.json")).extracting(JsonNode::toString)
                    .containsExactly("{\"id\":1,\"price\":1234.56}", "{\"id\":2,\"price\":-1234.56}");
            assertThat(RoundTrip.text(run.target, "SELECT id, price::numeric FROM app.t ORDER BY id"))
                    .containsExactly(List.of("1", "1234.56"), List.of("2", "-1234.56"));
        }
    }

    @ParameterizedTest(name = "path={0}")
    @EnumSource(RoundTrip.ImportPath.class)
    void aSelfReferencingTableKeyedByAnEnumDeletesItsRowsChildrenFirst(RoundTrip.ImportPath path) throws Exception {
        try (RoundTrip run = new RoundTrip("postgresql", dir, true, path, "app.node", "CREATE SCHEMA app",
                "CREATE TYPE app.level AS ENUM ('a', 'b', 'c')",
                "CREATE TABLE app.node (k app.level PRIMARY KEY, parent app.level REFERENCES app.node (k))")) {
            run.source.execute("INSERT INTO app.node VALUES ('a', NULL), ('b', 'a'), ('c', 'b')");
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.ctsync.once();
            run.assertSame("SELECT k, parent FROM app.node ORDER BY k");

            run.source.execute("DELETE FROM app.node");
            run.ctsync.once();
            run.ctsync.once();
            assertThat(RoundTrip.text(run.target, "SELECT count(*) FROM app.node")).containsExactly(List.of("0"));
        }
    }
}
