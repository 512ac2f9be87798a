package io.ctsync.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The compare capture: a source with no tracking against its target, on real PostgreSQL and H2. */
@Tag("postgres")
class CompareCaptureTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;

    private Map<String, String> properties(String sourceName, String tables) {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("cmp", sourceName, "dst", dir.resolve("state-" + sourceName), gateway(), tables));
        properties.put("ctsync.capture", "compare");
        return properties;
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private static List<String> rows(Contents.Content content, String table, String entry) throws Exception {
        return content.rows(table, entry).stream().map(JsonNode::toString).toList();
    }

    private static String itemsTable(TestDatabase db) {
        String binary = db.isPostgres() ? "BYTEA" : "VARBINARY(16)";
        String timestamp = db.isPostgres() ? "TIMESTAMPTZ" : "TIMESTAMP WITH TIME ZONE";
        return "CREATE TABLE app.items (id INT PRIMARY KEY, name VARCHAR(40), price NUMERIC(10,2), qty BIGINT, ratio DOUBLE PRECISION,"
                + " active BOOLEAN, born DATE, seen TIMESTAMP, stamped " + timestamp + ", data " + binary + ", note VARCHAR(40))";
    }

    /** Binary literals: H2 writes X'CAFE', PostgreSQL reads '\xCAFE' into bytea. */
    private static String binary(TestDatabase db, String sql) {
        return db.isPostgres() ? sql.replaceAll("X'([0-9A-F]*)'", "'\\\\x$1'") : sql;
    }

    private static final String EQUAL_WITH_NULLS = "(1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)";
    private static final String EQUAL = "(2, 'same', 1.50, 7, 0.25, TRUE, DATE '2024-02-29', TIMESTAMP '2024-01-01 10:00:00',"
            + " TIMESTAMP WITH TIME ZONE '2024-01-01 10:00:00+02:00', X'CAFE', 'n')";

    private static String row(int id, String name, String price, String qty, String ratio, String active, String born, String seen,
                              String stamped, String data, String note) {
        return "(" + id + ", " + name + ", " + price + ", " + qty + ", " + ratio + ", " + active + ", " + born + ", " + seen + ", "
                + stamped + ", " + data + ", " + note + ")";
    }

    private static String base(int id) {
        return row(id, "'x'", "1.00", "1", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'",
                "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void onlyInSourceIsInsertedOnlyInTargetDeletedAChangeInAnyColumnUpdated(String kind) throws Exception {
        source = databases.open(kind);
        target = databases.open(kind);
        for (TestDatabase db : new TestDatabase[] {source, target}) {
            db.execute("CREATE SCHEMA app", itemsTable(db), binary(db, "INSERT INTO app.items VALUES " + EQUAL_WITH_NULLS + ", " + EQUAL));
        }
        // ids 10..19: in both, each differing in one column (or NULL against a value)
        String[] changed = {
                row(10, "'y'", "1.00", "1", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'"),
                row(11, "'x'", "1.01", "1", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'"),
                row(12, "'x'", "1.00", "2", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'"),
                row(13, "'x'", "1.00", "1", "0.75", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'"),
                row(14, "'x'", "1.00", "1", "0.5", "TRUE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'"),
                row(15, "'x'", "1.00", "1", "0.5", "FALSE", "DATE '2024-01-02'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'"),
                row(16, "'x'", "1.00", "1", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:01'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'"),
                row(17, "'x'", "1.00", "1", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+01:00'", "X'00'", "'n'"),
                row(18, "'x'", "1.00", "1", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'01'", "'n'"),
                row(19, "'x'", "1.00", "1", "0.5", "FALSE", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "NULL")};
        for (int i = 0; i < changed.length; i++) {
            source.execute(binary(source, "INSERT INTO app.items VALUES " + changed[i]));
            target.execute(binary(target, "INSERT INTO app.items VALUES " + base(10 + i)));
        }
        // the same instant written with another offset, and 1.5 against 1.50: equal values, not changes
        source.execute(binary(source, "INSERT INTO app.items VALUES " + row(20, "'x'", "1.5", "1", "0.5", "FALSE", "DATE '2024-01-01'",
                "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 02:00:00+02:00'", "X'00'", "'n'")));
        target.execute(binary(target, "INSERT INTO app.items VALUES " + row(20, "'x'", "1.50", "1", "0.5", "FALSE", "DATE '2024-01-01'",
                "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00:00'", "X'00'", "'n'")));
        source.execute(binary(source, "INSERT INTO app.items VALUES " + base(3)));
        target.execute(binary(target, "INSERT INTO app.items VALUES " + base(4)));

        CtsyncRun ctsync = new CtsyncRun(dir, properties("src", "app.items"));
        ctsync.once();
        Contents.Content content = Contents.read(gateway(), 1);
        assertThat(content.table("app.items").mode()).isEqualTo("delta");
        assertThat(content.table("app.items").fromVersion()).as("the first comparison").isNull();
        assertThat(content.table("app.items").toVersion()).isEqualTo(1);
        assertThat(content.rows("app.items", "inserted.json")).extracting(r -> r.get("id").asInt()).containsExactly(3);
        assertThat(rows(content, "app.items", "deleted.json")).containsExactly("{\"id\":4}");
        assertThat(content.rows("app.items", "updated.json")).extracting(r -> r.get("id").asInt())
                .as("one row per changed column, and never the equal rows 1, 2 and 20").containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(content.rows("app.items", "existing.json")).extracting(r -> r.get("primaryKey").get("id").asInt())
                .as("presence works as for tracked tables").containsExactlyInAnyOrder(4, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(content.rows("app.items", "missing.json")).extracting(r -> r.get("primaryKey").get("id").asInt()).containsExactly(3);

        ctsync.once();
        assertThat(Contents.read(gateway(), 2).table("app.items").fromVersion()).isEqualTo(1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void textKeysMergeInTheSameOrderOnBothSides(String kind) throws Exception {
        source = databases.open(kind);
        target = databases.open(kind);
        String keys = "('a'), ('B'), ('b'), ('é'), ('e'), ('Z'), ('z z'), ('\uFFFD'), ('\uD83D\uDE00'), ('10'), ('9'), ('')";
        for (TestDatabase db : new TestDatabase[] {source, target}) {
            db.execute("CREATE SCHEMA app", "CREATE TABLE app.codes (code VARCHAR(20) PRIMARY KEY)", "INSERT INTO app.codes VALUES " + keys);
        }
        source.execute("INSERT INTO app.codes VALUES ('only in source')");
        target.execute("INSERT INTO app.codes VALUES ('Only in target')");
        new CtsyncRun(dir, properties("src", "app.codes")).once();
        Contents.Content content = Contents.read(gateway(), 1);
        assertThat(rows(content, "app.codes", "inserted.json")).containsExactly("{\"code\":\"only in source\"}");
        assertThat(rows(content, "app.codes", "deleted.json")).containsExactly("{\"code\":\"Only in target\"}");
    }

    /** Two regions' tables consolidated into one target table keyed by (region, id): each compares with its own rows only. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void twoSourcesConsolidatedIntoOneTargetEachSeeTheirOwnRows(String kind) throws Exception {
        source = databases.open(kind);
        target = databases.open(kind);
        source.execute("CREATE SCHEMA north", "CREATE TABLE north.sales (id INT PRIMARY KEY, amount INT)",
                "INSERT INTO north.sales VALUES (1, 10), (2, 20), (3, 30)",
                "CREATE SCHEMA south", "CREATE TABLE south.sales (id INT PRIMARY KEY, amount INT)",
                "INSERT INTO south.sales VALUES (1, 100), (4, 400)");
        target.execute("CREATE SCHEMA hq", "CREATE TABLE hq.sales (region VARCHAR(10), id INT, amount INT, PRIMARY KEY (region, id))",
                "INSERT INTO hq.sales VALUES ('north', 1, 10), ('north', 2, 21), ('north', 5, 50),"
                        + " ('south', 1, 100), ('south', 2, 200), ('south', 3, 30)");

        Map<String, String> north = properties("north", "north.sales");
        north.put("ctsync.table.north.sales.target", "hq.sales");
        north.put("ctsync.table.north.sales.constant.region", "north");
        new CtsyncRun(dir, north).once();
        Map<String, String> south = properties("south", "south.sales");
        south.put("ctsync.table.south.sales.target", "hq.sales");
        south.put("ctsync.table.south.sales.constant.region", "south");
        new CtsyncRun(dir, south).once();

        Contents.Content fromNorth = Contents.read(gateway().resolve("cmp_north_dst_0000000001.zip"));
        assertThat(rows(fromNorth, "north.sales", "inserted.json")).containsExactly("{\"id\":3,\"amount\":30,\"region\":\"north\"}");
        assertThat(rows(fromNorth, "north.sales", "updated.json")).containsExactly("{\"id\":2,\"amount\":20,\"region\":\"north\"}");
        assertThat(rows(fromNorth, "north.sales", "deleted.json")).as("south's rows are not north's to delete")
                .containsExactly("{\"id\":5,\"region\":\"north\"}");
        assertThat(fromNorth.table("north.sales").key()).containsExactly("id", "region");

        Contents.Content fromSouth = Contents.read(gateway().resolve("cmp_south_dst_0000000001.zip"));
        assertThat(rows(fromSouth, "south.sales", "inserted.json")).containsExactly("{\"id\":4,\"amount\":400,\"region\":\"south\"}");
        assertThat(rows(fromSouth, "south.sales", "updated.json")).isEmpty();
        assertThat(rows(fromSouth, "south.sales", "deleted.json"))
                .containsExactly("{\"id\":2,\"region\":\"south\"}", "{\"id\":3,\"region\":\"south\"}");
    }
}
