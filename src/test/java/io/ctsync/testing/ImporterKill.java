package io.ctsync.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL importer killed with SIGKILL inside a content's transaction: the test holds the
 * target's import log, whose row is the transaction's last write, so the importer waits there with
 * everything else of the content written; once it waits, it is killed, and the lock released.
 */
public final class ImporterKill {

    private ImporterKill() {
    }

    /** Runs the importer of {@code config} into {@code target} until it waits on the import log, kills it; returns what it logged. */
    public static String killWhileItWaitsOnTheImportLog(TestDatabase target, Path config, Path log) throws Exception {
        try (Connection holder = target.connect(); Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("LOCK TABLE ctsync_import_log IN EXCLUSIVE MODE");
            String logged;
            try (CtsyncProcess importer = CtsyncProcess.start(config, log)) {
                importer.await("the content's transaction waits for the import log", Duration.ofSeconds(120), () -> waitingOnALock(target));
                logged = importer.log();
                importer.signal("KILL");
                assertThat(importer.awaitExit(Duration.ofSeconds(30))).isTrue();
            }
            holder.rollback();
            return logged;
        }
    }

    /**
     * Whether a session of the target waits on a lock: asked on a connection of its own, since a
     * transaction sees pg_stat_activity as it first read it.
     */
    private static boolean waitingOnALock(TestDatabase target) {
        try (Connection connection = target.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
