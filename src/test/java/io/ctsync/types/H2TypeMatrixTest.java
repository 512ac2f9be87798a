package io.ctsync.types;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Contents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2's types exported and imported into a target of the same DDL with the presence lookup on and
 * off, compared value for value; each type that can be in a key also a key in a composite key; a
 * ROW column refused at start-up in the source and in the target, and columns left out with
 * {@code columns} and {@code exclude-columns}.
 */
@Tag("h2")
class H2TypeMatrixTest {

    /** Type, a value, another value, and whether it can be in a primary key. */
    private record Sample(String type, String value, String other, boolean keyable) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("TINYINT", "-128", "127", true),
            new Sample("SMALLINT", "-32768", "1", true),
            new Sample("INTEGER", "-2147483648", "2", true),
            new Sample("BIGINT", "9223372036854775807", "3", true),
            new Sample("NUMERIC(30, 10)", "12345678901234567890.0123456789", "-1.5", true),
            // NaN and Infinity: H2 cannot hand a DECFLOAT that is no number to a Java trigger, ctsync's tracking on H2
            new Sample("DECFLOAT", "1.5E+300", "-0.5E-10", true),
            new Sample("REAL", "1.5", "CAST('Infinity' AS REAL)", true),
            new Sample("DOUBLE PRECISION", "3.141592653589793", "CAST('NaN' AS DOUBLE PRECISION)", true),
            new Sample("BOOLEAN", "TRUE", "FALSE", true),
            new Sample("CHAR(3)", "'ab'", "'xyz'", true),
            new Sample("VARCHAR(20)", "'ünï ✓'", "''", true),
            new Sample("VARCHAR_IGNORECASE(10)", "'AbC'", "'x'", true),
            new Sample("CLOB", "'a long text'", "''", false),
            new Sample("BINARY(4)", "X'deadbeef'", "X'00000000'", true),
            new Sample("VARBINARY(8)", "X'0102'", "X''", true),
            new Sample("BLOB", "X'0102'", "X''", false),
            new Sample("DATE", "DATE '2026-02-28'", "DATE '0001-01-01'", true),
            new Sample("TIME(6)", "TIME '13:45:10.123456'", "TIME '00:00:00'", true),
            new Sample("TIME(6) WITH TIME ZONE", "TIME WITH TIME ZONE '13:45:10.5+02:00'", "TIME WITH TIME ZONE '00:00:00Z'", true),
            new Sample("TIMESTAMP(6)", "TIMESTAMP '2026-02-28 13:45:10.123456'", "TIMESTAMP '1970-01-01 00:00:00'", true),
            new Sample("TIMESTAMP(6) WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE '2026-02-28 13:45:10.123456+02:00'",
                    "TIMESTAMP WITH TIME ZONE '2026-02-28 13:45:10Z'", true),
            new Sample("INTERVAL DAY TO SECOND", "INTERVAL '1 02:03:04.5' DAY TO SECOND", "INTERVAL '-0 00:00:01' DAY TO SECOND", true),
            new Sample("INTERVAL YEAR TO MONTH", "INTERVAL '1-2' YEAR TO MONTH", "INTERVAL '0-0' YEAR TO MONTH", true),
            new Sample("JSON", "JSON '{\"a\":[1,2]}'", "JSON '\"text\"'", false),
            new Sample("UUID", "'6f1c2a4e-9b0d-4c53-8f1e-0123456789ab'", "'00000000-0000-0000-0000-000000000000'", true),
            new Sample("ENUM('sad', 'ok', 'happy')", "'happy'", "'sad'", true),
            new Sample("GEOMETRY", "'POINT (1 2)'", "'SRID=4326;LINESTRING (0 0, 1 1)'", false),
            new Sample("INTEGER ARRAY", "ARRAY[1, 2, NULL]", "ARRAY[]", false),
            new Sample("VARCHAR(5) ARRAY", "ARRAY['a', 'b c']", "ARRAY[]", false));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "presence={0}")
    @ValueSource(booleans = {true, false})
    void everyTypeRoundTripsAsAValue(boolean presence) throws Exception {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> swaps = new ArrayList<>();
        for (int i = 0; i < SAMPLES.size(); i++) {
            columns.add("c" + i + " " + SAMPLES.get(i).type());
            values.add(SAMPLES.get(i).value());
            others.add(SAMPLES.get(i).other());
            swaps.add("c" + i + " = " + SAMPLES.get(i).other());
        }
        RoundTrip.valuesRoundTrip("h2", dir, presence, RoundTrip.ImportPath.ROWS,
                new String[] {"CREATE SCHEMA app", "CREATE TABLE app.matrix (id INT PRIMARY KEY, " + String.join(", ", columns) + ")"},
                new String[] {"INSERT INTO app.matrix VALUES (1, " + String.join(", ", values) + ")",
                        "INSERT INTO app.matrix VALUES (2, " + String.join(", ", others) + ")"},
                "UPDATE app.matrix SET " + String.join(", ", swaps) + " WHERE id = 1", "DELETE FROM app.matrix WHERE id = 3");
    }

    @Test
    void everyKeyableTypeRoundTripsAsPartOfACompositeKey() throws Exception {
        RoundTrip.keysRoundTrip("h2", dir, RoundTrip.ImportPath.ROWS, "VARCHAR(10)", List.of("CREATE SCHEMA app"), SAMPLES.stream().filter(Sample::keyable)
                .map(s -> new RoundTrip.KeyType(s.type(), s.value(), s.other())).toList(), table -> "SELECT * FROM " + table + " ORDER BY n");
    }

    @Test
    void aTypeCtsyncCannotCarryIsRefusedAtStartUpNamingTheFix() throws Exception {
        try (RoundTrip run = new RoundTrip("h2", dir, true, "app.t", "CREATE SCHEMA app",
                "CREATE TABLE app.t (id INT PRIMARY KEY, pair ROW(x INT, y VARCHAR(5)), note VARCHAR(5))")) {
            CtsyncRun.Result result = run.ctsync.run("--enable-tracking");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("column 'pair' of app.t is of type ROW(\"x\" INTEGER, \"y\" CHARACTER VARYING(5)),"
                    + " which ctsync cannot carry").contains("ctsync.table.app.t.exclude-columns=pair");

            run.source.execute("INSERT INTO app.t VALUES (1, ROW(1, 'a'), 'n')");
            run.ctsync.set("ctsync.table.app.t.exclude-columns", "pair");
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.ctsync.once();
            assertThat(RoundTrip.text(run.target, "SELECT id, pair, note FROM app.t")).containsExactly(java.util.Arrays.asList("1", null, "n"));
        }
    }

    @Test
    void aTargetColumnCtsyncCannotWriteIsRefusedAtStartUpUnlessLeftOut() throws Exception {
        try (RoundTrip run = new RoundTrip("h2", dir, false, "app.t", "CREATE SCHEMA app",
                "CREATE TABLE app.t (id INT PRIMARY KEY, pair VARCHAR(20), note VARCHAR(5))")) {
            run.target.execute("DROP TABLE app.t", "CREATE TABLE app.t (id INT PRIMARY KEY, pair ROW(x INT), note VARCHAR(5))");
            run.source.execute("INSERT INTO app.t VALUES (1, 'p', 'n')");
            run.ctsync.enableTracking();
            CtsyncRun.Result result = run.ctsync.run("--once");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("column 'pair' of the target table app.t is of type ROW(\"x\" INTEGER),"
                    + " which ctsync cannot carry").contains("ctsync.table.app.t.exclude-columns=pair");

            run.ctsync.set("ctsync.table.app.t.exclude-columns", "pair");
            run.ctsync.once();
            run.ctsync.once();
            assertThat(RoundTrip.text(run.target, "SELECT id, pair, note FROM app.t")).containsExactly(java.util.Arrays.asList("1", null, "n"));
        }
    }

    @Test
    void columnsLeftOutAreNeitherExportedNorShownInPresenceNorImported() throws Exception {
        try (RoundTrip run = new RoundTrip("h2", dir, true, "app.a,app.b", "CREATE SCHEMA app",
                "CREATE TABLE app.a (id INT PRIMARY KEY, secret VARCHAR(10), note VARCHAR(10))",
                "CREATE TABLE app.b (id INT PRIMARY KEY, wide1 INT, wide2 INT, kept INT)")) {
            run.target.execute("INSERT INTO app.a VALUES (1, 'target pw', 'old')");
            run.ctsync.set("ctsync.table.app.a.exclude-columns", "secret").set("ctsync.table.app.b.columns", "id, kept");
            run.ctsync.enableTracking();
            // the empty tables' first run sends nothing; the rows come as a delta, which carries presence (a backfill chunk does not)
            run.ctsync.once();
            run.source.execute("INSERT INTO app.a VALUES (1, 'pw', 'n'), (2, 'pw2', 'm')", "INSERT INTO app.b VALUES (1, 1, 2, 3)");
            run.ctsync.once();
            run.ctsync.once();
            Contents.Content content = Contents.read(dir.resolve("gateway"), 1);
            assertThat(content.text("app.a", "inserted.json")).doesNotContain("secret").contains("\"note\":\"n\"");
            assertThat(content.text("app.a", "existing.json")).doesNotContain("pw").contains("\"note\":\"old\"");
            assertThat(content.rows("app.b", "inserted.json")).extracting(Object::toString).containsExactly("{\"id\":1,\"kept\":3}");
            assertThat(RoundTrip.text(run.target, "SELECT id, secret, note FROM app.a ORDER BY id"))
                    .containsExactly(List.of("1", "target pw", "n"), java.util.Arrays.asList("2", null, "m"));
            assertThat(RoundTrip.text(run.target, "SELECT id, wide1, wide2, kept FROM app.b"))
                    .containsExactly(java.util.Arrays.asList("1", null, null, "3"));
        }
    }
}
