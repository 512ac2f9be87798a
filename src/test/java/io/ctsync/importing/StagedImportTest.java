package io.ctsync.importing;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import io.ctsync.db.register.DataSources;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A big upsert in chunks staged on a second connection (docs/design.md, "Import"), with chunks of
 * at most 1,000 rows: 2,500 inserted rows (key 1 held by the target, so that their direct insert
 * fails and they are upserted with the updated ones), then 600 updated rows, six chunks in all
 * (125, 250, 500 and 1,000 rows, growing up to the most): inserted 1 to 125; 126 to 375; 376 to
 * 875; 876 to 1,875; 1,876 to 2,500 and the first 375 updated rows; the last 225. The updated rows
 * begin with key 5 (inserted in the first chunk: a key across chunk boundaries, whose later row
 * wins) and key 2,400 (inserted in the same chunk: the chunk's upsert takes its last row); the
 * others are new keys. The rows written are the row path's, the target is written by one upsert per chunk, and
 * no staging table is left, whether the import commits or fails; the start-up sweep drops a
 * staging table whose connection is gone and keeps a live one's.
 */
@Tag("postgres")
class StagedImportTest {

    private static final String TABLE = "CREATE TABLE app.notes (id int PRIMARY KEY, body text, d date, n numeric(10,2))";
    private static final String SELECT = "SELECT id, body, d::text, n::text FROM app.notes ORDER BY id";
    private static final String STAGING_TABLES = "SELECT relname FROM pg_class WHERE relname LIKE 'ctsync_stage_%' ORDER BY relname";
    private static final int INSERTED = 2_500;
    private static final int UPDATED = 600;

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @Test
    void stagedChunksWriteWhatTheRowPathWritesOneUpsertEach() throws Exception {
        Path gateway = dir.resolve("gateway");
        writeContent(new FileGateway(gateway), "2026-03-01", ".50");
        TestDatabase staged = target();
        TestDatabase rows = target();

        importInto(staged, gateway, 1, 1_000);
        importInto(rows, gateway, 1_000_000, 0);

        List<List<Object>> written = staged.query(SELECT);
        assertThat(written).isEqualTo(rows.query(SELECT)).hasSize(INSERTED + UPDATED - 2);
        assertThat(written.get(0)).isEqualTo(Arrays.asList(1, "inserted 1", "2026-02-28", "1.00"));
        assertThat(written.get(4)).as("inserted in chunk 1, updated in chunk 5").isEqualTo(Arrays.asList(5, "updated 5", "2026-03-01", "5.50"));
        assertThat(written.get(2_399)).as("inserted and updated in chunk 5").isEqualTo(Arrays.asList(2_400, "updated 2400", "2026-03-01", "2400.50"));
        assertThat(written.get(2_499)).isEqualTo(Arrays.asList(2_500, "inserted 2500", "2026-02-28", "2500.00"));
        assertThat(staged.query("SELECT count(*) FROM app.notes WHERE body LIKE 'updated %'")).containsExactly(List.of((long) UPDATED));
        assertThat(staged.query("SELECT sequence, status, inserted, updated FROM ctsync_import_log"))
                .containsExactly(List.of(1L, "ok", (long) INSERTED, (long) UPDATED));
        // the failed direct COPY was rolled back with its trigger's row, as was chunk 5's first upsert (key 2,400 twice);
        // then one upsert per staged chunk
        assertThat(staged.query("SELECT verb, count(*) FROM app.statements GROUP BY verb")).containsExactly(List.of("INSERT", 6L));
        assertThat(staged.query(STAGING_TABLES)).isEmpty();
    }

    /**
     * A target whose transactions read one snapshot (its default isolation set to repeatable read) would read
     * the staged tables empty: its rows take the one work table, in one upsert.
     */
    @Test
    void aTargetOfSnapshotTransactionsTakesTheWorkTable() throws Exception {
        Path gateway = dir.resolve("snapshot-gateway");
        writeContent(new FileGateway(gateway), "2026-03-01", ".50");
        TestDatabase staged = target();
        String database = (String) staged.query("SELECT current_database()").get(0).get(0);
        staged.execute("ALTER DATABASE \"" + database + "\" SET default_transaction_isolation = 'repeatable read'");

        importInto(staged, gateway, 1, 1_000);

        assertThat(staged.query("SELECT count(*), count(*) FILTER (WHERE body LIKE 'updated %') FROM app.notes"))
                .containsExactly(List.of((long) INSERTED + UPDATED - 2, (long) UPDATED));
        assertThat(staged.query("SELECT verb, count(*) FROM app.statements GROUP BY verb")).containsExactly(List.of("INSERT", 1L));
    }

    /**
     * A bad value in the updated rows, so in chunk 5, after four chunks were upserted: a date that the client's
     * encoding refuses while it stages the chunk, or a number that the target's numeric(10,2) refuses in the
     * chunk's upsert.
     */
    @ParameterizedTest(name = "date {0}, numbers {1}")
    @CsvSource({"no date, .50, no date", "2026-03-01, 000000.50, numeric field overflow"})
    void aBadValueInALateChunkLeavesTheTargetAndNoStagingTable(String date, String fraction, String reason) throws Exception {
        Path gateway = dir.resolve("bad-gateway");
        writeContent(new FileGateway(gateway), date, fraction);
        TestDatabase staged = target();
        List<List<Object>> before = staged.query(SELECT);

        assertThatThrownBy(() -> importInto(staged, gateway, 1, 1_000)).isInstanceOf(ImportFailedException.class)
                .hasMessageContaining(reason);
        assertThat(staged.query(SELECT)).isEqualTo(before);
        assertThat(staged.query("SELECT sequence, status FROM ctsync_import_log")).containsExactly(List.of(1L, "failed"));
        assertThat(staged.query(STAGING_TABLES)).isEmpty();
    }

    /** The updated entry tampered: every chunk is staged and upserted, the verification fails before the commit. */
    @Test
    void aCorruptContentLeavesTheTargetAndNoStagingTable() throws Exception {
        Path gateway = dir.resolve("corrupt-gateway");
        writeContent(new FileGateway(gateway), "2026-03-01", ".50");
        try (var published = Files.list(gateway)) {
            Path content = published.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
            Contents.rewrite(content, (name, bytes) -> name.equals("app.notes/updated.json")
                    ? new String(bytes, StandardCharsets.UTF_8).replace("updated 5", "tampered").getBytes(StandardCharsets.UTF_8) : bytes);
        }
        TestDatabase staged = target();
        List<List<Object>> before = staged.query(SELECT);

        assertThatThrownBy(() -> importInto(staged, gateway, 1, 1_000)).isInstanceOf(ImportFailedException.class)
                .hasMessageContaining("corrupt content: entry app.notes/updated.json has sha256");
        assertThat(staged.query(SELECT)).isEqualTo(before);
        assertThat(staged.query("SELECT sequence, status FROM ctsync_import_log")).containsExactly(List.of(1L, "failed"));
        assertThat(staged.query(STAGING_TABLES)).isEmpty();
    }

    @Test
    void theStartUpSweepDropsTheStagingTablesOfGoneConnectionsOnly() throws Exception {
        TestDatabase target = target();
        String gone;
        try (Connection dead = target.connect()) {
            gone = "ctsync_stage_" + backend(dead) + "_1";
            execute(dead, "CREATE UNLOGGED TABLE " + gone + " (id int)");
        }
        try (Connection live = target.connect()) {
            String alive = "ctsync_stage_" + backend(live) + "_1";
            execute(live, "CREATE UNLOGGED TABLE " + alive + " (id int)");
            // not ctsync's: a logged table of the same name's shape, and another name
            target.execute("CREATE TABLE ctsync_stage_1_1 (id int)", "CREATE UNLOGGED TABLE ctsync_stage_notes (id int)");
            awaitGone(target, gone);

            Path gateway = Files.createDirectories(dir.resolve("empty-gateway"));
            try (var dataSource = DataSources.open(config(target, 1, 1_000).target(), 2)) {
                importer(config(target, 1, 1_000), dataSource, gateway).sweepStaging();
            }

            List<List<Object>> left = target.query(STAGING_TABLES);
            List<String> names = new ArrayList<>();
            left.forEach(row -> names.add((String) row.get(0)));
            assertThat(names).containsExactlyInAnyOrder(alive, "ctsync_stage_1_1", "ctsync_stage_notes");
        }
    }

    private static int backend(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** Waits until the server process that made {@code table} has ended (a closed connection's process ends shortly after). */
    private static void awaitGone(TestDatabase target, String table) throws Exception {
        String process = table.split("_")[2];
        for (int i = 0; i < 100; i++) {
            if (target.query("SELECT 1 FROM pg_stat_activity WHERE pid = " + process).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server process " + process + " still runs");
    }

    /** A target holding key 1 with other values, and a statement trigger recording each statement that writes it. */
    private TestDatabase target() throws Exception {
        TestDatabase db = databases.open("postgresql");
        db.execute("CREATE SCHEMA app", TABLE, "INSERT INTO app.notes VALUES (1, 'local', NULL, NULL)",
                "CREATE TABLE app.statements (id serial PRIMARY KEY, verb text)",
                "CREATE FUNCTION app.record_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO app.statements (verb) VALUES (split_part(ltrim(current_query()), ' ', 1)); RETURN NULL; END $$",
                "CREATE TRIGGER notes_statements AFTER INSERT ON app.notes FOR EACH STATEMENT EXECUTE FUNCTION app.record_statement()");
        return db;
    }

    /**
     * Inserted rows 1 to {@link #INSERTED} ({@code "inserted <id>"}, 2026-02-28, the id), then updated rows of keys
     * 5, 2,400 and 2,501 on ({@code "updated <id>"}, {@code updatedDate}, the id and {@code fraction}).
     */
    private void writeContent(FileGateway gateway, String updatedDate, String fraction) throws Exception {
        ContentSeries.Pipeline pipeline = new ContentSeries.Pipeline("shop", "erp", "dwh");
        try (ContentSeries series = new ContentSeries(pipeline, 1, 1, 1, Long.MAX_VALUE, 1, gateway.workDirectory(),
                name -> dir.resolve("staging-" + name.fileName()))) {
            series.beginTable(new ContentSeries.TableHeader("app.notes", "delta", 0L, 1L, List.of("id"),
                    EnumSet.of(Operation.INSERTED, Operation.UPDATED)));
            for (int id = 1; id <= INSERTED; id++) {
                row(series, Operation.INSERTED, id, "inserted " + id, "2026-02-28", id + ".00");
            }
            List<Integer> updated = new ArrayList<>(List.of(5, 2_400));
            for (int id = INSERTED + 1; updated.size() < UPDATED; id++) {
                updated.add(id);
            }
            for (int id : updated) {
                row(series, Operation.UPDATED, id, "updated " + id, updatedDate, id + fraction);
            }
            series.endTable();
            for (ContentSeries.Staged staged : series.finish()) {
                gateway.publish(staged.name(), staged.file(), staged.manifest());
            }
        }
    }

    private static void row(ContentSeries series, Operation operation, int id, String body, String date, String number) throws Exception {
        JsonGenerator json = series.row(operation);
        json.writeStartObject();
        json.writeNumberField("id", id);
        json.writeStringField("body", body);
        json.writeStringField("d", date);
        json.writeFieldName("n");
        json.writeRawValue(number);
        json.writeEndObject();
    }

    private static CtsyncConfig config(TestDatabase target, int bulkRows, int stageRows) {
        Map<String, String> properties = new HashMap<>(target.properties("target"));
        properties.putAll(Map.of("ctsync.application", "shop", "ctsync.source.name", "erp", "ctsync.destination.name", "dwh",
                "ctsync.state.url", "jdbc:h2:mem:unused", "ctsync.export.enabled", "false", "ctsync.import.enabled", "true",
                "ctsync.tables", "app.notes", "ctsync.import.bulk-rows", Integer.toString(bulkRows),
                "ctsync.import.stage-rows", Integer.toString(stageRows)));
        return CtsyncConfig.from(Settings.of(properties));
    }

    private static Importer importer(CtsyncConfig config, io.ctsync.db.Pool dataSource, Path gateway) {
        return new Importer(Pipeline.of(config), config, dataSource, new FileGateway(gateway), new Metrics(new SimpleMeterRegistry()));
    }

    private static void importInto(TestDatabase target, Path gateway, int bulkRows, int stageRows) throws Exception {
        CtsyncConfig config = config(target, bulkRows, stageRows);
        try (var dataSource = DataSources.open(config.target(), 2)) {
            Importer importer = importer(config, dataSource, gateway);
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
