package io.ctsync.importing;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.config.TableName;
import io.ctsync.db.BulkLoad;
import io.ctsync.values.Column;
import io.ctsync.db.TargetShape;
import io.ctsync.db.h2.H2Type;
import io.ctsync.db.postgresql.PostgresType;
import io.ctsync.gateway.FileGateway;
import io.ctsync.monitoring.Metrics;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Operation;
import io.ctsync.state.Pipeline;
import io.ctsync.testing.Contents;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Types;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bulk path against the row path on the same hand-written content, into two PostgreSQL
 * targets: values COPY's text format must escape (tab, newline, carriage return, backslash, a
 * character outside the BMP, the text {@code \N}), NULLs, a year BC and java.time's extreme
 * date, and a key that the content both inserts and updates (the exporter never writes one
 * twice, a hand-made or merged content may): the bulk upsert takes the updated row, as the row
 * path does. The inserted rows of the delta go by COPY straight into the target; where the target
 * already holds one of their keys, that COPY is rolled back and they are upserted. A statement
 * trigger on the target records which statements wrote it.
 */
@Tag("postgres")
class BulkImportTest {

    private static final String TABLE = "CREATE TABLE app.notes (id int PRIMARY KEY, body text, d date, ts timestamptz, n numeric)";
    private static final String SELECT = "SELECT id, body, d::text, ts::text, n::text FROM app.notes ORDER BY id";
    private static final String LOG = "SELECT sequence, status, inserted, updated, deleted FROM ctsync_import_log ORDER BY sequence";
    /** The first word of each statement that wrote the target, in order, one line per statement. */
    private static final String STATEMENTS = "SELECT verb FROM app.statements ORDER BY id";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @Test
    void theBulkPathWritesWhatTheRowPathWrites() throws Exception {
        Imported imported = importBothWays();
        TestDatabase bulk = imported.bulk();
        TestDatabase rows = imported.rows();

        assertThat(bulk.query(SELECT)).isEqualTo(rows.query(SELECT)).containsExactly(
                Arrays.asList(1, "tab\there, line\nbreak, return\r, back\\slash, \\N, emoji \uD83D\uDE00", "2026-02-28", "2026-02-28 11:45:10.123456+00", "1.50"),
                Arrays.asList(2, "updated", "0045-03-15 BC", "infinity", "NaN"),
                Arrays.asList(3, null, "infinity", "-infinity", null),
                Arrays.asList(4, "kept", "2026-01-01", "2026-01-01 00:00:00+00", "4"));
        assertThat(bulk.query(LOG)).isEqualTo(rows.query(LOG)).containsExactly(List.of(1L, "ok", 3L, 1L, 1L));
        // deletes first; the inserted rows by COPY into the target, the updated one by the upsert from the work table
        assertThat(bulk.query(STATEMENTS)).containsExactly(List.of("DELETE"), List.of("COPY"), List.of("INSERT"));
        assertThat(rows.query(STATEMENTS)).containsExactly(List.of("DELETE"), List.of("INSERT"), List.of("INSERT"));
    }

    @Test
    void insertedRowsWhoseKeyTheTargetHoldsAreUpserted() throws Exception {
        Imported imported = importBothWays("INSERT INTO app.notes VALUES (2, 'local', NULL, NULL, NULL)", "TRUNCATE app.statements");
        TestDatabase bulk = imported.bulk();
        TestDatabase rows = imported.rows();

        assertThat(bulk.query(SELECT)).isEqualTo(rows.query(SELECT)).hasSize(4).contains(
                Arrays.asList(2, "updated", "0045-03-15 BC", "infinity", "NaN"));
        assertThat(bulk.query(LOG)).isEqualTo(rows.query(LOG)).containsExactly(List.of(1L, "ok", 3L, 1L, 1L));
        // the COPY that met key 2 was rolled back, its statement trigger's row with it
        assertThat(bulk.query(STATEMENTS)).containsExactly(List.of("DELETE"), List.of("INSERT"));
    }

