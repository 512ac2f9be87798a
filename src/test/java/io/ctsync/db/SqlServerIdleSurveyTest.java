package io.ctsync.db;

import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.RecordingConnection;
import io.ctsync.testing.SqlSnapshot;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The idle cycle's one question to SQL Server, kept as a reviewed snapshot
 * ({@code src/test/resources/sqlserver/idle_survey.sql}) and parsed by JSqlParser: the database's
 * {@code CHANGE_TRACKING_CURRENT_VERSION()} beside each table's min valid version, bound by
 * name. The semantics (a quiet source moves every version forward in that one statement; a change
 * in one table is then read) run on PostgreSQL and H2 in IdleCycleTest.
 */
@Tag("unit")
class SqlServerIdleSurveyTest {

    private static final DatabaseType SQL_SERVER = new SqlServerType();
    private static final SourceDialect SOURCE = SQL_SERVER.source();
    private static final List<TrackingSurvey.Since> TABLES = List.of(
            new TrackingSurvey.Since(TableName.parse("ctsync.tables", "dbo.orders"), 41L, null),
            new TrackingSurvey.Since(TableName.parse("ctsync.tables", "sales.order_lines"), 41L, null),
            new TrackingSurvey.Since(TableName.parse("ctsync.tables", "my schema.odd]name [x] ünïcödé 表"), null, null));

    @Test
    void theSurveyMatchesTheReviewedSnapshotAndParses() throws Exception {
        RecordingConnection recording = new RecordingConnection(new RecordingConnection.Answers(42, 1, "db/2026-01-01"));
        TrackingSurvey survey = SOURCE.surveyTracking(recording.connection(), TABLES, null);
        SqlSnapshot.check("sqlserver/idle_survey.sql", "-- surveyTracking\n" + String.join("\n", recording.log()) + "\n");
        assertThat(recording.statements()).hasSize(1);
        assertThat(survey.version()).isEqualTo(42);
        assertThat(survey.identity()).isEqualTo("db/2026-01-01");
        // the names are bound values, so the statement parses as written, odd names or not
        assertThatCode(() -> CCJSqlParserUtil.parse(recording.statements().get(0), p -> p.withSquareBracketQuotation(true)))
                .doesNotThrowAnyException();
    }

    @Test
    void aWideSourceIsSurveyedInChunksThatStayUnderTheParameterLimit() {
        List<TrackingSurvey.Since> wide = IntStream.rangeClosed(1, 2100)
                .mapToObj(i -> new TrackingSurvey.Since(TableName.parse("ctsync.tables", "dbo.t" + i), 5L, null)).toList();
        RecordingConnection recording = new RecordingConnection(new RecordingConnection.Answers(42, 1, "db"));
        assertThatCode(() -> SOURCE.surveyTracking(recording.connection(), wide, null)).doesNotThrowAnyException();
        assertThat(recording.statements()).hasSize((2100 + TrackingSurvey.TABLES_PER_STATEMENT - 1) / TrackingSurvey.TABLES_PER_STATEMENT);
        assertThat(SOURCE.trackingSurvey(wide.subList(0, TrackingSurvey.TABLES_PER_STATEMENT), null).parameters().size())
                .isLessThanOrEqualTo(SOURCE.maxParameters());
    }
}
