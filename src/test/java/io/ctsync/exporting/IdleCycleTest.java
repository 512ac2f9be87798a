package io.ctsync.exporting;

import io.ctsync.db.register.DatabasePool;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.gateway.FileGateway;
import io.ctsync.monitoring.Metrics;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CountingDataSource;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle width (bench/README.md, "Idle cycles"): with many tracked tables and nothing changed, a cycle asks
 * the source one question, still moves every table's version forward, and a change in one table
 * afterwards is exported exactly.
 */
@Tag("postgres")
class IdleCycleTest {

    private static final int TABLES = 12;

    @TempDir
    Path dir;
    private TestDatabase source;
    private final List<AutoCloseable> pools = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable pool : pools) {
            pool.close();
        }
        if (source != null) {
            source.close();
        }
    }

    private Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        String tables = IntStream.rangeClosed(1, TABLES).mapToObj(i -> "app.t" + i).collect(Collectors.joining(","));
        properties.putAll(Pipelines.properties("idle", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), tables));
        return properties;
    }

    /** The export stages, wired as the command wires them, reading the source through {@code counted}. */
    private record Stages(CycleOpener opener, TableExport export, ContentPublisher publisher, ChangeConsumer consumer, CycleCommit commit) {

        /** One cycle through the stages in the route's order. */
        void cycle() throws Exception {
            try (ExportCycle cycle = opener.open(null)) {
                if (cycle.hasContent()) {
                    export.export(cycle);
                    publisher.publish(cycle);
                }
                consumer.consume(cycle);
                commit.commit(cycle);
            }
        }
    }

    private Stages stages(CountingDataSource counted) throws Exception {
        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties()));
        DatabasePool statePool = DataSources.open(config.state(), 2);
        pools.add(statePool);
        StateStore state = new StateStore(statePool);
        ExportJobs jobs = new ExportJobs(statePool);
        FileGateway gateway = new FileGateway(dir.resolve("gateway"));
        ExportedTables tables = new ExportedTables(config.tables(), io.ctsync.state.Pipeline.of(config));
        tables.checkSource(counted.pool(), null);
        return new Stages(new CycleOpener(Pipeline.of(config), config, tables, counted.pool(), null, state, new IntentRecovery(tables, gateway), jobs),
                new TableExport(config.export(), tables, null, state, gateway, jobs), new ContentPublisher(gateway),
                new ChangeConsumer(tables), new CycleCommit(state, new Metrics(new SimpleMeterRegistry())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void anIdleCycleIsOneQuestionAndMovesEveryVersionForward(String kind) throws Exception {
        source = TestDatabase.of(kind);
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.untracked (id INT PRIMARY KEY)");
        for (int i = 1; i <= TABLES; i++) {
            source.execute("CREATE TABLE app.t" + i + " (id INT PRIMARY KEY, label VARCHAR(40))",
                    "INSERT INTO app.t" + i + " VALUES (1, 'one'), (2, 'two')");
        }
        new CtsyncRun(dir, properties()).enableTracking();
        DatabasePool pool = DataSources.open(CtsyncConfig.from(Settings.of(properties())).source(), 2);
        pools.add(pool);
        CountingDataSource counted = new CountingDataSource(pool);
        Stages export = stages(counted);
        export.cycle();
        // the first run is a backfill: one chunk, a content of its own, per table
        List<Long> firstRun = LongStream.rangeClosed(1, TABLES).boxed().toList();
        List<Long> withChange = LongStream.rangeClosed(1, TABLES + 1).boxed().toList();
        assertThat(Contents.sequences(dir.resolve("gateway"))).containsExactlyElementsOf(firstRun);
        Map<String, Long> first = versions();

        // the clock moves on without a tracked change (H2's clock moves with tracked writes alone)
        source.execute("INSERT INTO app.untracked VALUES (1)", "INSERT INTO app.untracked VALUES (2)");
        counted.takeCount();
        export.cycle();
        int idleStatements = counted.takeCount();
        // the wal capture's survey alone: its slot holds back less than a WAL segment, so it stays where it is (docs/design.md, "Capture")
        assertThat(idleStatements).as("statements of an idle cycle over %d tables", TABLES)
                .isEqualTo(source.isPostgres() ? 1 : 3);
        assertThat(Contents.sequences(dir.resolve("gateway"))).containsExactlyElementsOf(firstRun);
        Map<String, Long> idle = versions();
        first.forEach((table, version) -> assertThat(idle.get(table)).as(table).isGreaterThanOrEqualTo(version));
        if (source.isPostgres()) {
            first.forEach((table, version) -> assertThat(idle.get(table)).as(table).isGreaterThan(version));
        }

        source.execute("UPDATE app.t7 SET label = 'uno' WHERE id = 1");
        export.cycle();
        assertThat(Contents.sequences(dir.resolve("gateway"))).containsExactlyElementsOf(withChange);
        Contents.Content content = Contents.read(dir.resolve("gateway"), TABLES + 1);
        assertThat(content.manifest().tables()).extracting(t -> t.table()).containsExactly("app.t7");
        assertThat(content.rows("app.t7", "updated.json")).extracting(Object::toString).containsExactly("{\"id\":1,\"label\":\"uno\"}");
        Map<String, Long> busy = versions();
        idle.forEach((table, version) -> assertThat(busy.get(table)).as("%s after a change elsewhere", table).isGreaterThan(version));

        // nothing more: idle again, and the change is not sent twice
        counted.takeCount();
        export.cycle();
        assertThat(counted.takeCount()).isEqualTo(idleStatements);
        assertThat(Contents.sequences(dir.resolve("gateway"))).containsExactlyElementsOf(withChange);

        // a column added with a default touches no tracked row: the survey's shape of the table notices it,
        // and the table is sent again whole, so the rows written before carry the column's value
        source.execute("ALTER TABLE app.t3 ADD COLUMN region VARCHAR(8) DEFAULT 'north'");
        export.cycle();
        assertThat(Contents.sequences(dir.resolve("gateway"))).hasSize(TABLES + 2);
        Contents.Content backfill = Contents.read(dir.resolve("gateway"), TABLES + 2);
        assertThat(backfill.manifest().tables()).singleElement().satisfies(t -> {
            assertThat(t.table()).isEqualTo("app.t3");
            assertThat(t.range()).isTrue();
            assertThat(t.columns()).extracting(c -> c.name()).containsExactly("id", "label", "region");
        });
        assertThat(backfill.rows("app.t3", "inserted.json")).extracting(Object::toString)
                .containsExactly("{\"id\":1,\"label\":\"one\",\"region\":\"north\"}", "{\"id\":2,\"label\":\"two\",\"region\":\"north\"}");
        counted.takeCount();
        export.cycle();
        assertThat(counted.takeCount()).as("idle again after the shape change").isEqualTo(idleStatements);
        assertThat(Contents.sequences(dir.resolve("gateway"))).hasSize(TABLES + 2);
        if (kind.equals("wal")) {
            // some 40 MB of WAL from a table outside the publication: the slot holds back more than a segment, and the idle cycle moves it on
            // after the state's commit
            source.execute("INSERT INTO app.untracked SELECT g FROM generate_series(3, 400000) g");
            counted.takeCount();
            export.cycle();
            assertThat(counted.takeCount()).as("the survey, then the slot moved on").isEqualTo(2);
        }
    }

    private Map<String, Long> versions() throws Exception {
        Map<String, Long> versions = new LinkedHashMap<>();
        try (Connection state = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             Statement statement = state.createStatement();
             ResultSet rs = statement.executeQuery("SELECT table_name, last_version FROM ctsync_export_table")) {
            while (rs.next()) {
                versions.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(versions).hasSize(TABLES);
        return versions;
    }
}