    /**
     * The direct insert goes in COPY statements of 1,000 rows, then twice as many each time: 3,000 new rows take
     * two statements, none of them empty; where the target holds a key of the second statement, both are rolled
     * back (their statement trigger's rows with them) and every row is upserted.
     */
    @Test
    void insertedRowsGoStraightInByCopyStatementsOfGrowingSize() throws Exception {
        Path gateway = dir.resolve("many-gateway");
        writeInserted(new FileGateway(gateway), 3_000);
        TestDatabase fresh = target();
        TestDatabase holding = target();
        holding.execute("INSERT INTO app.notes (id, body) VALUES (2500, 'local')", "TRUNCATE app.statements");
        importInto(fresh, gateway, "app.notes", 1);
        importInto(holding, gateway, "app.notes", 1);

        String rows = "SELECT count(*), count(*) FILTER (WHERE body = 'row ' || id) FROM app.notes";
        assertThat(fresh.query(rows)).containsExactly(List.of(3_002L, 3_000L));
        assertThat(fresh.query(STATEMENTS)).containsExactly(List.of("COPY"), List.of("COPY"));
        assertThat(holding.query(rows)).containsExactly(List.of(3_002L, 3_000L));
        assertThat(holding.query(STATEMENTS)).containsExactly(List.of("INSERT"));
        assertThat(holding.query(LOG)).containsExactly(List.of(1L, "ok", 3_000L, 0L, 0L));
    }

    /**
     * A content applied again (its log row gone, as after a restored target) leaves the rows that already hold
     * its values as they are (their row versions, xmin, unchanged), and rewrites a row whose value is equal but
     * not the same: the target's numeric 1.5 becomes the content's 1.50. The bulk path writes the last of key 2's
     * two rows only, which the target holds; the row path writes its inserted row and then its updated one.
     */
    @Test
    void aRowTheTargetHoldsAsTheContentHasItIsLeftAsItIs() throws Exception {
        Imported imported = importBothWays();
        String versions = "SELECT id, n::text, xmin::text FROM app.notes ORDER BY id";
        for (TestDatabase target : List.of(imported.bulk(), imported.rows())) {
            boolean bulk = target == imported.bulk();
            target.execute("UPDATE app.notes SET n = 1.5 WHERE id = 1", "DELETE FROM ctsync_import_log");
            List<List<Object>> before = target.query(versions);
            importInto(target, dir.resolve("gateway"), "app.notes", bulk ? 1 : 1_000);

            List<List<Object>> after = target.query(versions);
            assertThat(after.get(0).subList(0, 2)).containsExactly(1, "1.50");
            assertThat(after.get(0).get(2)).isNotEqualTo(before.get(0).get(2));
            int untouched = bulk ? 1 : 2;
            assertThat(after.subList(untouched, after.size())).as(bulk ? "bulk path" : "row path").isEqualTo(before.subList(untouched, before.size()));
        }
        assertThat(imported.bulk().query(SELECT)).isEqualTo(imported.rows().query(SELECT));
    }

    /**
     * Entries are verified while they are applied: a tampered updated entry is COPYed and upserted,
     * its sha256 found wrong before the commit, and the transaction rolled back: the target holds
     * nothing of the content, which is recorded failed for its corruption.
     */
    @Test
    void aTamperedEntryIsFoundBeforeTheCommitAndNothingOfItIsVisible() throws Exception {
        Path gateway = dir.resolve("gateway");
        writeContent(new FileGateway(gateway));
        try (var published = Files.list(gateway)) {
            Path content = published.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
            Contents.rewrite(content, (name, bytes) -> name.equals("app.notes/updated.json")
                    ? new String(bytes, StandardCharsets.UTF_8).replace("\"updated\"", "\"tampered\"").getBytes(StandardCharsets.UTF_8) : bytes);
        }
        TestDatabase bulk = target();
        List<List<Object>> before = bulk.query(SELECT);

        assertThatThrownBy(() -> importInto(bulk, gateway, "app.notes", 1)).isInstanceOf(ImportFailedException.class)
                .hasMessageContaining("corrupt content: entry app.notes/updated.json has sha256");
        assertThat(bulk.query(SELECT)).isEqualTo(before);
        assertThat(bulk.query("SELECT sequence, status FROM ctsync_import_log")).containsExactly(List.of(1L, "failed"));
    }

    /**
     * Values of {@link io.ctsync.values.ValueSpill#BIG} and more wait in the spill file and go to
     * COPY as streams: a binary value of every byte (base64 written again from its bytes, its
     * length no multiple of three), a text of multi-byte characters whose surrogate pairs fall on
     * the pieces' boundaries and of characters COPY escapes; both paths write the same bytes.
     */
    @Test
    void bigValuesStreamFromTheEntryIntoCopyAndArriveWhole() throws Exception {
        byte[] binary = new byte[3 * (1 << 20) + 1];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        String text = "ab\u20ac\uD83D\uDE00\t\\\n".repeat((1 << 20) / 4);
        Path gateway = dir.resolve("files-gateway");
        writeFiles(new FileGateway(gateway), binary, text);
        String files = "CREATE TABLE app.files (id int PRIMARY KEY, data bytea, doc text)";
        TestDatabase bulk = databases.open("postgresql");
        TestDatabase rows = databases.open("postgresql");
        bulk.execute("CREATE SCHEMA app", files);
        rows.execute("CREATE SCHEMA app", files);
        importInto(bulk, gateway, "app.files", 1);
        importInto(rows, gateway, "app.files", 1_000);

        String digests = "SELECT id, md5(data), md5(doc), octet_length(data), char_length(doc) FROM app.files ORDER BY id";
        assertThat(bulk.query(digests)).isEqualTo(rows.query(digests)).containsExactly(
                Arrays.asList(1, md5(binary), md5(text.getBytes(StandardCharsets.UTF_8)), binary.length, text.codePointCount(0, text.length())),
                Arrays.asList(2, md5(new byte[] {1, 2}), md5("small".getBytes(StandardCharsets.UTF_8)), 2, 5),
                Arrays.asList(3, null, null, null, null));
        assertThat(bulk.query(LOG)).containsExactly(List.of(1L, "ok", 3L, 0L, 0L));
    }

