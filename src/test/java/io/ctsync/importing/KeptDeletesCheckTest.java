package io.ctsync.importing;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --check} of a table kept with {@code deletes=soft} or {@code history} on PostgreSQL and H2:
 * a target without the columns (or, for history, the version key) is refused with the ALTER TABLE
 * of its own database as the fix; that very statement, run on the target, makes the check pass.
 */
@Tag("postgres")
class KeptDeletesCheckTest {

    private static final Pattern FIX = Pattern.compile("\\(fix: (ALTER TABLE [^\\n]*)\\)\\R");

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aTargetWithoutTheDeletedColumnIsRefusedWithTheAlterTableThatAddsIt(String kind) throws Exception {
        ImportFixture db = databases.dropAfter(new ImportFixture(kind, dir));
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.table.app.items.deletes", "soft")
                .set("ctsync.table.app.items.deleted-column", "gone_at");
        ctsync.enableTracking();

        CtsyncRun.Result refused = ctsync.run("--check");

        assertThat(refused.exitCode()).isEqualTo(2);
        // the same text on both: each reads TIMESTAMP WITH TIME ZONE as its own type (timestamptz)
        String alter = "ALTER TABLE \"app\".\"items\" ADD COLUMN \"gone_at\" TIMESTAMP WITH TIME ZONE";
        assertThat(refused.stdout()).contains("FAILED target: " + db.target.url() + ": ctsync.table.app.items.deleted-column: column 'gone_at'"
                + " is not in the target table app.items, which ctsync.table.app.items.deletes=soft needs for the deletion time (fix: " + alter + ")");
        Matcher fix = FIX.matcher(refused.stdout());
        assertThat(fix.find()).isTrue();

        db.target.execute(fix.group(1));
        CtsyncRun.Result passed = ctsync.run("--check");

        assertThat(passed.exitCode()).as(passed.stdout()).isZero();
    }

    /** A history target needs both version columns, then a key of the source key and valid_from; each fix is printed, and the fixes make it pass. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aHistoryTargetIsRefusedUntilItHasTheVersionColumnsAndTheVersionKey(String kind) throws Exception {
        ImportFixture db = databases.dropAfter(new ImportFixture(kind, dir));
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.table.app.items.deletes", "history");
        ctsync.enableTracking();

        CtsyncRun.Result noColumn = ctsync.run("--check");

        assertThat(noColumn.stdout()).contains("ctsync.table.app.items.valid-from-column: column 'valid_from' is not in the target table"
                + " app.items, which ctsync.table.app.items.deletes=history needs for its versions (fix: ALTER TABLE \"app\".\"items\""
                + " ADD COLUMN \"valid_from\" TIMESTAMP WITH TIME ZONE)");
        db.target.execute("ALTER TABLE app.items ADD COLUMN valid_from TIMESTAMP WITH TIME ZONE NOT NULL",
                "ALTER TABLE app.items ADD COLUMN valid_to TIMESTAMP WITH TIME ZONE");

        CtsyncRun.Result noKey = ctsync.run("--check");

        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.stdout()).contains("ctsync.table.app.items.deletes: history keeps every version of a key, but the key of the target"
                + " table app.items is not (id, region, valid_from) (fix: drop its primary key, then ALTER TABLE \"app\".\"items\""
                + " ADD PRIMARY KEY (\"id\", \"region\", \"valid_from\"))");
        db.target.execute("h2".equals(kind) ? "ALTER TABLE app.items DROP PRIMARY KEY" : "ALTER TABLE app.items DROP CONSTRAINT items_pkey",
                "ALTER TABLE \"app\".\"items\" ADD PRIMARY KEY (\"id\", \"region\", \"valid_from\")");

        CtsyncRun.Result passed = ctsync.run("--check");

        assertThat(passed.exitCode()).as(passed.stdout()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aDeletedColumnThatHoldsNoTimestampIsRefused(String kind) throws Exception {
        ImportFixture db = databases.dropAfter(new ImportFixture(kind, dir));
        db.target.execute("ALTER TABLE app.items ADD COLUMN ctsync_deleted_at VARCHAR(30)");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.table.app.items.deletes", "soft");
        ctsync.enableTracking();

        CtsyncRun.Result refused = ctsync.run("--check");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stdout()).contains("ctsync.table.app.items.deleted-column: column 'ctsync_deleted_at' of the target table app.items"
                + " is of type ").contains(", which cannot hold the deletion time (fix: make it a nullable timestamp with time zone");
    }
}
