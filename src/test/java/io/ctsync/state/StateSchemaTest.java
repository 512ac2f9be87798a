package io.ctsync.state;

import io.ctsync.db.register.DatabasePool;
import org.junit.jupiter.api.Tag;
import io.ctsync.config.ConfigException;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.Database;
import io.ctsync.config.TableName;
import io.ctsync.db.Window;
import io.ctsync.db.installed.StandardState;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The state schema is versioned and upgraded in place at start-up, keeping the data of a state
 * database that ctsync created before it had versions; and the dialect's lock refuses a second
 * exporter at once, on PostgreSQL and H2.
 */
@Tag("postgres")
class StateSchemaTest {

    /** The version every migration reaches: the doc-tie test alone names its number. */
    private static final int LATEST = new StandardState(null).migrations().size();

    /** The statements StateStore ran at start-up before the schema had a version, in their order. */
    private static final List<String> UNVERSIONED = List.of(
            "CREATE TABLE IF NOT EXISTS ctsync_export_pipeline (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                    + " destination VARCHAR(128) NOT NULL, last_sequence BIGINT NOT NULL, PRIMARY KEY (application, source, destination))",
            "ALTER TABLE ctsync_export_pipeline ADD COLUMN IF NOT EXISTS source_identity VARCHAR(400)",
            "CREATE TABLE IF NOT EXISTS ctsync_export_table (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                    + " destination VARCHAR(128) NOT NULL, table_name VARCHAR(300) NOT NULL, last_version BIGINT NOT NULL,"
                    + " last_position VARCHAR(4000),"
                    + " updated_at TIMESTAMP NOT NULL, PRIMARY KEY (application, source, destination, table_name))",
            "CREATE TABLE IF NOT EXISTS ctsync_export_intent (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                    + " destination VARCHAR(128) NOT NULL, first_sequence BIGINT NOT NULL, parts INT NOT NULL, stage VARCHAR(16) NOT NULL,"
                    + " windows VARCHAR(1000000) NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (application, source, destination))",
            "CREATE TABLE IF NOT EXISTS ctsync_export_log (application VARCHAR(128) NOT NULL, source VARCHAR(128) NOT NULL,"
                    + " destination VARCHAR(128) NOT NULL, sequence BIGINT NOT NULL, part INT NOT NULL, parts INT NOT NULL,"
                    + " row_count BIGINT NOT NULL, exported_at TIMESTAMP NOT NULL, PRIMARY KEY (application, source, destination, sequence))");

    private static final Pipeline PIPELINE = new Pipeline("shop", "erp", "dwh");

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aStateDatabaseFromBeforeVersionsIsUpgradedInPlaceWithItsData(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind); DatabasePool state = open(db)) {
            // the oldest schema: before source_identity was added by hand
            db.execute(UNVERSIONED.stream().filter(sql -> !sql.contains("source_identity")).toArray(String[]::new));
            db.execute("INSERT INTO ctsync_export_pipeline VALUES ('shop', 'erp', 'dwh', 7)",
                    "INSERT INTO ctsync_export_table VALUES ('shop', 'erp', 'dwh', 'app.orders', 41, NULL, CURRENT_TIMESTAMP)",
                    "INSERT INTO ctsync_export_log VALUES ('shop', 'erp', 'dwh', 7, 1, 1, 3, CURRENT_TIMESTAMP)");

            StateStore store = new StateStore(state);

            assertThat(db.query("SELECT version FROM ctsync_state_version")).containsExactly(List.of(LATEST));
            assertThat(store.lastVersions(PIPELINE)).containsExactly(Map.entry("app.orders", new StateStore.TableVersion(41, null)));
            try (PipelineLock lock = store.lock(PIPELINE)) {
                assertThat(lock.lastSequence()).isEqualTo(7);
                assertThat(lock.sourceIdentity()).isNull();
                Intent intent = new Intent(8, 1, Intent.Stage.WRITING, List.of(new Window(new TableName("app", "orders"), false, 41L, 42L)));
                store.recordIntent(PIPELINE, intent);
                store.commit(lock, intent, intent.windows(), Map.of(8L, 5L), "db-1", Map.of());
            }
            assertThat(db.query("SELECT sequence, row_count FROM ctsync_export_log ORDER BY sequence"))
                    .containsExactly(List.of(7L, 3L), List.of(8L, 5L));
            assertThat(db.query("SELECT last_sequence, source_identity FROM ctsync_export_pipeline")).containsExactly(List.of(8L, "db-1"));
            assertThat(store.lastVersions(PIPELINE)).containsExactly(Map.entry("app.orders", new StateStore.TableVersion(42, null)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aStateDatabaseWithTheGrownColumnIsUpgradedAndASecondStartChangesNothing(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind); DatabasePool state = open(db)) {
            db.execute(UNVERSIONED.toArray(String[]::new));
            db.execute("INSERT INTO ctsync_export_pipeline VALUES ('shop', 'erp', 'dwh', 3, 'db-1')");

            new StateStore(state);
            new StateStore(state);

            assertThat(db.query("SELECT version FROM ctsync_state_version")).containsExactly(List.of(LATEST));
            assertThat(db.query("SELECT last_sequence, source_identity FROM ctsync_export_pipeline")).containsExactly(List.of(3L, "db-1"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aSchemaNewerThanThisCtsyncIsRefused(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind); DatabasePool state = open(db)) {
            new StateStore(state);
            db.execute("UPDATE ctsync_state_version SET version = " + (LATEST + 1));
            assertThatThrownBy(() -> new StateStore(state)).isInstanceOf(ConfigException.class)
                    .hasMessage("ctsync.state.url: the state schema is at version " + (LATEST + 1) + ", newer than this ctsync knows (" + LATEST + ")"
                            + " (fix: run the ctsync release that upgraded it, or a newer one)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aSecondExporterIsRefusedAtOnceNotMadeToWait(String kind) throws Exception {
        // a lock that waited would wait longer than the verdict's 30 s, which then needs no race against the
        // wall clock: PostgreSQL waits for a lock forever, H2 here for 10 minutes
        try (TestDatabase db = TestDatabase.of(kind); DatabasePool state = open(db, db.isPostgres() ? "" : ";LOCK_TIMEOUT=600000")) {
            StateStore first = new StateStore(state);
            StateStore second = new StateStore(state);
            Pipeline other = new Pipeline("shop", "erp", "archive");
            try (PipelineLock held = first.lock(PIPELINE)) {
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> second.lock(PIPELINE))
                        .isInstanceOf(PipelineBusyException.class).hasMessageContaining("another exporter is running for"));
                try (PipelineLock unrelated = second.lock(other)) {
                    assertThat(unrelated.lastSequence()).isZero();
                }
                assertThat(held.lastSequence()).isZero();
            }
            try (PipelineLock again = second.lock(PIPELINE)) {
                assertThat(again.lastSequence()).isZero();
            }
        }
    }

    /** Only the lock's own refusal (55P03 on PostgreSQL, H2's lock timeout) means busy: a lock that fails otherwise says why. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aLockThatFailsForAnotherReasonIsNotReportedAsAnotherExporter(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind); DatabasePool state = open(db); Connection connection = db.connect()) {
            StateStore store = new StateStore(state);
            db.execute("DROP TABLE ctsync_export_pipeline");

            assertThatThrownBy(() -> store.lock(PIPELINE)).isNotInstanceOf(PipelineBusyException.class).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("ctsync: cannot lock " + PIPELINE + " in the state database " + connection.getCatalog() + ": ")
                    .hasMessageContaining("(fix: ");
        }
    }

    private static DatabasePool open(TestDatabase db) {
        return open(db, "");
    }

    /** {@code urlSettings}: appended to the database's URL. */
    private static DatabasePool open(TestDatabase db, String urlSettings) {
        Map<String, String> keys = db.properties("state");
        return DataSources.open(new Database("state", keys.get("ctsync.state.url") + urlSettings, keys.get("ctsync.state.username"),
                keys.get("ctsync.state.password")), 4);
    }
}
