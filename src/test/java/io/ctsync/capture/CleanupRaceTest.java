package io.ctsync.capture;

import io.ctsync.db.register.DatabaseTypeRegister;
import io.ctsync.config.CaptureMode;
import org.junit.jupiter.api.Tag;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.DatabaseType;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microsoft's advice for Change Tracking: check the min valid version again after reading
 * CHANGETABLE. SQL Server's min valid version is not read in the snapshot, so a cleanup that
 * finishes between the first check and the read shows only in the second; the window then goes
 * full. Here the real tracking of PostgreSQL and H2 answers every query, and the dialect reports
 * the raised min valid version from its second reading on, as such a cleanup would.
 */
@Tag("postgres")
class CleanupRaceTest {

    private static final TableName ITEMS = new TableName("app", "items");

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aCleanupSeenOnlyAfterTheHistoryWasReadTurnsTheWindowFull(String kind) throws Exception {
        assertThat(window(kind, true).full()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void withoutACleanupTheWindowStaysADeltaAndIsCountedOnce(String kind) throws Exception {
        Window window = window(kind, false);
        assertThat(window.full()).isFalse();
    }

    /** Opens and counts the window of a table exported once, then changed; the min valid version rises after its first reading if asked. */
    private static Window window(String kind, boolean cleanupDuringTheRead) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind)) {
            db.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(20))");
            TableMapping mapping = new TableMapping(ITEMS, List.of(), CaptureMode.CHANGE_TRACKING, ITEMS, Map.of());
            try (Connection connection = db.connect()) {
                DatabaseType type = DatabaseTypeRegister.of(connection);
                SourceDialect real = type.source();
                for (String sql : type.tracking().enableTracking(Catalog.describe(connection, type.source(), mapping))) {
                    connection.createStatement().execute(sql);
                }
                long last = type.target().committedVersion(connection).getAsLong();
                db.execute("INSERT INTO app.items VALUES (1, 'one'), (2, 'two')");
                TableInfo table = Catalog.describe(connection, type.source(), mapping);

                AtomicInteger readings = new AtomicInteger();
                SourceDialect racing = (SourceDialect) Proxy.newProxyInstance(CleanupRaceTest.class.getClassLoader(),
                        new Class<?>[] {SourceDialect.class}, (proxy, method, args) -> {
                            try {
                                Object answer = method.invoke(real, args);
                                if (method.getName().equals("minValidVersion") && readings.incrementAndGet() > 1 && cleanupDuringTheRead) {
                                    return OptionalLong.of(Long.MAX_VALUE);
                                }
                                return answer;
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                try (CaptureCycle cycle = new CaptureCycle(connection, racing, null, null, "ctsync", 100)) {
                    cycle.beginSnapshot(true);
                    ChangeTrackingCapture capture = new ChangeTrackingCapture();
                    Window window = capture.open(cycle, table, last, null);
                    ChangeCounts counts = capture.count(cycle, table, window);
                    assertThat(readings.get()).as("the min valid version is read before and after the history").isEqualTo(2);
                    assertThat(counts).isEqualTo(new ChangeCounts(2, 0, 0));
                    return window;
                }
            }
        }
    }
}
