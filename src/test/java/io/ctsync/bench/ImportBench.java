package io.ctsync.bench;

import io.ctsync.db.register.DatabaseTypeRegister;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import io.ctsync.gateway.FileGateway;
import io.ctsync.monitoring.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ctsync.importing.ContentImport;
import io.ctsync.importing.ImportCycle;
import io.ctsync.importing.Importer;
import io.ctsync.values.ColumnWriter;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Operation;
import io.ctsync.state.Pipeline;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The import benchmark (bench/import-bench.sh loads the benchmark data, ../shared/bench/bench-data.sql):
 * writes one content holding every change of {@code bench_changes} (60% inserts, 30% updates, 10%
 * deletes) with the real content writer, imports it into {@code bench_target} (which holds half
 * the keys) through the real importer stages, then times PostgreSQL's own {@code COPY FROM} of
 * the same inserted and updated rows into an empty copy of the table, and its own
 * {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE} of them from there into a copy of the target
 * as it was before the import: the least an upsert of these rows costs the server, whatever the client.
 * With {@code new-inserts} the target first loses the inserted keys, as a target that only ever
 * took this source's changes would never have had them, so inserted rows are new to it. By default
 * the rows the target holds are the content's own (a replay, or a target seeded with a copy), which
 * the import leaves as they are; with {@code changed} every row it holds has another value first,
 * so that each of them is really updated, by the import as by the server's own upsert.
 *
 * <p>Arguments: JDBC URL, user, password, work directory, and {@code half} (the default), {@code new-inserts} or {@code changed}.
 */
public final class ImportBench {

    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        Path work = Files.createDirectories(Path.of(args[3]));
        Path gateway = work.resolve("gateway");
        String mode = args.length > 4 ? args[4] : "half";

