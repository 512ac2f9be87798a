package io.ctsync.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.db.Backfill;
import io.ctsync.db.KeyRange;
import io.ctsync.testing.TypedPool;
import io.ctsync.config.TableName;
import io.ctsync.db.Window;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The export state's commit: everything a cycle advances moves in one transaction, or nothing does. */
@Tag("h2")
class StateStoreTest {

    private static final Pipeline PIPELINE = new Pipeline("shop", "erp", "dwh");
    private static final TableName ORDERS = new TableName("app", "orders");
    private static final TableName ITEMS = new TableName("app", "items");

    private JdbcDataSource dataSource;
    private StateStore state;

    @BeforeEach
    void freshState() throws Exception {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        state = new StateStore(TypedPool.of(dataSource));
    }

    @Test
    void aNewPipelineStartsAtSequenceZeroWithNoVersionAndNoIdentity() throws Exception {
        try (PipelineLock lock = state.lock(PIPELINE)) {
            assertThat(lock.lastSequence()).isZero();
            assertThat(lock.sourceIdentity()).isNull();
        }
        assertThat(state.lastVersions(PIPELINE)).isEmpty();
        assertThat(state.pendingIntent(PIPELINE)).isEmpty();
    }

    @Test
    void aCycleWithoutContentAdvancesTheVersionsAndTheIdentityButNotTheSequence() throws Exception {
        try (PipelineLock lock = state.lock(PIPELINE)) {
            state.commit(lock, null, List.of(new Window(ORDERS, false, 4L, 9L, "4:4:", "9:9:")), Map.of(), "db-1", Map.of());
        }
        assertThat(state.lastVersions(PIPELINE)).containsExactly(Map.entry("app.orders", new StateStore.TableVersion(9, "9:9:")));
        assertThat(rows("SELECT last_sequence, source_identity FROM ctsync_export_pipeline")).containsExactly(List.of(0L, "db-1"));
        assertThat(rows("SELECT COUNT(*) FROM ctsync_export_log")).containsExactly(List.of(0L));
        try (PipelineLock lock = state.lock(PIPELINE)) {
            assertThat(lock.sourceIdentity()).isEqualTo("db-1");
        }
    }

    @Test
    void aCycleWithContentsCommitsItsSequencesLogVersionsAndRemovesItsIntent() throws Exception {
        List<Window> first = List.of(new Window(ORDERS, true, null, 5L), new Window(ITEMS, true, null, 5L));
        Intent intent = new Intent(1, 2, Intent.Stage.WRITING, first);
        state.recordIntent(PIPELINE, intent);
        assertThat(state.pendingIntent(PIPELINE)).contains(intent);
        state.markStaged(PIPELINE);
        assertThat(state.pendingIntent(PIPELINE)).contains(intent.staged());

        try (PipelineLock lock = state.lock(PIPELINE)) {
            state.commit(lock, intent.staged(), first, Map.of(1L, 5L, 2L, 3L), "db-1", Map.of());
        }
        assertThat(state.pendingIntent(PIPELINE)).isEmpty();
        assertThat(rows("SELECT last_sequence FROM ctsync_export_pipeline")).containsExactly(List.of(2L));
        assertThat(rows("SELECT sequence, part, parts, row_count FROM ctsync_export_log ORDER BY sequence"))
                .containsExactly(List.of(1L, 1, 2, 5L), List.of(2L, 2, 2, 3L));
        assertThat(state.lastVersions(PIPELINE)).containsOnly(Map.entry("app.orders", new StateStore.TableVersion(5, null)),
                Map.entry("app.items", new StateStore.TableVersion(5, null)));

        // the next cycle updates the rows it wrote, and a sequence without rows is logged with 0
        Intent next = new Intent(3, 1, Intent.Stage.STAGED, List.of(new Window(ORDERS, false, 5L, 8L)));
        state.recordIntent(PIPELINE, next);
        try (PipelineLock lock = state.lock(PIPELINE)) {
            assertThat(lock.lastSequence()).isEqualTo(2);
            state.commit(lock, next, next.windows(), Map.of(), null, Map.of());
        }
        assertThat(rows("SELECT last_sequence, source_identity FROM ctsync_export_pipeline")).containsExactly(List.of(3L, "db-1"));
        assertThat(rows("SELECT sequence, part, parts, row_count FROM ctsync_export_log ORDER BY sequence"))
                .containsExactly(List.of(1L, 1, 2, 5L), List.of(2L, 2, 2, 3L), List.of(3L, 1, 1, 0L));
        assertThat(state.lastVersions(PIPELINE)).containsOnly(Map.entry("app.orders", new StateStore.TableVersion(8, null)),
                Map.entry("app.items", new StateStore.TableVersion(5, null)));
    }