    @Test
    void onlyColumnsReadByTheirTypesOwnInputGoStraightIntoTheTarget() {
        BulkLoad load = new PostgresType().target().bulkLoad(1, 1).orElseThrow();
        List<Column> plain = List.of(new Column("id", Types.INTEGER, "int4"), new Column("body", Types.VARCHAR, "text"),
                new Column("at", Types.TIMESTAMP_WITH_TIMEZONE, "timestamptz"), new Column("flags", Types.BIT, "varbit"));
        TableName notes = new TableName("app", "notes");
        assertThat(load.directInsert(TargetShape.plain(notes, plain), plain)).isPresent();
        for (Column other : List.of(new Column("image", Types.BINARY, "bytea"), new Column("price", Types.DOUBLE, "money"))) {
            List<Column> columns = List.of(plain.get(0), other);
            assertThat(load.directInsert(TargetShape.plain(notes, columns), columns)).as(other.typeName()).isEmpty();
        }
    }

    @Test
    void theDialectDecidesWhichTablesGoTheBulkPath() {
        assertThat(new PostgresType().target().bulkLoad(999, 1_000)).isEmpty();
        assertThat(new PostgresType().target().bulkLoad(1_000, 1_000)).isPresent();
        assertThat(new H2Type().target().bulkLoad(1_000_000, 1)).isEmpty();
    }

    /** The two targets of one content: imported by the bulk path and by the row path. */
    private record Imported(TestDatabase bulk, TestDatabase rows) {
    }

    /** The content imported into a target by the bulk path and into another by the row path, each after {@code before}. */
    private Imported importBothWays(String... before) throws Exception {
        Path gateway = dir.resolve("gateway");
        writeContent(new FileGateway(gateway));
        Imported imported = new Imported(target(), target());
        imported.bulk().execute(before);
        imported.rows().execute(before);
        importInto(imported.bulk(), gateway, "app.notes", 1);
        importInto(imported.rows(), gateway, "app.notes", 1_000);
        return imported;
    }

    private TestDatabase target() throws Exception {
        TestDatabase db = databases.open("postgresql");
        db.execute("CREATE SCHEMA app", TABLE, "INSERT INTO app.notes VALUES (4, 'kept', '2026-01-01', '2026-01-01Z', 4), (5, 'gone', NULL, NULL, NULL)",
                "CREATE TABLE app.statements (id serial PRIMARY KEY, verb text)",
                "CREATE FUNCTION app.record_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO app.statements (verb) VALUES (split_part(ltrim(current_query()), ' ', 1)); RETURN NULL; END $$",
                "CREATE TRIGGER notes_statements AFTER INSERT OR DELETE ON app.notes FOR EACH STATEMENT EXECUTE FUNCTION app.record_statement()");
        return db;
    }

