package io.ctsync.config;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What start-up and {@code --check} refuse of a row filter or a mask (docs/configuration.md, "Row
 * filters", "Masked columns"), each in one line naming the key, the problem and the fix: a filter
 * holding {@code ;} or a comment, a filter the source cannot compile (in the source's own words),
 * a hash without a key, and a target column that cannot hold what the mask writes.
 */
@Tag("postgres")
class FilterAndMaskRefusalTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private CtsyncRun ctsync(String kind, String targetTable) throws Exception {
        TestDatabase source = databases.open(kind);
        TestDatabase target = databases.open(kind);
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.people (id INT PRIMARY KEY, region VARCHAR(10), email VARCHAR(100), ssn VARCHAR(20))");
        target.execute("CREATE SCHEMA app", targetTable);
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("refuse", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "app.people"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true")
                .set("ctsync.mask.key", "a secret").set("ctsync.mask.key-id", "k1");
        ctsync.enableTracking();
        return ctsync;
    }

    private static final String FITTING_TARGET = "CREATE TABLE app.people (id INT PRIMARY KEY, region VARCHAR(10), email VARCHAR(64), ssn VARCHAR(20))";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "region = 'north'; DELETE FROM app.people",
            "region = 'north' -- and the rest",
            "region = 'north' /* hidden */",
    })
    void aFilterWithASemicolonOrACommentIsRefusedInOneLine(String filter) throws Exception {
        CtsyncRun.Result result = ctsync("h2", FITTING_TARGET).set("ctsync.table.app.people.filter", filter).run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).isEqualTo("ctsync: ctsync.table.app.people.filter: holds ';' or a comment ('--', '/*')"
                + " (fix: write one boolean expression over the table's columns, e.g. region = 'north' AND active = 1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aFilterTheSourceCannotCompileFailsCheckAndStartUpWithTheDatabasesMessage(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind, FITTING_TARGET).set("ctsync.table.app.people.filter", "regoin = 'north'");
        String message = kind.equals("h2") ? "Column \"regoin\" not found" : "column \"regoin\" does not exist";
        CtsyncRun.Result check = ctsync.run("--check");
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.stdout().lines().filter(line -> line.startsWith("FAILED source:"))).singleElement().asString()
                .contains("ctsync.table.app.people.filter: the source cannot run it on app.people: ").contains(message).contains("(fix: ");
        CtsyncRun.Result start = ctsync.run("--once");
        assertThat(start.exitCode()).isEqualTo(2);
        assertThat(start.stderr().strip()).doesNotContain("\n").contains("ctsync.table.app.people.filter: the source cannot run it on app.people")
                .contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CREATE TABLE app.people (id INT PRIMARY KEY, region VARCHAR(10), email VARCHAR(20), ssn VARCHAR(20))"
                    + "|ctsync.table.app.people.mask.email: column 'email' of the target table app.people holds 20 characters, too few for a hash's 64"
                    + " (fix: widen it to 64 characters or more, e.g. varchar(64))",
            "CREATE TABLE app.people (id INT PRIMARY KEY, region VARCHAR(10), email BIGINT, ssn VARCHAR(20))"
                    + "|ctsync.table.app.people.mask.email: column 'email' of the target table app.people is BIGINT, not text, and cannot hold a hash"
                    + " (fix: make it a text column of 64 characters or more, e.g. varchar(64))",
            "CREATE TABLE app.people (id INT PRIMARY KEY, region VARCHAR(10), email VARCHAR(64), ssn VARCHAR(20) NOT NULL)"
                    + "|ctsync.table.app.people.mask.ssn: column 'ssn' of the target table app.people is NOT NULL and cannot hold the mask's null"
                    + " (fix: allow NULL in it, hash it instead, or leave it out with ctsync.table.app.people.exclude-columns)",
    })
    void checkRefusesATargetColumnThatCannotHoldTheMasksOutput(String targetTable, String expected) throws Exception {
        CtsyncRun ctsync = ctsync("h2", targetTable).set("ctsync.table.app.people.mask.email", "hash")
                .set("ctsync.table.app.people.mask.ssn", "null");
        CtsyncRun.Result check = ctsync.run("--check");
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.stdout().lines().filter(line -> line.startsWith("FAILED target:"))).singleElement().asString().endsWith(": " + expected);
        assertThat(check.stdout()).doesNotContain("a secret");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ctsync.table.app.people.mask.email|scramble|ctsync.table.app.people.mask.email: 'scramble' is no mask (fix: write hash or null)",
            "ctsync.table.app.people.mask.id|null|ctsync.table.app.people.mask.id: key column 'id' of app.people cannot be null (fix: hash it",
            "ctsync.table.app.people.mask.nope|hash|ctsync.table.app.people.mask.nope: column 'nope' is not among the columns carried from app.people",
    })
    void aMaskThatCannotBeAppliedIsRefusedAtStartUp(String key, String value, String expected) throws Exception {
        CtsyncRun.Result result = ctsync("h2", FITTING_TARGET).set(key, value).run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ctsync: " + expected).doesNotContain("\n");
    }
}
