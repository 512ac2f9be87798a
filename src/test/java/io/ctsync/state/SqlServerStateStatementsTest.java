package io.ctsync.state;

import io.ctsync.config.TableName;
import io.ctsync.db.Window;
import io.ctsync.db.sqlserver.SqlServerState;
import io.ctsync.testing.RecordingConnection;
import io.ctsync.testing.SqlSnapshot;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every statement the state store sends to a SQL Server state database, recorded through a
 * connection to no database and kept as the reviewed snapshot {@code sqlserver/state.sql}, each
 * parsed by JSqlParser. No SQL Server runs here; the same store, with the PostgreSQL/H2 dialect,
 * upgrades and locks real databases in {@link StateSchemaTest}.
 */
@Tag("unit")
class SqlServerStateStatementsTest {

    private static final Pipeline PIPELINE = new Pipeline("shop", "erp", "dwh");
    private static final Window WINDOW = new Window(new TableName("my schema", "odd]name ünïcödé"), false, 41L, 42L);

    /** T-SQL that JSqlParser 5.3 does not know, each with a stand-in of the same shape (the rule of SqlServerStatementsTest). */
    private static final Map<Pattern, String> STAND_INS = new LinkedHashMap<>(Map.of(
            // the create-if-missing guard in front of CREATE TABLE
            Pattern.compile("^IF OBJECT_ID\\(N'[a-z_]+', N'U'\\) IS NULL "), "",
            Pattern.compile("NVARCHAR\\(MAX\\)"), "NVARCHAR(4000)",
            Pattern.compile("PRIMARY KEY NONCLUSTERED"), "PRIMARY KEY",
            Pattern.compile(" WITH \\(UPDLOCK, ROWLOCK, NOWAIT\\)"), "",
            // the migration lock's batch: its EXEC alone (JSqlParser knows neither EXEC @status = nor THROW, and parses a batch's first statement only)
            Pattern.compile("^DECLARE @granted INT; EXEC @granted = (sp_getapplock [^;]+); IF @granted < 0 THROW [^;]+$"), "EXEC $1"));

    private static final Pattern NOW = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+");
    private static final Pattern NEW_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final List<String> log = new ArrayList<>();
    private final List<String> statements = new ArrayList<>();
    private RecordingConnection recording;

    @Test
    void everyStateStatementMatchesTheReviewedSnapshotAndParses() throws Exception {
        StateStore store = phase("open: create the version table, run migrations 1 to 3 (stored version 0)",
                () -> new StateStore(dataSource(), new SqlServerState()));
        Intent intent = new Intent(43, 2, Intent.Stage.WRITING, List.of(WINDOW), "job-1");
        PipelineLock lock = phase("lock", () -> store.lock(PIPELINE));
        RecordingConnection lockConnection = recording;
        phase("lastVersions", () -> {
            try {
                return store.lastVersions(PIPELINE);
            } catch (SQLException unreadable) {
                return "(the recording's answer is no backfill)";
            }
        });
        phase("pendingIntent", () -> {
            try {
                return store.pendingIntent(PIPELINE);
            } catch (IllegalArgumentException unreadable) {
                return "(the recording's answer is no intent)";
            }
        });
        phase("recordIntent", () -> {
            store.recordIntent(PIPELINE, intent);
            return null;
        });
        phase("markStaged", () -> {
            store.markStaged(PIPELINE);
            return null;
        });
        ExportJobs jobs = new ExportJobs(dataSource(), new SqlServerState());
        phase("jobs.create (then reads the job back)", () -> unreadable(() -> jobs.create(PIPELINE, "Ada", "T-1", "audit",
                List.of("my schema.odd]name ünïcödé"), "full")));
        phase("jobs.find", () -> unreadable(() -> jobs.find(PIPELINE, "job-1")));
        phase("jobs.list", () -> unreadable(() -> jobs.list(PIPELINE, 50)));
        phase("jobs.next", () -> unreadable(() -> jobs.next(PIPELINE)));
        phase("jobs.started", () -> {
            jobs.started("job-1");
            return null;
        });
        phase("jobs.counted", () -> {
            jobs.counted("job-1", new ExportJobs.Counts(3, 2, 1));
            return null;
        });
        phase("jobs.finished", () -> {
            jobs.finished("job-1");
            return null;
        });
        phase("jobs.failed", () -> {
            jobs.failed("job-1", "gateway /x: the disk is full");
            return null;
        });
        int before = lockConnection.log().size();
        int statementsBefore = lockConnection.statements().size();
        store.commit(lock, intent, List.of(WINDOW), Map.of(43L, 5L, 44L, 1L), "db-2", Map.of());
        // commit runs on the lock's connection, in its transaction
        log.add("-- commit on the lock's connection (the table's row is new, the source identity changed)");
        lockConnection.log().subList(before, lockConnection.log().size()).forEach(log::add);
        statements.addAll(lockConnection.statements().subList(statementsBefore, lockConnection.statements().size()));
        log.add("");

        String recorded = NOW.matcher(String.join("\n", log) + "\n").replaceAll("<now>");
        SqlSnapshot.check("sqlserver/state.sql", NEW_ID.matcher(recorded).replaceAll("<new job id>"));
        assertThat(statements).hasSizeGreaterThan(15);
        List<String> unparsed = new ArrayList<>();
        for (String sql : statements) {
            String standIn = sql;
            for (Map.Entry<Pattern, String> entry : STAND_INS.entrySet()) {
                standIn = entry.getKey().matcher(standIn).replaceAll(entry.getValue());
            }
            if (standIn.equals(sql) ? !parses(sql) : !parses(standIn)) {
                unparsed.add(sql);
            }
        }
        assertThat(unparsed).as("statements JSqlParser cannot parse").isEmpty();
    }

