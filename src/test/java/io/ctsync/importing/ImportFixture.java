package io.ctsync.importing;

import io.ctsync.capture.TrackingInstaller;
import io.ctsync.config.CaptureMode;
import io.ctsync.config.Database;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A source and a target database of one kind with the same wide table (composite key, every
 * common column type), and the ctsync runs that export from one and import into the other.
 */
final class ImportFixture implements AutoCloseable {

    static final String TABLE = "app.items";

    final TestDatabase source;
    final TestDatabase target;
    final Path gateway;
    private final Path dir;
    private final List<TestDatabase> extra = new ArrayList<>();

    ImportFixture(String kind, Path dir) throws Exception {
        this.dir = dir;
        this.source = TestDatabase.of(kind);
        this.target = TestDatabase.of(kind);
        this.gateway = dir.resolve("gateway");
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (" + columns(kind) + ", PRIMARY KEY (region, id))");
        target.execute("CREATE SCHEMA app", "CREATE TABLE app.items (" + columns(kind) + ", PRIMARY KEY (region, id))");
    }

    static String columns(String kind) {
        return "h2".equals(kind)
                ? "region VARCHAR(10) NOT NULL, id INT NOT NULL, n NUMERIC(38, 10), big BIGINT, small SMALLINT, f DOUBLE PRECISION,"
                + " r REAL, flag BOOLEAN, d DATE, t TIME(6), ts TIMESTAMP(6), tstz TIMESTAMP(6) WITH TIME ZONE, bin VARBINARY(16),"
                + " txt VARCHAR(200), ch CHAR(3), u UUID"
                : "region varchar(10) NOT NULL, id int NOT NULL, n numeric(38, 10), big bigint, small smallint, f double precision,"
                + " r real, flag boolean, d date, t time, ts timestamp(6), tstz timestamptz, bin bytea, txt text, ch char(3), u uuid,"
                + " doc jsonb";
    }

    /** Rows with every type filled, numbered {@code from..to} in a region; values differ with {@code version}. */
    void insert(TestDatabase db, String region, int from, int to, int version) throws Exception {
        List<String> statements = new ArrayList<>();
        for (int id = from; id <= to; id++) {
            statements.add("INSERT INTO app.items VALUES " + row(db, region, id, version));
        }
        db.execute(statements.toArray(String[]::new));
    }

    String row(TestDatabase db, String region, int id, int version) {
        String common = "'" + region + "', " + id + ", 1234567890123456789012345678." + String.format("%010d", id * 7 + version)
                + ", " + (Long.MAX_VALUE - id) + ", " + (-32768 + version) + ", " + (Math.PI * id) + ", " + (1.1f * version)
                + ", " + (id % 2 == 0) + ", DATE '2026-02-" + String.format("%02d", 1 + id % 28) + "', TIME '13:45:10.5', "
                + "TIMESTAMP '2026-02-28 13:45:10.123456', TIMESTAMP WITH TIME ZONE '2026-02-28 13:45:10.123456+02:00', "
                + bytes(db, "dead" + String.format("%04x", id)) + ", 'It''s ünïcødé ✓ v" + version + "', 'ab', '6f1c2a4e-9b0d-4c53-8f1e-"
                + String.format("%012d", id) + "'";
        return "(" + common + (db.isPostgres() ? ", '{\"v\": " + version + "}'" : "") + ")";
    }

    /** A binary literal: PostgreSQL reads X'..' as a bit string. */
    static String bytes(TestDatabase db, String hex) {
        return db.isPostgres() ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
    }

    /** A run that exports from the source and imports into the target, in one command line. */
    CtsyncRun ctsync(String name) throws Exception {
        return ctsync(name, source);
    }

    CtsyncRun ctsync(String name, TestDatabase from) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve(name));
        CtsyncRun run = new CtsyncRun(runDir, from.properties("source"));
        target.properties("target").forEach(run::set);
        return run.set("ctsync.application", "shop").set("ctsync.source.name", name).set("ctsync.destination.name", "dwh")
                .set("ctsync.state.url", "jdbc:h2:file:" + runDir.resolve("state"))
                .set("ctsync.gateway.dir", gateway.toString())
                .set("ctsync.tables", TABLE)
                .set("ctsync.import.enabled", "true")
                // every PostgreSQL content goes the bulk path here; tests of the row path set it higher
                .set("ctsync.import.bulk-rows", "1");
    }

    TestDatabase another(String kind) throws Exception {
        TestDatabase db = TestDatabase.of(kind);
        extra.add(db);
        return db;
    }

    /** Forgets the source's change history, as a retention cleanup does: the next export is full. */
    static void expireHistory(TestDatabase db) throws Exception {
        expireHistory(db, List.of(new TableName("app", "items")));
    }

    static void expireHistory(TestDatabase db, List<TableName> tables) throws Exception {
        Database database = new Database("source", db.url(), db.isPostgres() ? TestDatabase.PG_USER : null,
                db.isPostgres() ? TestDatabase.PG_PASSWORD : null);
        try (var dataSource = DataSources.open(database, 1)) {
            new TrackingInstaller(dataSource, tables.stream().map(ImportFixture::mapping).toList(), Duration.ZERO)
                    .cleanup(Instant.now().plusSeconds(3600));
        }
    }

    /** Installs ctsync's tracking on the target table, as --enable-tracking does on a source. */
    void trackTarget() throws Exception {
        Database database = new Database("target", target.url(), target.isPostgres() ? TestDatabase.PG_USER : null,
                target.isPostgres() ? TestDatabase.PG_PASSWORD : null);
        try (var dataSource = DataSources.open(database, 1)) {
            new TrackingInstaller(dataSource, List.of(mapping(new TableName("app", "items"))), Duration.ZERO).enable();
        }
    }

    private static TableMapping mapping(TableName table) {
        return new TableMapping(table, List.of(), CaptureMode.CHANGE_TRACKING, table, Map.of());
    }

    /** Every row of a table in key order, binary values as hex so that rows compare by value. */
    static List<List<Object>> rows(TestDatabase db, String where) throws Exception {
        List<List<Object>> rows = db.query("SELECT * FROM app.items" + where + " ORDER BY region, id");
        rows.forEach(row -> row.replaceAll(v -> v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : v));
        return rows;
    }

    static List<List<Object>> rows(TestDatabase db) throws Exception {
        return rows(db, "");
    }

    /** The import log of a pipeline: sequence, status, error. */
    List<List<Object>> log(String sourceName) throws Exception {
        return target.query("SELECT sequence, status, error FROM ctsync_import_log WHERE source = '" + sourceName + "' ORDER BY sequence");
    }

    @Override
    public void close() throws Exception {
        source.close();
        target.close();
        for (TestDatabase db : extra) {
            db.close();
        }
    }
}
