package io.ctsync.importing;

import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.gateway.FileGateway;
import io.ctsync.monitoring.Metrics;
import io.ctsync.state.Pipeline;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import stages driven one by one, as the import route calls them, without Camel: what a gap
 * in the sequence, a part missing from a multi-part export cycle and a cycle left incomplete do
 * to the import log, the target and the progress metric. Fast enough for bench/mutation.sh.
 */
@Tag("h2")
class ImportStagesTest {

    private static final String GAP = "sequence 2 is missing; imported after it arrives (or set ctsync.import.ignore-sequence=true)";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;
    private CtsyncRun exporter;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void source() throws Exception {
        db = databases.dropAfter(new ImportFixture("h2", dir));
        exporter = db.ctsync("erp").set("ctsync.import.enabled", "false");
        exporter.enableTracking();
    }

    @Test
    void aGapImportsUpToItBlocksEverythingAfterItAndTheProgressShowsTheLag() throws Exception {
        db.insert(db.source, "north", 1, 3, 1);
        exporter.once();
        db.insert(db.source, "north", 4, 4, 1);
        exporter.once();
        db.insert(db.source, "north", 5, 5, 1);
        exporter.once();
        Files.delete(db.gateway.resolve("shop_erp_dwh_0000000002.zip"));
        // a row the source never had: the full content 1 removes it, and the log counts it as deleted
        db.target.execute("INSERT INTO app.items VALUES " + db.row(db.target, "south", 9, 1));

        ImportCycle cycle = importCycle(Map.of());

        assertThat(cycle.imported).isEqualTo(1);
        assertThat(cycle.rows).isEqualTo(4);
        assertThat(cycle.highestImported).isEqualTo(1);
        assertThat(db.log("erp")).containsExactly(Arrays.asList(1L, "ok", null), Arrays.asList(3L, "blocked", GAP));
        assertThat(db.target.query("SELECT inserted, updated, deleted FROM ctsync_import_log WHERE sequence = 1"))
                .containsExactly(List.of(3L, 0L, 1L));
        assertThat(ids()).containsExactly(1, 2, 3);
        assertThat(gauge("ctsync.import.last.sequence")).isEqualTo(1.0);
        assertThat(gauge("ctsync.import.lag")).isEqualTo(2.0);
    }

    @Test
    void aPartArrivingBeforeTheOneItFollowsIsBlockedAndTheHeldPartsAreReleasedAtTheEndOfTheCycle() throws Exception {
        threePartContent();
        Files.delete(db.gateway.resolve("shop_erp_dwh_0000000002.zip"));

        ImportCycle cycle = importCycle(Map.of("ctsync.import.ignore-sequence", "true"));

        assertThat(cycle.imported).isZero();
        assertThat(db.log("erp")).containsExactly(
                Arrays.asList(1L, "blocked", "waiting for the rest of its export cycle, up to part 3 (sequence 3)"),
                Arrays.asList(3L, "blocked", "part 2 of its export cycle (sequence 2) is missing"));
        assertThat(ids()).isEmpty();
        assertThat(gauge("ctsync.import.last.sequence")).isEqualTo(0.0);
        assertThat(gauge("ctsync.import.lag")).isEqualTo(3.0);
    }

    @Test
    void aContentOfTheNextExportCycleReleasesTheHeldPartsOfAnIncompleteOneAndIsAppliedAlone() throws Exception {
        threePartContent();
        db.source.execute("UPDATE app.items SET small = 7 WHERE id = 5");
        exporter.once();
        Files.delete(db.gateway.resolve("shop_erp_dwh_0000000003.zip"));
        db.target.execute("INSERT INTO app.items VALUES " + db.row(db.target, "north", 5, 1));

        ImportCycle cycle = importCycle(Map.of("ctsync.import.ignore-sequence", "true"));

        String waiting = "waiting for the rest of its export cycle, up to part 3 (sequence 3)";
        assertThat(db.log("erp")).containsExactly(Arrays.asList(1L, "blocked", waiting), Arrays.asList(2L, "blocked", waiting),
                Arrays.asList(4L, "ok", null));
        assertThat(cycle.imported).isEqualTo(1);
        assertThat(cycle.rows).isEqualTo(1);
        assertThat(cycle.highestImported).isEqualTo(4);
        assertThat(db.target.query("SELECT id, small FROM app.items")).containsExactly(List.of(5, 7));
        assertThat(gauge("ctsync.import.last.sequence")).isEqualTo(4.0);
        assertThat(gauge("ctsync.import.lag")).isEqualTo(0.0);
    }

    @Test
    void aTargetTableThatDoesNotExistIsRefusedAtStartUp() throws Exception {
        db.target.execute("DROP TABLE app.items");
        CtsyncConfig config = config(Map.of());
        try (var target = DataSources.open(config.target(), 1)) {
            Importer importer = new Importer(Pipeline.of(config), config, target, new FileGateway(db.gateway), new Metrics(registry));
            assertThatThrownBy(importer::checkTarget).isInstanceOf(ConfigException.class)
                    .hasMessage("ctsync.table.app.items.target: table app.items does not exist in the target (names are case-sensitive)"
                            + " (fix: create it, or map the table with ctsync.table.app.items.target=schema.table)");
        }
    }

    /**
     * Rows 1..5 exported as one export cycle of three parts, sequences 1, 2 and 3: a delta after the
     * empty table's first run, which sends nothing (a first run with rows is a backfill, a part a chunk).
     */
    private void threePartContent() throws Exception {
        exporter.once();
        db.insert(db.source, "north", 1, 5, 1);
        exporter.set("ctsync.export.max-rows-per-file", "2").once();
        assertThat(Contents.read(db.gateway, 3).manifest().parts()).isEqualTo(3);
    }

    /**
     * One import cycle, stage by stage in the route's order, by an importer that did not check the
     * target itself (another one did, and created the import log): it reads the order of the
     * target's tables on its first import.
     */
    private ImportCycle importCycle(Map<String, String> settings) throws Exception {
        CtsyncConfig config = config(settings);
        try (var target = DataSources.open(config.target(), 2)) {
            Importer starter = new Importer(Pipeline.of(config), config, target, new FileGateway(db.gateway), new Metrics(new SimpleMeterRegistry()));
            starter.checkTarget();
            starter.createImportLog();
            Importer importer = new Importer(Pipeline.of(config), config, target, new FileGateway(db.gateway), new Metrics(registry));
            ImportCycle cycle = importer.sequenceControl(importer.orderBySequence(importer.poll()));
            for (ContentImport content : cycle.contents()) {
                importer.apply(importer.verify(content));
            }
            importer.finish(cycle);
            return cycle;
        }
    }

    private CtsyncConfig config(Map<String, String> settings) throws Exception {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(db.ctsync("erp-importer").set("ctsync.source.name", "erp").configFile())) {
            file.load(reader);
        }
        Map<String, String> properties = new HashMap<>();
        file.stringPropertyNames().forEach(key -> properties.put(key, file.getProperty(key)));
        properties.putAll(settings);
        return CtsyncConfig.from(Settings.of(properties));
    }

    private List<Integer> ids() throws Exception {
        return db.target.query("SELECT id FROM app.items ORDER BY region, id").stream().map(r -> ((Number) r.get(0)).intValue()).toList();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
