package io.ctsync.gateway;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Azurite;
import io.ctsync.testing.ContentSchemas;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real contents from both gateways against the JSON Schemas of docs/schema (backfill chunks in range
 * mode and delta tables, parts, presence entries, a constant key column), and broken documents,
 * which the schemas refuse.
 */
@Tag("services")
class ContentSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;

    @BeforeEach
    void createDatabases() throws Exception {
        source = databases.open("h2");
        target = databases.open("h2");
        source.execute("CREATE SCHEMA app",
                "CREATE TABLE app.orders (id INT PRIMARY KEY, amount NUMERIC(12, 2), note VARCHAR(100))",
                "INSERT INTO app.orders VALUES (1, 10.00, 'a'), (2, 20.50, 'b'), (3, 5.25, NULL)");
        target.execute("CREATE SCHEMA app",
                "CREATE TABLE app.orders (region VARCHAR(10), id INT, amount NUMERIC(12, 2), note VARCHAR(100), PRIMARY KEY (region, id))",
                "INSERT INTO app.orders VALUES ('north', 2, 20.50, 'b')");
    }

    /** A first run of three rows in chunks of two, then a delta of three changes, each in two parts of two rows at most, with presence. */
    private CtsyncRun exportTwoCycles(CtsyncRun ctsync) throws Exception {
        ctsync.set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"))
                .set("ctsync.tables", "app.orders")
                .set("ctsync.table.app.orders.constant.region", "north")
                .set("ctsync.export.max-rows-per-file", "2");
        target.properties("target").forEach(ctsync::set);
        ctsync.enableTracking();
        ctsync.once();
        source.execute("INSERT INTO app.orders VALUES (4, 40.00, 'new')", "UPDATE app.orders SET note = 'changed' WHERE id = 2",
                "DELETE FROM app.orders WHERE id = 3");
        ctsync.once();
        return ctsync;
    }

    @Test
    void everyManifestOfTheFileGatewayMatchesTheSchema() throws Exception {
        Path gateway = dir.resolve("gateway");
        exportTwoCycles(new CtsyncRun(dir, source.properties("source")).set("ctsync.gateway.dir", gateway.toString()));

        List<ContentName> published = Contents.published(gateway);
        assertThat(published).extracting(ContentName::sequence).containsExactly(1L, 2L, 3L, 4L);
        List<String> shapes = new ArrayList<>();
        for (ContentName name : published) {
            JsonNode manifest = manifestOf(gateway.resolve(name.fileName()));
            assertThat(ContentSchemas.manifestProblems(manifest)).as(name.fileName()).isEmpty();
            for (JsonNode table : manifest.get("tables")) {
                shapes.add(manifest.get("sequence") + ":" + manifest.get("part") + "/" + manifest.get("parts") + ":" + table.get("mode").asText()
                        + ":from=" + table.get("fromVersion") + ":key=" + table.get("key") + ":entries=" + table.get("entries").size()
                        + (table.has("to") ? ":range=" + table.get("from") + ".." + table.get("to") : ""));
            }
        }
        assertThat(shapes).as("the documents validated hold every shape the schema allows").hasSize(4);
        // the first run is a backfill: chunks of at most max-rows-per-file rows, each a content of its own, with presence,
        // both sent by the first cycle (several chunks per cycle), so both carry its window's start: none
        assertThat(shapes.subList(0, 2)).containsExactly(
                "1:1/1:range:from=null:key=[\"id\",\"region\"]:entries=3:range=null..{\"id\":2}",
                "2:1/1:range:from=null:key=[\"id\",\"region\"]:entries=3:range={\"id\":2}..null");
        assertThat(shapes.subList(2, 4)).satisfiesExactly(
                shape -> assertThat(shape).matches("3:1/2:delta:from=\\d+:key=\\[\"id\",\"region\"\\]:entries=5"),
                shape -> assertThat(shape).matches("4:2/2:delta:from=\\d+:key=\\[\"id\",\"region\"\\]:entries=5"));
    }

    @Test
    void everyResultAndManifestOfTheBlobGatewayMatchesTheSchema() throws Exception {
        String containerName = Azurite.newContainerName();
        BlobContainerClient container = Azurite.container(containerName);
        try {
            exportTwoCycles(new CtsyncRun(dir, source.properties("source"))
                    .set("ctsync.gateway.type", "azure-blob")
                    .set("ctsync.gateway.dir", dir.resolve("local").toString())
                    .set("ctsync.gateway.azure.connection-string", Azurite.connectionString())
                    .set("ctsync.gateway.azure.container", containerName)
                    .set("ctsync.gateway.azure.prefix", "exports/eu"));

            List<String> results = container.listBlobs().stream().map(BlobItem::getName).filter(n -> n.endsWith(".result.json")).sorted().toList();
            assertThat(results).hasSize(4);
            for (String result : results) {
                JsonNode document = JSON.readTree(container.getBlobClient(result).downloadContent().toBytes());
                assertThat(ContentSchemas.resultProblems(document)).as(result).isEmpty();
                Path zip = dir.resolve(result.replace('/', '_') + ".zip");
                Files.write(zip, container.getBlobClient(document.get("zipBlob").asText()).downloadContent().toBytes());
                assertThat(ContentSchemas.manifestProblems(manifestOf(zip))).as(document.get("zipBlob").asText()).isEmpty();
            }
        } finally {
            container.deleteIfExists();
        }
    }

    /** An expiry on a whole minute still carries its seconds (Java's own OffsetDateTime text would drop them). */
    @Test
    void aLinkExpiringOnAWholeMinuteIsStillWrittenWithSeconds() throws Exception {
        BlobContainerClient container = Azurite.container(Azurite.newContainerName());
        container.create();
        try {
            Clock midnight = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            AzureBlobGateway gateway = new AzureBlobGateway(container, "", Duration.ofDays(1), SasSigner.accountKey(), dir.resolve("local"), midnight);
            ContentName name = new ContentName("shop", "erp", "dwh", 1);
            Manifest manifest = new Manifest(Manifest.FORMAT, "shop", "erp", "dwh", 1, "2026-01-01T00:00:00Z", 1, 1, List.of());
            gateway.publish(name, Files.writeString(dir.resolve(name.fileName()), "staged"), manifest);

            JsonNode result = JSON.readTree(container.getBlobClient("shop_erp_dwh_0000000001.result.json").downloadContent().toBytes());
            assertThat(result.get("sasExpires").asText()).isEqualTo("2026-01-02T00:00:00Z");
            assertThat(ContentSchemas.resultProblems(result)).isEmpty();
        } finally {
            container.deleteIfExists();
        }
    }

    @Test
    void theManifestSchemaRefusesMissingFieldsWrongTypesAndUnknownValues() throws Exception {
        JsonNode valid = realManifest();
        assertThat(problems(valid, m -> { })).isEmpty();

        assertThat(problems(valid, m -> m.remove("sequence"))).singleElement().asString().contains("sequence");
        assertThat(problems(valid, m -> m.put("parts", "1"))).singleElement().asString().contains("parts").contains("string");
        assertThat(problems(valid, m -> m.put("format", "ctsync/2"))).singleElement().asString().contains("format");
        assertThat(problems(valid, m -> m.put("createdAt", "2026-02-28 11:45:10"))).isNotEmpty();
        assertThat(problems(valid, m -> m.put("application", "shop_eu"))).singleElement().asString().contains("application");
        assertThat(problems(valid, m -> m.put("sequence", 0))).singleElement().asString().contains("sequence");
        assertThat(problems(valid, m -> m.put("unknown", true))).singleElement().asString().contains("unknown");
        assertThat(problems(valid, m -> table(m).put("mode", "partial"))).singleElement().asString().contains("mode");
        assertThat(problems(valid, m -> table(m).remove("fromVersion"))).singleElement().asString().contains("fromVersion");
        assertThat(problems(valid, m -> table(m).putArray("key"))).singleElement().asString().contains("key");
        assertThat(problems(valid, m -> ((ObjectNode) table(m).get("counts")).put("missing", -1))).singleElement().asString().contains("missing");
        assertThat(problems(valid, m -> entry(m).put("sha256", "ABC"))).singleElement().asString().contains("sha256");
        assertThat(problems(valid, m -> entry(m).put("name", "app.orders/other.json"))).singleElement().asString().contains("name");
        assertThat(problems(valid, m -> entry(m).remove("rows"))).singleElement().asString().contains("rows");

        assertThat(problems(valid, m -> m.putObject("request").put("id", "7").put("author", "ann").put("reference", "T-1").put("purpose", "audit")))
                .as("an on-demand export's request").isEmpty();
        assertThat(problems(valid, m -> m.putObject("request").put("id", "7").put("author", "ann").put("reference", "T-1")))
                .singleElement().asString().contains("purpose");
    }

    @Test
    void theResultSchemaRefusesMissingFieldsAndAnExpiryWithoutSeconds() throws Exception {
        ObjectNode valid = (ObjectNode) JSON.readTree("""
                {"format":"ctsync/1","application":"shop","source":"erp","destination":"dwh","sequence":1,"part":1,"parts":1,
                 "createdAt":"2026-01-01T00:00:00.123Z","zipBlob":"eu/shop_erp_dwh_0000000001.zip","zipSize":10,
                 "zipSha256":"5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                 "counts":{"inserted":3,"updated":0,"deleted":0,"existing":0,"missing":0},
                 "tables":[{"table":"app.orders","mode":"full","fromVersion":null,"toVersion":7,
                            "counts":{"inserted":3,"updated":0,"deleted":0,"existing":0,"missing":0}}],
                 "zipSasUri":"http://127.0.0.1:10000/devstoreaccount1/c/eu/shop_erp_dwh_0000000001.zip?sp=r&sig=x",
                 "sasExpires":"2026-01-02T00:00:00Z"}""");
        assertThat(ContentSchemas.resultProblems(valid)).isEmpty();

        ObjectNode noSha = valid.deepCopy();
        noSha.remove("zipSha256");
        assertThat(ContentSchemas.resultProblems(noSha)).singleElement().asString().contains("zipSha256");
        assertThat(ContentSchemas.resultProblems(valid.deepCopy().put("sasExpires", "2026-01-02T00:00Z")))
                .isNotEmpty().allSatisfy(problem -> assertThat(problem.toString()).contains("sasExpires"));
        assertThat(ContentSchemas.resultProblems(valid.deepCopy().put("zipSize", "10"))).singleElement().asString().contains("zipSize");
    }

    /** The test helpers refuse a content whose manifest ctsync's lenient reader would still take. */
    @Test
    void aContentWithABrokenManifestFailsTheTestHelpers() throws Exception {
        Path gateway = dir.resolve("gateway");
        exportTwoCycles(new CtsyncRun(dir, source.properties("source")).set("ctsync.gateway.dir", gateway.toString()));
        Path original = gateway.resolve("shop_erp_dwh_0000000001.zip");
        ObjectNode manifest = (ObjectNode) manifestOf(original);
        manifest.put("sequence", "1");
        Path broken = withManifest(original, manifest, dir.resolve("broken.zip"));

        try (ContentReader reader = ContentReader.open(broken)) {
            reader.verify();
            assertThat(reader.manifest().sequence()).as("the reader coerces the text to a number").isEqualTo(1);
        }
        assertThatThrownBy(() -> Contents.read(broken)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("broken.zip/manifest.json does not match docs/schema").hasMessageContaining("sequence");
    }

    private JsonNode realManifest() throws Exception {
        Path gateway = dir.resolve("gateway");
        exportTwoCycles(new CtsyncRun(dir, source.properties("source")).set("ctsync.gateway.dir", gateway.toString()));
        return manifestOf(gateway.resolve("shop_erp_dwh_0000000002.zip"));
    }

    private static List<String> problems(JsonNode valid, Consumer<ObjectNode> breakIt) {
        ObjectNode copy = valid.deepCopy();
        breakIt.accept(copy);
        return ContentSchemas.manifestProblems(copy).stream().map(Object::toString).toList();
    }

    private static ObjectNode table(ObjectNode manifest) {
        return (ObjectNode) manifest.get("tables").get(0);
    }

    private static ObjectNode entry(ObjectNode manifest) {
        return (ObjectNode) table(manifest).get("entries").get(0);
    }

    private static JsonNode manifestOf(Path zip) throws Exception {
        try (ZipFile file = new ZipFile(zip.toFile()); InputStream in = file.getInputStream(file.getEntry(Manifest.ENTRY))) {
            return JSON.readTree(in);
        }
    }

    /** A copy of a content with another manifest.json, every other entry as it was. */
    private static Path withManifest(Path original, JsonNode manifest, Path copy) throws Exception {
        try (ZipFile in = new ZipFile(original.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(Manifest.ENTRY)) {
                    out.write(JSON.writeValueAsBytes(manifest));
                } else {
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return copy;
    }
}