    /** docs/sqlserver.md and docs/design.md name the version a new state database reaches: the number of migrations. */
    @Test
    void theDocsNameTheStateVersionTheMigrationsReach() throws Exception {
        int version = new SqlServerState().migrations().size();
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("docs", "sqlserver.md")))
                .contains("`SELECT version FROM ctsync_state_version` is " + version + ";");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("docs", "design.md")))
                .contains("is at version " + version + " (`--check` reports");
    }

    @Test
    void namesAreBoundAsNvarcharWhateverTheDriverSettings() throws Exception {
        List<String> setters = new ArrayList<>();
        java.sql.PreparedStatement statement = (java.sql.PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {java.sql.PreparedStatement.class}, (p, method, args) -> {
                    setters.add(method.getName());
                    return null;
                });
        new SqlServerState().setText(statement, 1, "odd]name ünïcödé");
        assertThat(setters).containsExactly("setNString");
    }

    /** A read of a job from the recording, whose canned answer is no job a real database would hold. */
    private static Object unreadable(Call<?> read) throws Exception {
        try {
            return read.run();
        } catch (SQLException unreadable) {
            return "(the recording's answer is no job)";
        }
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    /** Runs one call of the store on a fresh recording and appends what it sent under a label. */
    private <T> T phase(String label, Call<T> call) throws Exception {
        recording = new RecordingConnection(new RecordingConnection.Answers(42, 0, "db-1"));
        T result = call.run();
        log.add("-- " + label);
        recording.log().forEach(log::add);
        statements.addAll(recording.statements());
        log.add("");
        return result;
    }

    /**
     * The current recording as a data source. Updates (single or batched) report one row changed
     * (the version's update must succeed for the next migration to run) except the update of a
     * table's last version, so that commit also records the insert it falls back to.
     */
    private DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (p, method, args) -> method.getName().equals("getConnection") ? connection(recording.connection()) : null);
    }

    private static Connection connection(Connection recorded) {
        return (Connection) Proxy.newProxyInstance(SqlServerStateStatementsTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, method, args) -> {
                    if (method.getName().equals("getMetaData")) {
                        // what SQL Server's driver reports: the migration lock is chosen by it
                        return Proxy.newProxyInstance(SqlServerStateStatementsTest.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class},
                                (m, call, a) -> call.getName().equals("getDatabaseProductName") ? "Microsoft SQL Server" : null);
                    }
                    Object result = invoke(recorded, method, args);
                    if (result instanceof Statement statement) {
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : "";
                        return counting(statement, sql, method.getReturnType());
                    }
                    return result;
                });
    }

    private static Object counting(Statement statement, String prepared, Class<?> type) {
        return Proxy.newProxyInstance(SqlServerStateStatementsTest.class.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object result = invoke(statement, method, args);
            int changed = prepared.startsWith("UPDATE ctsync_export_table") ? 0 : 1;
            if (method.getName().equals("executeUpdate")) {
                return changed;
            }
            if (method.getName().equals("executeBatch")) {
                int[] counts = (int[]) result;
                Arrays.fill(counts, changed);
                return counts;
            }
            return result;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean parses(String sql) {
        try {
            CCJSqlParserUtil.parse(sql, parser -> parser.withSquareBracketQuotation(true));
            return true;
        } catch (JSQLParserException e) {
            return false;
        }
    }
}
