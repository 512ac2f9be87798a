package io.ctsync.gateway;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.config.AzureBlobConfig;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Azurite;
import io.ctsync.testing.ContentSchemas;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.FlakyProxy;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Blob gateway end to end, through the real command line, against a real Azurite. */
@Tag("services")
class AzureBlobGatewayTest {

    private static final ContentName FIRST = new ContentName("shop", "erp", "dwh", 1);

    @TempDir
    Path dir;
    private TestDatabase source;
    private String containerName;
    private BlobContainerClient container;

    @BeforeEach
    void createSource() throws Exception {
        containerName = Azurite.newContainerName();
        container = Azurite.container(containerName);
        source = TestDatabase.h2();
        source.execute("CREATE SCHEMA app",
                "CREATE TABLE app.orders (id INT PRIMARY KEY, amount NUMERIC(12, 2), note VARCHAR(100))",
                "INSERT INTO app.orders VALUES (1, 10.00, 'a'), (2, 20.50, 'b'), (3, 5.25, NULL)");
    }

    @AfterEach
    void dropAll() throws Exception {
        container.deleteIfExists();
        source.close();
    }

    private CtsyncRun ctsync(String connectionString) throws Exception {
        CtsyncRun run = new CtsyncRun(dir, source.properties("source"));
        run.set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"))
                .set("ctsync.tables", "app.orders")
                .set("ctsync.gateway.type", "azure-blob")
                .set("ctsync.gateway.dir", dir.resolve("local").toString())
                .set("ctsync.gateway.azure.connection-string", connectionString)
                .set("ctsync.gateway.azure.container", containerName);
        run.enableTracking();
        return run;
    }

    private CtsyncRun ctsync() throws Exception {
        return ctsync(Azurite.connectionString());
    }

