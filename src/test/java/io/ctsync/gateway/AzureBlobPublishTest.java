package io.ctsync.gateway;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Azurite;
import io.ctsync.testing.ContentSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What publish leaves in the container when things go wrong, one gateway call at a time, against Azurite. */
@Tag("services")
class AzureBlobPublishTest {

    private static final ContentName FIRST = new ContentName("shop", "erp", "dwh", 1);
    private static final Manifest MANIFEST = new Manifest(Manifest.FORMAT, "shop", "erp", "dwh", 1, "2025-01-01T00:00:00Z", 1, 1, List.of());

    @TempDir
    Path dir;
    private BlobContainerClient container;

    @BeforeEach
    void createContainer() {
        container = Azurite.container(Azurite.newContainerName());
        container.create();
    }

    @AfterEach
    void deleteContainer() {
        container.deleteIfExists();
    }

    private AzureBlobGateway gateway(BlobContainerClient client) {
        return new AzureBlobGateway(client, "", Duration.ofDays(1), SasSigner.accountKey(), dir.resolve("local"), Clock.systemUTC());
    }

    private Path staged(String text) throws Exception {
        return Files.writeString(dir.resolve(FIRST.fileName()), text);
    }

    @Test
    void aZipWithoutItsResultIsNotPublishedAndTheNextPublishReplacesIt() throws Exception {
        container.getBlobClient(FIRST.fileName()).upload(BinaryData.fromString("left by an interrupted publish"));
        AzureBlobGateway gateway = gateway(container);
        assertThat(gateway.isPublished(FIRST)).isFalse();
        assertThat(gateway.list("shop", "erp", "dwh")).isEmpty();

        gateway.publish(FIRST, staged("the staged bytes"), MANIFEST);
        assertThat(gateway.isPublished(FIRST)).isTrue();
        checkResult();
        assertThat(container.getBlobClient(FIRST.fileName()).downloadContent().toString()).isEqualTo("the staged bytes");

        assertThatThrownBy(() -> gateway.publish(FIRST, staged("other bytes"), MANIFEST))
                .hasMessageContaining("shop_erp_dwh_0000000001.result.json already exists");
        assertThat(container.getBlobClient(FIRST.fileName()).downloadContent().toString()).isEqualTo("the staged bytes");
    }

    @Test
    void theResultIsWrittenOnlyOnceEvenWhenAnotherWriterGetsThereFirst() throws Exception {
        // between our isPublished check and our write, someone else writes the result
        BlobContainerClient racing = beforeResultWrite(body -> BinaryData.fromString("theirs"));

        assertThatThrownBy(() -> gateway(racing).publish(FIRST, staged("ours"), MANIFEST))
                .hasMessageContaining("was written by someone else meanwhile");
        assertThat(container.getBlobClient("shop_erp_dwh_0000000001.result.json").downloadContent().toString()).isEqualTo("theirs");
    }

    @Test
    void aResultThatLandedBeforeItsResponseWasLostCountsAsWritten() throws Exception {
        // what a retry meets when its first try was stored but the answer never came back
        BlobContainerClient retrying = beforeResultWrite(body -> body);

        AzureBlobGateway gateway = gateway(retrying);
        gateway.publish(FIRST, staged("ours"), MANIFEST);
        assertThat(gateway.isPublished(FIRST)).isTrue();
        checkResult();
    }

    private void checkResult() throws Exception {
        String name = "shop_erp_dwh_0000000001.result.json";
        ContentSchemas.checkResult(name, container.getBlobClient(name).downloadContent().toBytes());
    }

    /** A client that, just before it writes a result, stores {@code earlier} (given our body) under that name. */
    private BlobContainerClient beforeResultWrite(UnaryOperator<BinaryData> earlier) {
        return new BlobServiceClientBuilder().connectionString(Azurite.connectionString())
                .addPolicy(new HttpPipelineSyncPolicy() {
                    @Override
                    protected void beforeSendingRequest(HttpPipelineCallContext context) {
                        HttpRequest request = context.getHttpRequest();
                        if (request.getHttpMethod() == HttpMethod.PUT && request.getUrl().getPath().endsWith(".result.json")) {
                            container.getBlobClient("shop_erp_dwh_0000000001.result.json")
                                    .upload(earlier.apply(request.getBodyAsBinaryData()), true);
                        }
                    }
                })
                .buildClient().getBlobContainerClient(container.getBlobContainerName());
    }

    @Test
    void aContentLargerThanOneBlockGoesUpAsABlockListAndFetchesBackIdentical() throws Exception {
        Path staged = dir.resolve(FIRST.fileName());
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(6);
        try (OutputStream out = Files.newOutputStream(staged)) {
            for (int i = 0; i < 20; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Path original = Files.copy(staged, dir.resolve("original.zip"));
        AzureBlobGateway gateway = gateway(container);

        gateway.publish(FIRST, staged, MANIFEST);
        assertThat(staged).as("the staged copy is gone once published").doesNotExist();
        checkResult();
        List<Block> blocks = container.getBlobClient(FIRST.fileName()).getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks();
        assertThat(blocks).extracting(Block::getSizeLong).containsExactly(8L << 20, 8L << 20, 4L << 20);
        assertThat(gateway.fetch(FIRST)).hasSameBinaryContentAs(original);
    }

    @Test
    void fetchRefusesAZipThatNoLongerMatchesItsResult() throws Exception {
        AzureBlobGateway gateway = gateway(container);
        gateway.publish(FIRST, staged("published"), MANIFEST);
        container.getBlobClient(FIRST.fileName()).upload(BinaryData.fromString("replaced afterwards"), true);

        assertThatThrownBy(() -> gateway.fetch(FIRST)).hasMessageContaining("shop_erp_dwh_0000000001.zip has sha256")
                .hasMessageContaining("but shop_erp_dwh_0000000001.result.json says");
        assertThat(dir.resolve("local/.fetched")).isEmptyDirectory();
    }
}