    /** Row 2 is inserted and then updated; row 5 is deleted. */
    private void writeContent(FileGateway gateway) throws Exception {
        ContentSeries.Pipeline pipeline = new ContentSeries.Pipeline("shop", "erp", "dwh");
        try (ContentSeries series = new ContentSeries(pipeline, 1, 1, 1, Long.MAX_VALUE, 1, gateway.workDirectory(),
                name -> dir.resolve("staging-" + name.fileName()))) {
            series.beginTable(new ContentSeries.TableHeader("app.notes", "delta", 0L, 1L, List.of("id"),
                    EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED)));
            row(series, Operation.INSERTED, 1, "tab\there, line\nbreak, return\r, back\\slash, \\N, emoji \uD83D\uDE00",
                    "2026-02-28", "2026-02-28T11:45:10.123456Z", "1.50");
            row(series, Operation.INSERTED, 2, "inserted", "2026-02-28", "2026-02-28T00:00:00Z", "2");
            row(series, Operation.INSERTED, 3, null, "+999999999-12-31", "-999999999-01-01T00:00:00+18:00", null);
            row(series, Operation.UPDATED, 2, "updated", "-0044-03-15", "+999999999-12-31T23:59:59.999999999-18:00", "\"NaN\"");
            JsonGenerator deleted = series.row(Operation.DELETED);
            deleted.writeStartObject();
            deleted.writeNumberField("id", 5);
            deleted.writeEndObject();
            series.endTable();
            for (ContentSeries.Staged staged : series.finish()) {
                gateway.publish(staged.name(), staged.file(), staged.manifest());
            }
        }
    }

    /** Rows 10 to {@code rows} + 9 of app.notes, inserted, each body "row " and its id. */
    private void writeInserted(FileGateway gateway, int rows) throws Exception {
        ContentSeries.Pipeline pipeline = new ContentSeries.Pipeline("shop", "erp", "dwh");
        try (ContentSeries series = new ContentSeries(pipeline, 1, 1, 1, Long.MAX_VALUE, 1, gateway.workDirectory(),
                name -> dir.resolve("staging-" + name.fileName()))) {
            series.beginTable(new ContentSeries.TableHeader("app.notes", "delta", 0L, 1L, List.of("id"), EnumSet.of(Operation.INSERTED)));
            for (int id = 10; id < rows + 10; id++) {
                row(series, Operation.INSERTED, id, "row " + id, "2026-02-28", "2026-02-28T00:00:00Z", "1");
            }
            series.endTable();
            for (ContentSeries.Staged staged : series.finish()) {
                gateway.publish(staged.name(), staged.file(), staged.manifest());
            }
        }
    }

    /** Rows 1 (big values), 2 (small ones) and 3 (NULLs) of app.files, inserted. */
    private void writeFiles(FileGateway gateway, byte[] binary, String text) throws Exception {
        ContentSeries.Pipeline pipeline = new ContentSeries.Pipeline("shop", "erp", "dwh");
        try (ContentSeries series = new ContentSeries(pipeline, 1, 1, 1, Long.MAX_VALUE, 1, gateway.workDirectory(),
                name -> dir.resolve("staging-" + name.fileName()))) {
            series.beginTable(new ContentSeries.TableHeader("app.files", "delta", 0L, 1L, List.of("id"), EnumSet.of(Operation.INSERTED)));
            for (Object[] values : List.of(new Object[] {1, binary, text}, new Object[] {2, new byte[] {1, 2}, "small"}, new Object[] {3, null, null})) {
                JsonGenerator json = series.row(Operation.INSERTED);
                json.writeStartObject();
                json.writeNumberField("id", (int) values[0]);
                json.writeFieldName("data");
                if (values[1] == null) {
                    json.writeNull();
                } else {
                    json.writeBinary((byte[]) values[1]);
                }
                json.writeStringField("doc", (String) values[2]);
                json.writeEndObject();
            }
            series.endTable();
            for (ContentSeries.Staged staged : series.finish()) {
                gateway.publish(staged.name(), staged.file(), staged.manifest());
            }
        }
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** A row; {@code number} is written as raw JSON (a number, or a quoted string for NaN). */
    private static void row(ContentSeries series, Operation operation, int id, String body, String date, String timestamp, String number)
            throws Exception {
        JsonGenerator json = series.row(operation);
        json.writeStartObject();
        json.writeNumberField("id", id);
        json.writeStringField("body", body);
        json.writeStringField("d", date);
        json.writeStringField("ts", timestamp);
        json.writeFieldName("n");
        if (number == null) {
            json.writeNull();
        } else {
            json.writeRawValue(number);
        }
        json.writeEndObject();
    }

    private static void importInto(TestDatabase target, Path gateway, String table, int bulkRows) throws Exception {
        Map<String, String> properties = new HashMap<>(target.properties("target"));
        properties.putAll(Map.of("ctsync.application", "shop", "ctsync.source.name", "erp", "ctsync.destination.name", "dwh",
                "ctsync.state.url", "jdbc:h2:mem:unused", "ctsync.export.enabled", "false", "ctsync.import.enabled", "true",
                "ctsync.tables", table, "ctsync.import.bulk-rows", Integer.toString(bulkRows)));
        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties));
        try (var dataSource = DataSources.open(config.target(), 1)) {
            Importer importer = new Importer(Pipeline.of(config), config, dataSource, new FileGateway(gateway), new Metrics(new SimpleMeterRegistry()));
            importer.checkTarget();
            importer.createImportLog();
            ImportCycle cycle = importer.sequenceControl(importer.orderBySequence(importer.poll()));
            for (ContentImport content : cycle.contents()) {
                importer.apply(importer.verify(content));
            }
            importer.finish(cycle);
        }
    }
}
