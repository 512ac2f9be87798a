package io.ctsync.state;

import io.ctsync.db.postgresql.PostgresType;
import io.ctsync.db.register.DatabaseTypeRegister;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state schema's migration lock on real databases: a second session waits while the first
 * holds it and gets it once released; and upgrades started together from separate connections
 * all succeed, leaving the schema at its version. Separate JVMs on PostgreSQL: {@link ReplicasStartTogetherTest}.
 */
@Tag("postgres")
class MigrationLockTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aSecondSessionWaitsForTheLockUntilTheFirstReleasesIt(String kind) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (TestDatabase db = TestDatabase.of(kind); Connection first = db.connect(); Connection second = db.connect()) {
            Future<?> waiting;
            try (MigrationLock held = MigrationLock.take(first, DatabaseTypeRegister.of(first).state())) {
                waiting = other.submit(() -> {
                    try (MigrationLock taken = MigrationLock.take(second, DatabaseTypeRegister.of(second).state())) {
                        return null;
                    }
                });
                assertThatThrownBy(() -> waiting.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            }
            waiting.get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void upgradesStartedTogetherFromSeparateConnectionsAllSucceed(String kind) throws Exception {
        int replicas = 4;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try (TestDatabase db = TestDatabase.of(kind)) {
            CyclicBarrier together = new CyclicBarrier(replicas);
            List<CompletableFuture<Integer>> upgrades = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                upgrades.add(CompletableFuture.supplyAsync(() -> {
                    try (Connection connection = db.connect()) {
                        together.await();
                        return StateSchema.upgrade(connection, DatabaseTypeRegister.of(connection).state());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            int latest = new PostgresType().state().migrations().size();
            for (CompletableFuture<Integer> upgrade : upgrades) {
                assertThat(upgrade.get(60, TimeUnit.SECONDS)).isEqualTo(latest);
            }
            assertThat(db.query("SELECT version FROM ctsync_state_version")).containsExactly(List.of(latest));
        } finally {
            pool.shutdownNow();
        }
    }
}