        long changes;
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            changes = writeContent(connection, new FileGateway(gateway), work);
            try (Statement statement = connection.createStatement()) {
                if (mode.equals("new-inserts")) {
                    statement.execute("DELETE FROM bench_target t USING bench_changes c WHERE c.id = t.id AND c.op = 'I'");
                } else if (mode.equals("changed")) {
                    // rebuilt rather than updated, so that the target is as compact as the floor's copy of it
                    statement.execute("CREATE TEMP TABLE bench_changed AS SELECT * FROM bench_target");
                    statement.execute("UPDATE bench_changed SET note = coalesce(note, '') || ' (old)'");
                    statement.execute("TRUNCATE bench_target");
                    statement.execute("INSERT INTO bench_target SELECT * FROM bench_changed");
                    statement.execute("DROP TABLE bench_changed");
                    statement.execute("ANALYZE bench_target");
                }
                statement.execute("DROP TABLE IF EXISTS bench_upsert");
                statement.execute("CREATE TABLE bench_upsert (LIKE bench_target INCLUDING ALL)");
                statement.execute("INSERT INTO bench_upsert SELECT * FROM bench_target");
                statement.execute("ANALYZE bench_upsert");
            }
            connection.commit();
        }

        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "ctsync.application", "bench", "ctsync.source.name", "source", "ctsync.destination.name", "target",
                "ctsync.state.url", "jdbc:h2:mem:unused", "ctsync.export.enabled", "false", "ctsync.import.enabled", "true",
                "ctsync.target.url", url, "ctsync.target.username", user, "ctsync.target.password", password,
                "ctsync.tables", "public.bench_product"));
        properties.put("ctsync.table.public.bench_product.target", "public.bench_target");
        // a -Dctsync.import.* option in BENCH_JAVA_OPTIONS sets that key, so that one build can be timed with a setting and without
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("ctsync.import."))
                .forEach(key -> properties.put(key, System.getProperty(key)));
        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties));
        double importSeconds;
        try (var target = io.ctsync.db.register.DataSources.open(config.target(), 2)) {
            Importer importer = new Importer(Pipeline.of(config), config, target, new FileGateway(gateway), new Metrics(new SimpleMeterRegistry()));
            importer.checkTarget();
            importer.createImportLog();
            long started = System.nanoTime();
            ImportCycle cycle = importer.sequenceControl(importer.orderBySequence(importer.poll()));
            for (ContentImport content : cycle.contents()) {
                importer.apply(importer.verify(content));
            }
            importer.finish(cycle);
            importSeconds = (System.nanoTime() - started) / 1e9;
        }

        double copySeconds;
        double upsertSeconds;
        long copied;
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            // in a file, not in the heap: 900,000 rows' text and a copy of it came near -Xmx256m
            Path rows = work.resolve("floor-rows.txt");
            try (OutputStream out = Files.newOutputStream(rows)) {
                copy.copyOut("COPY (SELECT p.* FROM bench_changes c JOIN bench_product p ON p.id = c.id WHERE c.op IN ('I', 'U')) TO STDOUT", out);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS bench_copy");
                statement.execute("CREATE TABLE bench_copy (LIKE bench_product INCLUDING ALL)");
            }
            long started = System.nanoTime();
            try (InputStream in = Files.newInputStream(rows)) {
                copied = copy.copyIn("COPY bench_copy FROM STDIN", in);
            }
            copySeconds = (System.nanoTime() - started) / 1e9;
            try (Statement statement = connection.createStatement()) {
                started = System.nanoTime();
                statement.execute("INSERT INTO bench_upsert SELECT * FROM bench_copy ON CONFLICT (id) DO UPDATE SET " + updateAll(connection));
                upsertSeconds = (System.nanoTime() - started) / 1e9;
            }
        }

        System.out.printf("import: %,d changes (verify + apply, one transaction) in %.2f s = %,.0f rows/s%n",
                changes, importSeconds, changes / importSeconds);
        System.out.printf("COPY FROM of the %,d inserted and updated rows into an empty table: %.2f s = %,.0f rows/s%n",
                copied, copySeconds, copied / copySeconds);
        System.out.printf("INSERT ... SELECT ... ON CONFLICT DO UPDATE of the same rows from that table: %.2f s = %,.0f rows/s%n",
                upsertSeconds, copied / upsertSeconds);
        System.out.printf("ratio import / COPY wall time: %.2f; import / INSERT ... SELECT: %.2f%n",
                importSeconds / copySeconds, importSeconds / upsertSeconds);
        System.out.printf("ratio of rows/s, import / INSERT ... SELECT ... ON CONFLICT: %.2f (bar: at least 0.9)%n",
                (changes / importSeconds) / (copied / upsertSeconds));
    }

    /** {@code name = EXCLUDED.name} for every column of the bench table but its key. */
    private static String updateAll(Connection connection) throws Exception {
        List<String> assignments = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT * FROM bench_copy WHERE false")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                if (!meta.getColumnName(i).equals("id")) {
                    assignments.add(meta.getColumnName(i) + " = EXCLUDED." + meta.getColumnName(i));
                }
            }
        }
        return String.join(", ", assignments);
    }

    /** One content with every change, written by the real content writer and published to the file gateway. */
    private static long writeContent(Connection connection, FileGateway gateway, Path work) throws Exception {
        connection.setAutoCommit(false);
        ContentSeries.Pipeline pipeline = new ContentSeries.Pipeline("bench", "source", "target");
        long rows = 0;
        try (ContentSeries series = new ContentSeries(pipeline, 1, 1, 1, Long.MAX_VALUE, 1, gateway.workDirectory(),
                name -> work.resolve("staging-" + name.fileName()))) {
            series.beginTable(new ContentSeries.TableHeader("public.bench_product", "delta", 0L, 1L, List.of("id"),
                    EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED)));
            rows += stream(connection, series, Operation.INSERTED,
                    "SELECT p.* FROM bench_changes c JOIN bench_product p ON p.id = c.id WHERE c.op = 'I' ORDER BY c.version");
            rows += stream(connection, series, Operation.UPDATED,
                    "SELECT p.* FROM bench_changes c JOIN bench_product p ON p.id = c.id WHERE c.op = 'U' ORDER BY c.version");
            rows += stream(connection, series, Operation.DELETED, "SELECT c.id FROM bench_changes c WHERE c.op = 'D' ORDER BY c.version");
            series.endTable();
            for (ContentSeries.Staged staged : series.finish()) {
                gateway.publish(staged.name(), staged.file(), staged.manifest());
            }
        }
        connection.commit();
        return rows;
    }

    private static long stream(Connection connection, ContentSeries series, Operation operation, String sql) throws Exception {
        long rows = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(5_000);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                ColumnWriter[] writers = ColumnWriter.forColumns(DatabaseTypeRegister.of(connection).types(), meta, 1, meta.getColumnCount());
                while (rs.next()) {
                    JsonGenerator json = series.row(operation);
                    json.writeStartObject();
                    for (int i = 0; i < writers.length; i++) {
                        json.writeFieldName(meta.getColumnLabel(i + 1));
                        writers[i].write(rs, i + 1, json);
                    }
                    json.writeEndObject();
                    rows++;
                }
            }
        }
        return rows;
    }
}
