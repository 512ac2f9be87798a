package io.ctsync.types;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of type a PostgreSQL table can hold (built-in base types, arrays, an enum, domains,
 * ranges, a composite type) exported and imported into a target of the same DDL, and compared
 * value for value, NULLs and special values included; each type that can be in a key is also a
 * key, in a composite key with a text column, with the presence lookup on. The types are generated
 * into one wide table and one table per key type from the list below. Each test runs once per
 * import path: COPY and the work table (bulk), and the row statements with their bound parameters
 * (the default for a content under {@code ctsync.import.bulk-rows}), so both paths write every type.
 */
@Tag("postgres")
class PostgresTypeMatrixTest {

    private static final String TYPES = "CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');"
            + "CREATE DOMAIN app.positive AS int CHECK (VALUE > 0);"
            + "CREATE DOMAIN app.code AS varchar(8);"
            + "CREATE TYPE app.pair AS (x int, y text)";

    /** Type, a value, a special value or the same again, and whether a btree key can hold it. */
    private record Sample(String type, String value, String special, boolean keyable) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("smallint", "-32768", "32767", true),
            new Sample("integer", "-2147483648", "0", true),
            new Sample("bigint", "9223372036854775807", "-1", true),
            new Sample("numeric(30,10)", "12345678901234567890.0123456789", "'NaN'", true),
            new Sample("numeric", "1.50", "'Infinity'", true),
            new Sample("real", "1.5", "'-Infinity'", true),
            new Sample("double precision", "3.141592653589793", "'NaN'", true),
            new Sample("money", "'-1234.56'", "92233720368547758.07", true),
            new Sample("boolean", "true", "false", true),
            new Sample("char(3)", "'ab'", "'xyz'", true),
            new Sample("varchar(10)", "'ünï'", "''", true),
            new Sample("text", "'He said \"hi\" \\ ✓ '''", "repeat('x', 100000)", true),
            new Sample("\"char\"", "'q'", "'z'", true),
            new Sample("name", "'a name'", "'b'", true),
            new Sample("bytea", "'\\xdeadbeef'", "'\\x'", true),
            new Sample("date", "'2026-02-28'", "'infinity'", true),
            new Sample("time(6)", "'13:45:10.123456'", "'24:00'", true),
            new Sample("timetz", "'13:45:10+02'", "'00:00-12'", true),
            new Sample("timestamp(6)", "'2026-02-28 13:45:10.123456'", "'-infinity'", true),
            new Sample("timestamptz", "'2026-02-28 13:45:10.123456+02'", "'infinity'", true),
            new Sample("interval", "'1 year 2 mons 3 days 04:05:06.7'", "'-1 day'", true),
            new Sample("uuid", "'6f1c2a4e-9b0d-4c53-8f1e-0123456789ab'", "'00000000-0000-0000-0000-000000000000'", true),
            new Sample("json", "'{\"b\": 1,  \"a\": [1, 2]}'", "'null'", false),
            new Sample("jsonb", "'{\"b\": 1, \"a\": [1, 2]}'", "'\"text\"'", true),
            new Sample("xml", "'<a x=\"1\">t</a>'", "'text only'", false),
            new Sample("inet", "'192.168.0.1/24'", "'::1'", true),
            new Sample("cidr", "'10.0.0.0/8'", "'2001:db8::/32'", true),
            new Sample("macaddr", "'08:00:2b:01:02:03'", "'ff:ff:ff:ff:ff:ff'", true),
            new Sample("macaddr8", "'08:00:2b:01:02:03:04:05'", "'00:00:00:00:00:00:00:00'", true),
            new Sample("bit(8)", "B'10101010'", "B'00000000'", true),
            new Sample("bit varying(16)", "B'101'", "B''", true),
            new Sample("point", "'(1.5,2)'", "'(0,0)'", false),
            new Sample("line", "'{1,-1,0}'", "'{0,1,2}'", false),
            new Sample("lseg", "'[(0,0),(1,1)]'", "'[(1,1),(2,2)]'", false),
            new Sample("box", "'((0,0),(1,1))'", "'((2,2),(3,3))'", false),
            new Sample("path", "'[(0,0),(1,1),(2,0)]'", "'((0,0),(1,1))'", false),
            new Sample("polygon", "'((0,0),(1,1),(1,0))'", "'((0,0),(0,1),(1,0))'", false),
            new Sample("circle", "'<(1,1),2>'", "'<(0,0),0.5>'", false),
            new Sample("tsvector", "'a fat cat'", "''", true),
            new Sample("tsquery", "'fat & rat'", "'cat'", true),
            new Sample("int4range", "'[1,5)'", "'empty'", true),
            new Sample("int8range", "'[1,)'", "'(,)'", true),
            new Sample("numrange", "'[1.5,2.5]'", "'empty'", true),
            new Sample("daterange", "'[2026-01-01,2026-02-01)'", "'[2026-01-01,)'", true),
            new Sample("tsrange", "'[2026-01-01 10:00,2026-01-01 11:00)'", "'empty'", true),
            new Sample("tstzrange", "'[2026-01-01 10:00+00,2026-01-01 11:00+00)'", "'empty'", true),
            new Sample("int4multirange", "'{[1,2),[5,6)}'", "'{}'", true),
            new Sample("pg_lsn", "'16/B374D848'", "'0/0'", true),
            new Sample("oid", "4294967295", "0", true),
            new Sample("integer[]", "'{1,2,NULL}'", "'{}'", true),
            new Sample("text[]", "'{a,\"b c\",\"\\\"q\\\"\"}'", "'{{a,b},{c,d}}'", true),
            new Sample("numeric[]", "'{1.5,NaN}'", "'{}'", true),
            new Sample("date[]", "'{2026-01-01,infinity}'", "'{}'", true),
            new Sample("jsonb[]", "ARRAY['{\"a\":1}'::jsonb]", "'{}'", true),
            new Sample("app.mood", "'happy'", "'sad'", true),
            new Sample("app.mood[]", "'{sad,ok}'", "'{}'", true),
            new Sample("app.positive", "5", "1", true),
            new Sample("app.code", "'AB-12'", "''", true),
            new Sample("app.pair", "ROW(1, 'a b')", "ROW(NULL, NULL)", true));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "presence={0} path={1}")
    @CsvSource({"true, BULK", "false, BULK", "true, ROWS", "false, ROWS"})
    void everyTypeRoundTripsAsAValue(boolean presence, RoundTrip.ImportPath path) throws Exception {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < SAMPLES.size(); i++) {
            columns.add("c" + i + " " + SAMPLES.get(i).type());
        }
        RoundTrip.valuesRoundTrip("postgresql", dir, presence, path,
                ddl("CREATE TABLE app.matrix (id int PRIMARY KEY, " + String.join(", ", columns) + ")"),
                new String[] {insert("app.matrix", SAMPLES, 1, Sample::value), insert("app.matrix", SAMPLES, 2, Sample::special)},
                // each value swapped for the other, and the row of NULLs deleted
                "UPDATE app.matrix AS m SET " + assignments() + " FROM app.matrix AS o WHERE o.id = 3 - m.id",
                "DELETE FROM app.matrix WHERE id = 3");
    }

    /**
     * Inserted rows of a delta, which the bulk path copies straight into the target: every type but
     * those the upsert reads otherwise; the row path inserts the same rows by its statements.
     */
    @ParameterizedTest(name = "path={0}")
    @EnumSource(RoundTrip.ImportPath.class)
    void everyTypeReadByItsOwnInputRoundTripsAsAnInsertedRow(RoundTrip.ImportPath path) throws Exception {
        List<Sample> samples = SAMPLES.stream().filter(s -> !List.of("bytea", "money").contains(s.type())).toList();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            columns.add("c" + i + " " + samples.get(i).type());
        }
        RoundTrip.insertsRoundTrip("postgresql", dir, path, ddl("CREATE TABLE app.matrix (id int PRIMARY KEY, " + String.join(", ", columns) + ")"),
                insert("app.matrix", samples, 1, Sample::value), insert("app.matrix", samples, 2, Sample::special));
    }

    @ParameterizedTest(name = "path={0}")
    @EnumSource(RoundTrip.ImportPath.class)
    void everyKeyableTypeRoundTripsAsPartOfACompositeKey(RoundTrip.ImportPath path) throws Exception {
        RoundTrip.keysRoundTrip("postgresql", dir, path, "text", List.of(ddl()), SAMPLES.stream().filter(Sample::keyable)
                .map(s -> new RoundTrip.KeyType(s.type(), s.value(), s.special())).toList(),
                table -> "SELECT city, v::text, n FROM " + table + " ORDER BY n");
    }

    private static String[] ddl(String... tables) {
        List<String> statements = new ArrayList<>(List.of("CREATE SCHEMA app"));
        statements.addAll(List.of(TYPES.split(";")));
        statements.addAll(List.of(tables));
        return statements.toArray(String[]::new);
    }

    private static String insert(String table, List<Sample> samples, int id, java.util.function.Function<Sample, String> value) {
        return "INSERT INTO " + table + " VALUES (" + id + ", "
                + samples.stream().map(s -> "(" + value.apply(s) + ")::" + s.type()).collect(Collectors.joining(", ")) + ")";
    }

    private static String assignments() {
        List<String> assignments = new ArrayList<>();
        for (int i = 0; i < SAMPLES.size(); i++) {
            assignments.add("c" + i + " = o.c" + i);
        }
        return String.join(", ", assignments);
    }
}