    /** An importer of its own, sharing nothing with the exporter but the container, reproduces the source in its target. */
    @Test
    void anImportFromTheBlobGatewayReproducesTheSource() throws Exception {
        CtsyncRun exporter = ctsync();
        try (TestDatabase target = TestDatabase.h2()) {
            target.execute("CREATE SCHEMA app", "CREATE TABLE app.orders (id INT PRIMARY KEY, amount NUMERIC(12, 2), note VARCHAR(100))");
            Path importerDir = Files.createDirectories(dir.resolve("importer"));
            CtsyncRun importer = new CtsyncRun(importerDir, target.properties("target"))
                    .set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                    .set("ctsync.state.url", "jdbc:h2:file:" + importerDir.resolve("state"))
                    .set("ctsync.tables", "app.orders")
                    .set("ctsync.export.enabled", "false").set("ctsync.import.enabled", "true")
                    .set("ctsync.gateway.type", "azure-blob")
                    .set("ctsync.gateway.dir", importerDir.resolve("local").toString())
                    .set("ctsync.gateway.azure.connection-string", Azurite.connectionString())
                    .set("ctsync.gateway.azure.container", containerName);
            String rows = "SELECT id, amount, note FROM app.orders ORDER BY id";

            exporter.once();
            importer.once();
            assertThat(target.query(rows)).isEqualTo(source.query(rows));

            source.execute("INSERT INTO app.orders VALUES (4, 40.00, 'new')", "UPDATE app.orders SET note = 'changed' WHERE id = 2",
                    "DELETE FROM app.orders WHERE id = 3");
            exporter.once();
            importer.once();
            assertThat(target.query(rows)).hasSize(3).isEqualTo(source.query(rows));
            assertThat(target.query("SELECT sequence, status FROM ctsync_import_log ORDER BY sequence").toString())
                    .isEqualTo("[[1, ok], [2, ok]]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exports/eu"})
    void eachCycleUploadsItsZipThenItsResultWithCountsSequenceAndVersions(String prefix) throws Exception {
        CtsyncRun ctsync = ctsync().set("ctsync.gateway.azure.prefix", prefix);
        String folder = prefix.isEmpty() ? "" : prefix + "/";

        ctsync.once();
        assertThat(blobNames()).containsExactly(folder + "shop_erp_dwh_0000000001.result.json", folder + "shop_erp_dwh_0000000001.zip");
        Contents.Content first = download(folder + "shop_erp_dwh_0000000001.zip");
        Manifest.Table orders = first.table("app.orders");
        assertThat(orders.counts()).isEqualTo(new Manifest.Counts(3, 0, 0, 0, 0));
        JsonNode result = json(folder + "shop_erp_dwh_0000000001.result.json");
        assertThat(result.get("sequence").asLong()).isEqualTo(1);
        assertThat(result.get("application").asText() + "/" + result.get("source").asText() + "/" + result.get("destination").asText())
                .isEqualTo("shop/erp/dwh");
        assertThat(result.get("zipBlob").asText()).isEqualTo(folder + "shop_erp_dwh_0000000001.zip");
        assertThat(result.get("zipSize").asLong()).isEqualTo(Files.size(first.file()));
        assertThat(result.get("zipSha256").asText()).isEqualTo(sha256(Files.readAllBytes(first.file())));
        assertThat(result.get("counts").toString()).isEqualTo("{\"inserted\":3,\"updated\":0,\"deleted\":0,\"existing\":0,\"missing\":0}");
        JsonNode table = result.get("tables").get(0);
        assertThat(table.get("table").asText()).isEqualTo("app.orders");
        // the first run is a backfill: the table of three rows is one chunk
        assertThat(table.get("mode").asText()).isEqualTo("range");
        assertThat(table.get("fromVersion").isNull()).isTrue();
        assertThat(table.get("toVersion").asLong()).isEqualTo(orders.toVersion());
        assertThat(dir.resolve("local/.staging")).as("a published content leaves no staged copy behind").isEmptyDirectory();

        source.execute("INSERT INTO app.orders VALUES (4, 40.00, 'new')", "UPDATE app.orders SET note = 'changed' WHERE id = 2",
                "DELETE FROM app.orders WHERE id = 3");
        ctsync.once();
        assertThat(blobNames()).hasSize(4).contains(folder + "shop_erp_dwh_0000000002.zip", folder + "shop_erp_dwh_0000000002.result.json");
        JsonNode second = json(folder + "shop_erp_dwh_0000000002.result.json");
        assertThat(second.get("sequence").asLong()).isEqualTo(2);
        assertThat(second.get("counts").toString()).isEqualTo("{\"inserted\":1,\"updated\":1,\"deleted\":1,\"existing\":0,\"missing\":0}");
        assertThat(second.get("tables").get(0).get("mode").asText()).isEqualTo("delta");
        assertThat(second.get("tables").get(0).get("fromVersion").asLong()).isEqualTo(orders.toVersion());
        assertThat(download(folder + "shop_erp_dwh_0000000002.zip").rows("app.orders", "deleted.json"))
                .extracting(JsonNode::toString).containsExactly("{\"id\":3}");
    }

    @Test
    void listAndFetchGiveTheCompleteContentsOfOnePipelineInSequenceOrder() throws Exception {
        source.execute("INSERT INTO app.orders VALUES (4, 1, 'd'), (5, 1, 'e')");
        ctsync().set("ctsync.export.max-rows-per-file", "2").once();
        // another pipeline's content, and a zip whose result was never written: neither is listed
        container.getBlobClient("shop_erp_other_0000000001.result.json").upload(BinaryData.fromString("{}"));
        container.getBlobClient("shop_erp_dwh_0000000004.zip").upload(BinaryData.fromString("half"));

        Gateway gateway = connect();
        assertThat(gateway.list("shop", "erp", "dwh")).extracting(ContentName::sequence).containsExactly(1L, 2L, 3L);
        long rows = 0;
        for (ContentName name : gateway.list("shop", "erp", "dwh")) {
            Path fetched = gateway.fetch(name);
            assertThat(fetched).hasBinaryContent(container.getBlobClient(name.fileName()).downloadContent().toBytes());
            Manifest manifest = Contents.read(fetched).manifest();
            assertThat(manifest.sequence()).isEqualTo(name.sequence());
            rows += manifest.tables().get(0).counts().inserted();
        }
        assertThat(rows).isEqualTo(5);
    }

    @Test
    void theSasLinkOnlyReadsItsOwnZip() throws Exception {
        ctsync().once();
        URI sas = URI.create(json("shop_erp_dwh_0000000001.result.json").get("zipSasUri").asText());

        HttpResponse<byte[]> get = send(HttpRequest.newBuilder(sas).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(container.getBlobClient(FIRST.fileName()).downloadContent().toBytes());

        HttpResponse<String> put = send(HttpRequest.newBuilder(sas).header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofString("replaced")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
        HttpResponse<String> delete = send(HttpRequest.newBuilder(sas).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(403);
        URI otherBlob = URI.create(sas.toString().replace(".zip?", ".result.json?"));
        assertThat(send(HttpRequest.newBuilder(otherBlob).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("the link is signed for the zip alone").isEqualTo(403);
        assertThat(container.getBlobClient(FIRST.fileName()).downloadContent().toBytes()).isEqualTo(get.body());
    }

    /**
     * The expiry is the gateway's clock plus ctsync.gateway.azure.sas-expiry. The clocks are set an
     * hour before and after the real time, so that Azurite's verdict never races its own clock.
     */
    @Test
    void theSasLinkExpiresAtTheGatewaysClockPlusTheSasExpiry() throws Exception {
        Path files = dir.resolve("files");
        CtsyncRun exporter = ctsync().set("ctsync.gateway.type", "file").set("ctsync.gateway.dir", files.toString());
        exporter.once();
        source.execute("INSERT INTO app.orders VALUES (4, 40.00, 'd')");
        exporter.once();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant anHourAgo = now.minus(Duration.ofHours(1));
        Instant inAnHour = now.plus(Duration.ofHours(1));

        JsonNode expired = publishAt(anHourAgo, files, 1);
        JsonNode valid = publishAt(inAnHour, files, 2);

        assertThat(OffsetDateTime.parse(expired.get("sasExpires").asText()).toInstant()).isEqualTo(anHourAgo.plusSeconds(5));
        assertThat(OffsetDateTime.parse(valid.get("sasExpires").asText()).toInstant()).isEqualTo(inAnHour.plusSeconds(5));
        assertThat(expired.get("zipSasUri").asText()).contains("se=" + anHourAgo.plusSeconds(5).toString().replace(":", "%3A"));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(expired.get("zipSasUri").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        HttpResponse<byte[]> read = send(HttpRequest.newBuilder(URI.create(valid.get("zipSasUri").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(read.statusCode()).as("before it expires").isEqualTo(200);
        assertThat(read.body()).isEqualTo(Files.readAllBytes(files.resolve("shop_erp_dwh_0000000002.zip")));
    }

    /** Publishes a content the file gateway holds through a Blob gateway whose clock stands at {@code clock}; its result.json. */
    private JsonNode publishAt(Instant clock, Path files, long sequence) throws Exception {
        Map<String, String> keys = Map.of("ctsync.gateway.azure.connection-string", Azurite.connectionString(),
                "ctsync.gateway.azure.container", containerName, "ctsync.gateway.azure.sas-expiry", "PT5S");
        AzureBlobGateway gateway = AzureBlobConnector.connect(new CtsyncConfig.Gateway("azure-blob", dir.resolve("writer"),
                AzureBlobConfig.read(Settings.of(keys))), Clock.fixed(clock, ZoneOffset.UTC));
        ContentName name = new ContentName("shop", "erp", "dwh", sequence);
        Path staged = Files.copy(files.resolve(name.fileName()), Files.createDirectories(dir.resolve("staged")).resolve(name.fileName()));
        gateway.publish(name, staged, Contents.read(staged).manifest());
        return json(name.fileName().replace(".zip", ".result.json"));
    }

    @Test
    void anUploadCutMidWayIsRetriedWithinTheSameCycle() throws Exception {
        insertBulkyRows();
        try (FlakyProxy proxy = new FlakyProxy(Azurite.HOST, Azurite.PORT)) {
            CtsyncRun ctsync = ctsync(Azurite.connectionString(proxy.port())).set("ctsync.gateway.azure.retry-delay", "PT0.1S");
            proxy.failConnections(1, 64 * 1024);
            ctsync.once();
            assertThat(proxy.resets()).isEqualTo(1);
        }
        assertThat(blobNames()).containsExactly("shop_erp_dwh_0000000001.result.json", "shop_erp_dwh_0000000001.zip");
        assertThat(download(FIRST.fileName()).table("app.orders").counts().inserted()).isEqualTo(3003);
    }

    @Test
    void anUploadThatKeepsFailingFailsTheCycleWithoutUsingItsSequenceAndTheNextCycleCompletesIt() throws Exception {
        insertBulkyRows();
        try (FlakyProxy proxy = new FlakyProxy(Azurite.HOST, Azurite.PORT)) {
            CtsyncRun ctsync = ctsync(Azurite.connectionString(proxy.port()))
                    .set("ctsync.gateway.azure.max-tries", "3").set("ctsync.gateway.azure.retry-delay", "PT0.1S");
            proxy.failEveryConnection(64 * 1024);
            CtsyncRun.Result failed = ctsync.run("--once");
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.stderr()).contains("uploading shop_erp_dwh_0000000001.zip failed").doesNotContain(Azurite.KEY);
            assertThat(proxy.resets()).as("every try was cut").isEqualTo(3);
            assertThat(blobNames()).as("no result.json: the content is not published").doesNotContain("shop_erp_dwh_0000000001.result.json");
            byte[] staged = Files.readAllBytes(dir.resolve("local/.staging").resolve(FIRST.fileName()));

            source.execute("INSERT INTO app.orders VALUES (9001, 1, 'after the failed cycle')");
            proxy.heal();
            ctsync.once();
            assertThat(blobNames()).containsExactly("shop_erp_dwh_0000000001.result.json", "shop_erp_dwh_0000000001.zip");
            assertThat(container.getBlobClient(FIRST.fileName()).downloadContent().toBytes())
                    .as("the staged content is published as it was").isEqualTo(staged);

            ctsync.once();
            Contents.Content second = download("shop_erp_dwh_0000000002.zip");
            assertThat(second.rows("app.orders", "inserted.json")).extracting(row -> row.get("id").asInt()).containsExactly(9001);
        }
    }

    @Test
    void aRefusedKeyStopsStartUpWithOneLineThatNeverShowsTheKey() throws Exception {
        String wrongKey = "d3JvbmcgYnV0IHdlbGwgZm9ybWVkIGtleSBmb3IgYSB0ZXN0IG9mIHJlZnVzYWw=";
        CtsyncRun ctsync = ctsync(Azurite.connectionString().replace(Azurite.KEY, wrongKey))
                .set("ctsync.gateway.azure.max-tries", "1");
        CtsyncRun.Result refused = ctsync.run("--once");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("ctsync.gateway.azure.connection-string: was refused by the storage account (HTTP 403")
                .doesNotContain(wrongKey);

        CtsyncRun.Result both = ctsync.set("ctsync.gateway.azure.account", "someaccount").run("--once");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderr()).contains("ctsync.gateway.azure.connection-string: and ctsync.gateway.azure.account are both set")
                .doesNotContain(wrongKey);
    }

    /** 3,000 rows of random text: a zip of a few hundred KiB, well past the proxy's cut. */
    private void insertBulkyRows() throws Exception {
        source.execute("INSERT INTO app.orders SELECT n + 3, n, CAST(RANDOM_UUID() AS VARCHAR) || CAST(RANDOM_UUID() AS VARCHAR) FROM SYSTEM_RANGE(1, 3000) AS r(n)");
    }

    /** The gateway as a reader (the importer) builds it, with a local directory of its own. */
    private AzureBlobGateway connect() {
        Map<String, String> keys = Map.of("ctsync.gateway.azure.connection-string", Azurite.connectionString(),
                "ctsync.gateway.azure.container", containerName);
        return AzureBlobConnector.connect(new CtsyncConfig.Gateway("azure-blob", dir.resolve("reader"), AzureBlobConfig.read(Settings.of(keys))));
    }

    private List<String> blobNames() {
        return container.listBlobs().stream().map(BlobItem::getName).sorted().toList();
    }

    /** A result.json, checked against docs/schema before the test reads it. */
    private JsonNode json(String blob) throws Exception {
        byte[] result = container.getBlobClient(blob).downloadContent().toBytes();
        ContentSchemas.checkResult(blob, result);
        return AzureBlobGateway.JSON.readTree(result);
    }

    /** Downloads a zip with the SDK and verifies it (sha256 and row count of every entry). */
    private Contents.Content download(String blob) throws Exception {
        Path file = Files.createDirectories(dir.resolve("downloaded")).resolve(blob.replace('/', '_'));
        Files.write(file, container.getBlobClient(blob).downloadContent().toBytes());
        return Contents.read(file);
    }

    /**
     * A plain HTTP request on a connection of its own: Azurite (Node) closes idle keep-alive
     * connections after five seconds, and on a loaded machine a shared client reused a closed one.
     */
    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws Exception {
        return HttpClient.newHttpClient().send(request, body);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
