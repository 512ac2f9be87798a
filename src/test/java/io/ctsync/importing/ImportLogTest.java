package io.ctsync.importing;

import io.ctsync.db.register.DatabaseTypeRegister;
import io.ctsync.state.Pipeline;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import log row by row: which sequence counts as the last import, an ok row over a failed
 * one, a problem never over an ok row, a second ok refused, and an error cut to the column's size.
 */
@Tag("h2")
class ImportLogTest {

    private final JdbcDataSource target = new JdbcDataSource();
    private final ImportLog log = new ImportLog(new Pipeline("shop", "erp", "dwh"));
    private final ImportLog otherPipeline = new ImportLog(new Pipeline("shop", "crm", "dwh"));

    @BeforeEach
    void createLog() throws SQLException {
        target.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = target.getConnection()) {
            DatabaseTypeRegister.of(connection).target().createImportLog(connection);
        }
    }

    @Test
    void theLastImportIsTheHighestOkSequenceOfThePipelineWithItsTargetVersion() throws SQLException {
        try (Connection connection = target.getConnection()) {
            assertThat(log.last(connection)).isEqualTo(new ImportLog.LastImport(0, null));
            log.recordOk(connection, 1, new ImportLog.Counts(1, 0, 0, 0), 40L);
            log.recordOk(connection, 2, new ImportLog.Counts(0, 1, 0, 0), null);
            assertThat(log.last(connection)).as("no target version recorded").isEqualTo(new ImportLog.LastImport(2, null));
            log.recordOk(connection, 3, new ImportLog.Counts(0, 0, 1, 0), 0L);
            otherPipeline.recordOk(connection, 9, new ImportLog.Counts(1, 0, 0, 0), 99L);
        }
        log.recordProblem(target, 4, ImportLog.FAILED, "corrupt content");
        log.recordProblem(target, 5, ImportLog.BLOCKED, "waits for 4");
        try (Connection connection = target.getConnection()) {
            assertThat(log.last(connection)).as("a version of 0 is a version").isEqualTo(new ImportLog.LastImport(3, 0L));
        }
    }

    @Test
    void anOkRowReplacesAFailedOneWithItsCountsAndNoErrorAndASecondOkIsRefused() throws SQLException {
        log.recordProblem(target, 1, ImportLog.FAILED, "conflict on app.items");
        log.recordProblem(target, 1, ImportLog.FAILED, "conflict again");
        assertThat(rows()).containsExactly("erp 1 failed 0 0 0 0 null conflict again");
        try (Connection connection = target.getConnection()) {
            log.recordOk(connection, 1, new ImportLog.Counts(5, 6, 7, 8), 12L);
            assertThat(rows()).containsExactly("erp 1 ok 5 6 7 8 12 null");
            assertThatThrownBy(() -> log.recordOk(connection, 1, new ImportLog.Counts(1, 1, 1, 1), 13L))
                    .as("the primary key refuses a second application").isInstanceOf(SQLException.class);
        }
        log.recordProblem(target, 1, ImportLog.FAILED, "imported twice?");
        assertThat(rows()).as("a problem never overwrites ok").containsExactly("erp 1 ok 5 6 7 8 12 null");
    }

    @Test
    void aFirstOkRowHasItsCountsAndTheTimeOfImport() throws SQLException {
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        try (Connection connection = target.getConnection()) {
            log.recordOk(connection, 7, new ImportLog.Counts(1, 2, 3, 4), null);
        }
        assertThat(rows()).containsExactly("erp 7 ok 1 2 3 4 null null");
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT imported_at FROM ctsync_import_log")) {
            rs.next();
            assertThat(rs.getObject(1, OffsetDateTime.class)).isBetween(before, OffsetDateTime.now().plusSeconds(1));
        }
    }

    @Test
    void anErrorIsKeptWholeUpToTheColumnsSizeAndCutThere() throws SQLException {
        log.recordProblem(target, 1, ImportLog.FAILED, "x".repeat(4000));
        log.recordProblem(target, 2, ImportLog.FAILED, "y".repeat(4001));
        log.recordProblem(target, 3, ImportLog.BLOCKED, null);
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT sequence, status, LENGTH(error) FROM ctsync_import_log ORDER BY sequence")) {
            List<String> lengths = new ArrayList<>();
            while (rs.next()) {
                lengths.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getObject(3));
            }
            assertThat(lengths).containsExactly("1 failed 4000", "2 failed 4000", "3 blocked null");
        }
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT source, sequence, status, inserted, updated, deleted, conflicts, target_version,"
                     + " error FROM ctsync_import_log WHERE source = 'erp' ORDER BY sequence")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getLong(4) + " " + rs.getLong(5)
                        + " " + rs.getLong(6) + " " + rs.getLong(7) + " " + rs.getObject(8) + " " + rs.getString(9));
            }
        }
        return rows;
    }
}