    @Test
    void aCommitThatFailsHalfwayLeavesEveryPartOfTheStateAsItWas() throws Exception {
        Intent intent = new Intent(1, 1, Intent.Stage.STAGED, List.of(new Window(ORDERS, true, null, 5L)));
        state.recordIntent(PIPELINE, intent);
        // the table name is longer than its column: the last write of the commit fails, after the log, sequence and intent
        TableName tooLong = new TableName("app", "t".repeat(400));
        try (PipelineLock lock = state.lock(PIPELINE)) {
            assertThatThrownBy(() -> state.commit(lock, intent, List.of(new Window(tooLong, true, null, 5L)), Map.of(1L, 1L), "db-1", Map.of()))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(state.pendingIntent(PIPELINE)).contains(intent);
        assertThat(rows("SELECT last_sequence, source_identity FROM ctsync_export_pipeline")).containsExactly(java.util.Arrays.asList(0L, null));
        assertThat(rows("SELECT COUNT(*) FROM ctsync_export_log")).containsExactly(List.of(0L));
        assertThat(state.lastVersions(PIPELINE)).isEmpty();
    }

    @Test
    void aSecondIntentForThePipelineIsRefused() throws Exception {
        Intent intent = new Intent(1, 1, Intent.Stage.WRITING, List.of(new Window(ORDERS, true, null, 5L)));
        state.recordIntent(PIPELINE, intent);
        assertThatThrownBy(() -> state.recordIntent(PIPELINE, new Intent(2, 1, Intent.Stage.WRITING, List.of())))
                .isInstanceOf(SQLException.class);
        assertThat(state.pendingIntent(PIPELINE)).contains(intent);
    }

    @Test
    void aSecondExporterIsRefusedWhileTheLockIsHeldAndGetsItAfterwards() throws Exception {
        try (PipelineLock lock = state.lock(PIPELINE)) {
            assertThatThrownBy(() -> state.lock(PIPELINE)).isInstanceOf(PipelineBusyException.class);
        }
        try (PipelineLock lock = state.lock(PIPELINE)) {
            assertThat(lock.pipeline()).isEqualTo(PIPELINE);
        }
    }

    @Test
    void pipelinesAreKeptApart() throws Exception {
        Pipeline other = new Pipeline("shop", "erp", "lake");
        try (PipelineLock lock = state.lock(PIPELINE)) {
            state.commit(lock, null, List.of(new Window(ORDERS, false, 1L, 7L)), Map.of(), null, Map.of());
        }
        try (PipelineLock lock = state.lock(other)) {
            assertThat(lock.lastSequence()).isZero();
        }
        assertThat(state.lastVersions(other)).isEmpty();
        assertThat(state.lastVersions(PIPELINE)).containsOnlyKeys("app.orders");
    }

    @Test
    void theSchemaCheckAndTheReadOnlyStateTellWhatIsThereAndWriteNothing() throws Exception {
        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL("jdbc:h2:mem:empty-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        TypedPool none = TypedPool.of(empty);
        assertThat(StateStore.checkSchema(none)).isEqualTo("no state yet: created at the first run");
        assertThat(StateStore.readOnly(none)).isEmpty();
        try (Connection connection = empty.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("nothing created").isZero();
        }

        TypedPool pool = TypedPool.of(dataSource);
        int latest = pool.type().state().migrations().size();
        assertThat(StateStore.checkSchema(pool)).isEqualTo("state schema version " + latest);
        try (PipelineLock lock = state.lock(PIPELINE)) {
            state.commit(lock, null, List.of(new Window(ORDERS, false, 4L, 9L, "4:4:", "9:9:")), Map.of(), "db-1", Map.of());
        }
        execute("UPDATE ctsync_export_pipeline SET last_sequence = 7");
        StateStore reader = StateStore.readOnly(pool).orElseThrow();
        assertThat(reader.lastSequence(PIPELINE)).isEqualTo(7);
        assertThat(reader.lastSequence(new Pipeline("shop", "crm", "dwh"))).as("a pipeline without a row").isZero();
        execute("UPDATE ctsync_state_version SET version = " + (latest - 1));
        assertThat(StateStore.checkSchema(pool)).isEqualTo("state schema version " + (latest - 1) + ", upgraded to " + latest + " at the next start");
    }

    @Test
    void aStateDatabaseThatCannotBeLockedFailsInOneLineNamingThePipelineAndTheFix() throws Exception {
        execute("DROP TABLE ctsync_export_pipeline");
        assertThatThrownBy(() -> state.lock(PIPELINE)).isInstanceOf(SQLException.class).isNotInstanceOf(PipelineBusyException.class)
                .satisfies(e -> assertThat(e.getMessage().lines()).as(e.getMessage()).hasSize(1))
                .hasMessageStartingWith("ctsync: cannot lock shop/erp/dwh in the state database ")
                .hasMessageContaining("CTSYNC_EXPORT_PIPELINE")
                .hasMessageEndingWith(" (fix: the state database and ctsync's rights in it)");
    }

    @Test
    void anIntentKeepsWhereEachOfItsChunksEndsAndOneRecordedWithoutThemIsOneChunk() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode from = json.readTree("{\"id\":100}");
        List<JsonNode> splits = List.of(json.readTree("{\"id\":200}"), json.readTree("{\"id\":300}"));
        Window chunked = new Window(ORDERS, true, null, 5L).withChunks(new KeyRange(from, null), splits,
                new Backfill(null, 350, 400, "2026-01-01T00:00:00Z"));
        Intent intent = new Intent(1, 3, Intent.Stage.WRITING, List.of(chunked));
        state.recordIntent(PIPELINE, intent);

        Window read = state.pendingIntent(PIPELINE).orElseThrow().windows().get(0);
        assertThat(read).isEqualTo(chunked);
        assertThat(read.chunks()).extracting(c -> String.valueOf(c.from()) + ".." + c.to())
                .containsExactly("{\"id\":100}..{\"id\":200}", "{\"id\":200}..{\"id\":300}", "{\"id\":300}..null");
        assertThat(read.backfillAfter()).as("the last chunk reaches the end: the backfill is done").isNull();

        // an intent recorded before windows carried splits: its chunk is one content
        execute("UPDATE ctsync_export_intent SET windows = REPLACE(windows, ',\"splits\":[{\"id\":200},{\"id\":300}]', '')");
        assertThat(rows("SELECT windows FROM ctsync_export_intent")).extracting(r -> (String) r.get(0)).allSatisfy(w -> assertThat(w).doesNotContain("splits"));
        assertThat(state.pendingIntent(PIPELINE).orElseThrow().windows().get(0).chunks()).containsExactly(new KeyRange(from, null));
    }

    private List<List<Object>> rows(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
