package io.ctsync.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.ContentName;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row filters and masks end to end through the real command line (docs/configuration.md, "Row
 * filters", "Masked columns"): under a writer that moves rows in and out of the filter, deletes and
 * inserts, the target is the filtered, masked projection of the source, hashes recomputed here with
 * the JDK's HMAC; a changed filter converges with nothing else done; a hashed key round-trips with
 * presence; no content, and no line ctsync printed, holds a clear value.
 */
@Tag("postgres")
class FilterAndMaskTest {

    private static final String MASK_KEY = "correct horse battery staple";
    private static final String[] REGIONS = {"north", "south", "east"};

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void theTargetIsTheFilteredMaskedProjectionOfTheSourceUnderALiveWriter(String kind) throws Exception {
        TestDatabase source = databases.open(kind);
        TestDatabase target = databases.open(kind);
        source.execute("CREATE SCHEMA app",
                "CREATE TABLE app.people (id INT PRIMARY KEY, region VARCHAR(10) NOT NULL, email VARCHAR(100), ssn VARCHAR(20),"
                        + " score NUMERIC(8, 2))",
                "CREATE TABLE app.tokens (code VARCHAR(20) PRIMARY KEY, owner VARCHAR(100))");
        target.execute("CREATE SCHEMA app",
                "CREATE TABLE app.people (id INT PRIMARY KEY, region VARCHAR(10) NOT NULL, email VARCHAR(64), ssn VARCHAR(20),"
                        + " score NUMERIC(8, 2))",
                "CREATE TABLE app.tokens (code VARCHAR(64) PRIMARY KEY, owner VARCHAR(64))");
        try (Connection connection = source.connect();
             PreparedStatement people = connection.prepareStatement("INSERT INTO app.people VALUES (?, ?, ?, ?, ?)");
             PreparedStatement tokens = connection.prepareStatement("INSERT INTO app.tokens VALUES (?, ?)")) {
            for (int id = 1; id <= 300; id++) {
                people.setInt(1, id);
                people.setString(2, REGIONS[id % 3]);
                people.setString(3, email(id));
                people.setString(4, "SSN-" + id);
                people.setBigDecimal(5, new BigDecimal(id + ".25"));
                people.executeUpdate();
            }
            for (int t = 1; t <= 40; t++) {
                tokens.setString(1, "TOK-" + t);
                tokens.setString(2, email(t));
                tokens.executeUpdate();
            }
        }
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "partner", dir.resolve("state"), dir.resolve("gateway"),
                "app.people,app.tokens"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true")
                .set("ctsync.export.chunk-rows", "40")
                .set("ctsync.table.app.people.filter", "region = 'north'")
                .set("ctsync.table.app.people.mask.email", "hash")
                .set("ctsync.table.app.people.mask.ssn", "null")
                .set("ctsync.table.app.tokens.mask.code", "hash")
                .set("ctsync.table.app.tokens.mask.owner", "hash")
                .set("ctsync.mask.key", MASK_KEY)
                .set("ctsync.mask.key-id", "k2026");
        ctsync.enableTracking();
        List<String> printed = new ArrayList<>();
        once(ctsync, printed);
        assertProjection(source, target, "north"::equals);

        // moved out, moved in, deleted inside and outside the filter, inserted outside it
        int movedOut = 3;
        int movedIn = 4;
        source.execute("UPDATE app.people SET region = 'south' WHERE id = " + movedOut,
                "UPDATE app.people SET region = 'north', email = 'moved@example.com' WHERE id = " + movedIn,
                "DELETE FROM app.people WHERE id = 6",
                "DELETE FROM app.people WHERE id = 5",
                "INSERT INTO app.people VALUES (9001, 'south', 'outside@example.com', 'SSN-9001', 1)",
                "UPDATE app.tokens SET owner = '" + email(300) + "' WHERE code = 'TOK-7'",
                "DELETE FROM app.tokens WHERE code = 'TOK-8'");
        long before = lastSequence();
        once(ctsync, printed);
        assertProjection(source, target, "north"::equals);
        List<Contents.Content> delta = contentsAfter(before);
        // only the keys the target held leave as deletes: never the row that never matched, nor the one outside it
        assertThat(rows(delta, "app.people", "deleted.json")).extracting(row -> row.get("id").intValue())
                .containsExactlyInAnyOrder(movedOut, 6);
        assertThat(rows(delta, "app.people", "missing.json")).extracting(row -> row.get("primaryKey").get("id").intValue())
                .containsExactly(movedIn);
        // the hashed key is looked up, updated and deleted by its hash
        assertThat(rows(delta, "app.tokens", "existing.json")).extracting(row -> row.get("primaryKey").get("code").textValue())
                .containsExactlyInAnyOrder(hash("TOK-7"), hash("TOK-8"));
        assertThat(rows(delta, "app.tokens", "existing.json")).allSatisfy(row ->
                assertThat(row.get("target").get("code").textValue()).isEqualTo(row.get("primaryKey").get("code").textValue()));
        assertThat(rows(delta, "app.tokens", "deleted.json")).extracting(row -> row.get("code").textValue()).containsExactly(hash("TOK-8"));
        assertThat(delta).flatExtracting(content -> content.manifest().tables()).isNotEmpty()
                .allSatisfy(table -> assertThat(table.maskKeyId()).isEqualTo("k2026"));

        LiveWriter writer = new LiveWriter(source);
        Thread writing = new Thread(writer, "live-writer");
        writing.start();
        try {
            for (int cycle = 0; cycle < 4; cycle++) {
                once(ctsync, printed);
            }
        } finally {
            writer.stop.set(true);
            writing.join();
        }
        assertThat(writer.writes.get()).as("writes while ctsync ran").isGreaterThan(50);
        once(ctsync, printed);
        assertProjection(source, target, "north"::equals);

        // a changed filter: the table is sent again, and the rows that no longer match leave the target
        ctsync.set("ctsync.table.app.people.filter", "region IN ('south', 'east') AND score > 100");
        once(ctsync, printed);
        assertProjection(source, target, region -> !region.equals("north"), score -> score.compareTo(new BigDecimal(100)) > 0);
        once(ctsync, printed);
        assertProjection(source, target, region -> !region.equals("north"), score -> score.compareTo(new BigDecimal(100)) > 0);

        // --verify compares the rows that match, without the masked columns; a hashed key cannot be merged in key order
        CtsyncRun.Result verify = ctsync.run("--verify");
        assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        assertThat(verify.stdout()).containsPattern("app\\.people: source \\d+ rows, target \\d+ rows: equal")
                .contains("app.tokens: not compared: its key is hashed (ctsync.table.app.tokens.mask.*)");
        printed.add(verify.stdout());
        printed.add(verify.stderr());

        assertNoClearValue(printed);
    }

    private void once(CtsyncRun ctsync, List<String> printed) throws Exception {
        CtsyncRun.Result result = ctsync.run("--once");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        printed.add(result.stdout());
        printed.add(result.stderr());
    }

    private static String email(int id) {
        return "person" + id + "@example.com";
    }

    /** HMAC-SHA-256 of the value's UTF-8 bytes under the mask key, in lowercase hex: what docs/format.md tells a consumer to compute. */
    static String hash(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(MASK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertProjection(TestDatabase source, TestDatabase target, Predicate<String> region) throws Exception {
        assertProjection(source, target, region, score -> true);
    }

    /** The target holds exactly the source rows that match, email hashed and ssn null; tokens with code and owner hashed. */
    private static void assertProjection(TestDatabase source, TestDatabase target, Predicate<String> region, Predicate<BigDecimal> score)
            throws Exception {
        List<List<String>> expected = new ArrayList<>();
        for (List<Object> row : source.query("SELECT id, region, email, ssn, score FROM app.people ORDER BY id")) {
            if (region.test((String) row.get(1)) && score.test((BigDecimal) row.get(4))) {
                expected.add(List.of(row.get(0).toString(), (String) row.get(1), hash((String) row.get(2)), "null", row.get(4).toString()));
            }
        }
        List<List<String>> actual = new ArrayList<>();
        for (List<Object> row : target.query("SELECT id, region, email, ssn, score FROM app.people ORDER BY id")) {
            actual.add(row.stream().map(Objects::toString).toList());
        }
        assertThat(actual).isEqualTo(expected);
        List<List<String>> expectedTokens = new ArrayList<>();
        for (List<Object> row : source.query("SELECT code, owner FROM app.tokens")) {
            expectedTokens.add(List.of(hash((String) row.get(0)), hash((String) row.get(1))));
        }
        List<List<String>> actualTokens = new ArrayList<>();
        for (List<Object> row : target.query("SELECT code, owner FROM app.tokens")) {
            actualTokens.add(List.of((String) row.get(0), (String) row.get(1)));
        }
        assertThat(actualTokens).containsExactlyInAnyOrderElementsOf(expectedTokens);
    }

    /** Every byte of every entry of every content, and every line ctsync printed: no email, ssn or token code in clear. */
    private void assertNoClearValue(List<String> printed) throws Exception {
        List<String> clear = List.of("@example.com", "SSN-", "TOK-");
        List<ContentName> published = Contents.published(dir.resolve("gateway"));
        assertThat(published).isNotEmpty();
        for (ContentName name : published) {
            try (ZipFile zip = new ZipFile(dir.resolve("gateway").resolve(name.fileName()).toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String text;
                    try (InputStream in = zip.getInputStream(entry)) {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        in.transferTo(bytes);
                        text = bytes.toString(StandardCharsets.UTF_8);
                    }
                    for (String value : clear) {
                        assertThat(text).as("%s of %s", entry.getName(), name.fileName()).doesNotContain(value);
                    }
                }
            }
        }
        for (String output : printed) {
            assertThat(output).doesNotContain(clear).doesNotContain(MASK_KEY);
        }
    }

    private long lastSequence() throws Exception {
        List<Long> sequences = Contents.sequences(dir.resolve("gateway"));
        return sequences.isEmpty() ? 0 : sequences.get(sequences.size() - 1);
    }

    private List<Contents.Content> contentsAfter(long sequence) throws Exception {
        List<Contents.Content> contents = new ArrayList<>();
        for (ContentName name : Contents.published(dir.resolve("gateway"))) {
            if (name.sequence() > sequence) {
                contents.add(Contents.read(dir.resolve("gateway").resolve(name.fileName())));
            }
        }
        assertThat(contents).isNotEmpty();
        return contents;
    }

    private static List<JsonNode> rows(List<Contents.Content> contents, String table, String entry) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (Contents.Content content : contents) {
            boolean held = content.manifest().tables().stream().filter(t -> t.table().equals(table))
                    .anyMatch(t -> t.entries().stream().anyMatch(e -> e.name().equals(table + "/" + entry)));
            if (held) {
                rows.addAll(content.rows(table, entry));
            }
        }
        return rows;
    }

    /** Moves people in and out of the filter, changes emails, deletes and inserts, one change per transaction. */
    private static final class LiveWriter implements Runnable {

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        private final TestDatabase source;

        LiveWriter(TestDatabase source) {
            this.source = source;
        }

        @Override
        public void run() {
            Random random = new Random(26);
            int next = 10_000;
            try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
                while (!stop.get()) {
                    int id = 1 + random.nextInt(300);
                    switch (random.nextInt(4)) {
                        case 0 -> statement.executeUpdate("UPDATE app.people SET region = '" + REGIONS[random.nextInt(3)] + "' WHERE id = " + id);
                        case 1 -> statement.executeUpdate("UPDATE app.people SET email = 'changed" + writes.get() + "@example.com',"
                                + " score = score + 1 WHERE id = " + id);
                        case 2 -> statement.executeUpdate("DELETE FROM app.people WHERE id = " + id);
                        default -> {
                            statement.executeUpdate("INSERT INTO app.people VALUES (" + next + ", '" + REGIONS[next % 3] + "', 'new" + next
                                    + "@example.com', 'SSN-" + next + "', " + (next % 200) + ")");
                            next++;
                        }
                    }
                    writes.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException("the live writer failed", e);
            }
        }
    }
}
