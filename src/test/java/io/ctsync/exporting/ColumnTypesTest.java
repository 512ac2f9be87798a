package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every common column type, read back from the ZIP as exactly the JSON that docs/format.md, "Values", specifies. */
@Tag("postgres")
class ColumnTypesTest {

    @TempDir
    Path dir;

    private static final String TEXT = "He said \"hi\" \\ ünïcødé ✓ 'quoted'";

    @Test
    void postgresValues() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            db.execute("CREATE SCHEMA app",
                    "CREATE TABLE app.types (id uuid PRIMARY KEY, n numeric(38, 10), big bigint, small smallint, i int,"
                            + " f double precision, r real, flag boolean, d date, t time, ts timestamp(6), tstz timestamptz,"
                            + " bin bytea, txt text, vc varchar(40), ch char(3), doc jsonb)",
                    "INSERT INTO app.types VALUES ('6f1c2a4e-9b0d-4c53-8f1e-0123456789ab', 1234567890123456789012345678.1234567890,"
                            + " 9223372036854775807, -32768, 42, 3.141592653589793, 1.5, true, '2026-02-28', '13:45:10.5',"
                            + " '2026-02-28 13:45:10.123456', '2026-02-28 13:45:10.123456+02', '\\xdeadbeef', '"
                            + TEXT.replace("'", "''") + "', NULL, 'ab', '{\"a\": [1, 2]}')");
            JsonNode row = exportSingleRow(db);
            assertThat(fields(row)).containsExactly(
                    "id=\"6f1c2a4e-9b0d-4c53-8f1e-0123456789ab\"",
                    "n=1234567890123456789012345678.1234567890",
                    "big=9223372036854775807", "small=-32768", "i=42",
                    "f=3.141592653589793", "r=1.5", "flag=true",
                    "d=\"2026-02-28\"", "t=\"13:45:10.5\"", "ts=\"2026-02-28T13:45:10.123456\"",
                    "tstz=\"2026-02-28T11:45:10.123456Z\"",
                    "bin=\"3q2+7w==\"", "txt=" + quoted(TEXT), "vc=null", "ch=\"ab \"",
                    "doc=\"{\\\"a\\\": [1, 2]}\"");
        }
    }

    @Test
    void h2Values() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            db.execute("CREATE SCHEMA app",
                    "CREATE TABLE app.types (id UUID PRIMARY KEY, n NUMERIC(38, 10), big BIGINT, small SMALLINT, i INT,"
                            + " f DOUBLE PRECISION, r REAL, flag BOOLEAN, d DATE, t TIME(6), ts TIMESTAMP(6),"
                            + " tstz TIMESTAMP(6) WITH TIME ZONE, bin VARBINARY(16), txt VARCHAR(200), vc VARCHAR(40), ch CHAR(3))",
                    "INSERT INTO app.types VALUES ('6f1c2a4e-9b0d-4c53-8f1e-0123456789ab', 1234567890123456789012345678.1234567890,"
                            + " 9223372036854775807, -32768, 42, 3.141592653589793, 1.5, true, DATE '2026-02-28', TIME '13:45:10.5',"
                            + " TIMESTAMP '2026-02-28 13:45:10.123456', TIMESTAMP WITH TIME ZONE '2026-02-28 13:45:10.123456+02:00',"
                            + " X'deadbeef', '" + TEXT.replace("'", "''") + "', NULL, 'ab')");
            JsonNode row = exportSingleRow(db);
            assertThat(fields(row)).containsExactly(
                    "id=\"6f1c2a4e-9b0d-4c53-8f1e-0123456789ab\"",
                    "n=1234567890123456789012345678.1234567890",
                    "big=9223372036854775807", "small=-32768", "i=42",
                    "f=3.141592653589793", "r=1.5", "flag=true",
                    "d=\"2026-02-28\"", "t=\"13:45:10.5\"", "ts=\"2026-02-28T13:45:10.123456\"",
                    "tstz=\"2026-02-28T13:45:10.123456+02:00\"",
                    "bin=\"3q2+7w==\"", "txt=" + quoted(TEXT), "vc=null", "ch=\"ab \"");
        }
    }

    private JsonNode exportSingleRow(TestDatabase db) throws Exception {
        CtsyncRun ctsync = new CtsyncRun(dir, db.properties("source"))
                .set("ctsync.application", "types").set("ctsync.source.name", db.kind()).set("ctsync.destination.name", "test")
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"))
                .set("ctsync.gateway.dir", dir.resolve("gateway").toString())
                .set("ctsync.tables", "app.types");
        ctsync.enableTracking();
        ctsync.once();
        List<JsonNode> rows = Contents.read(dir.resolve("gateway"), 1).rows("app.types", "inserted.json");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static List<String> fields(JsonNode row) {
        return row.properties().stream().map((Map.Entry<String, JsonNode> e) -> e.getKey() + "=" + e.getValue().toString()).toList();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
