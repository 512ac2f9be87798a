package io.ctsync.gateway;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ctsync.failure.Failures;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Contents in an Azure Blob Storage container: {@code <prefix>/<name>.zip}, then
 * {@code <prefix>/<name>.result.json} written last and only once (If-None-Match: *). A content is
 * complete exactly when its result exists, so a crash between the two uploads leaves a zip that the
 * next cycle overwrites with the same staged bytes. Contents are staged and fetched as local files
 * under the gateway directory.
 */
public final class AzureBlobGateway implements Gateway {

    private static final String ZIP = ".zip";
    private static final String RESULT = ".result.json";
    private static final String STAGING = ".staging";
    private static final String FETCHED = ".fetched";
    /**
     * Above one block the zip goes up as a block list: each 8 MiB block is read from the staged
     * file and retried on its own, so neither a large content nor a retry is held in memory whole.
     */
    private static final ParallelTransferOptions TRANSFER = new ParallelTransferOptions()
            .setBlockSizeLong(8L * 1024 * 1024)
            .setMaxSingleUploadSizeLong(8L * 1024 * 1024)
            .setMaxConcurrency(2);
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final BlobContainerClient container;
    private final String prefix;
    private final Duration sasExpiry;
    private final SasSigner signer;
    private final Path localDirectory;
    private final Clock clock;

    AzureBlobGateway(BlobContainerClient container, String prefix, Duration sasExpiry, SasSigner signer,
                     Path localDirectory, Clock clock) {
        this.container = container;
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
        this.sasExpiry = sasExpiry;
        this.signer = signer;
        this.localDirectory = localDirectory.toAbsolutePath().normalize();
        this.clock = clock;
    }

    @Override
    public Path workDirectory() throws IOException {
        return Files.createDirectories(localDirectory.resolve(STAGING));
    }

    @Override
    public boolean isPublished(ContentName name) throws IOException {
        BlobClient result = resultBlob(name);
        return azure("checking " + result.getBlobName(), result::exists);
    }

    @Override
    public void publish(ContentName name, Path staged, Manifest manifest) throws IOException {
        if (isPublished(name)) {
            throw new IOException(resultBlob(name).getBlobName() + " already exists; refusing to replace a published content");
        }
        BlobClient zip = zipBlob(name);
        // overwriting is deliberate: a zip without its result is the leftover of an interrupted publish
        azure("uploading " + zip.getBlobName(), () -> zip.uploadFromFileWithResponse(
                new BlobUploadFromFileOptions(staged.toString())
                        .setParallelTransferOptions(TRANSFER)
                        .setHeaders(new BlobHttpHeaders().setContentType("application/zip")),
                null, Context.NONE));

        OffsetDateTime expires = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).plus(sasExpiry).truncatedTo(ChronoUnit.SECONDS);
        String sasUri = zip.getBlobUrl() + "?" + readOnlySas(zip, expires);
        ResultDocument result = ResultDocument.of(manifest, zip.getBlobName(), Files.size(staged), sha256(staged), sasUri, expires);
        writeResultOnce(name, result);
        Files.delete(staged);
    }

    private String readOnlySas(BlobClient zip, OffsetDateTime expires) throws IOException {
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(expires, new BlobSasPermission().setReadPermission(true))
                .setProtocol(zip.getBlobUrl().startsWith("https:") ? SasProtocol.HTTPS_ONLY : SasProtocol.HTTPS_HTTP);
        return azure("signing a read-only link to " + zip.getBlobName(), () -> signer.sign(zip, values));
    }

    /**
     * If-None-Match: * makes the write fail when the result exists. That is also what a retry sees
     * when its first try landed but the response was lost: a result holding exactly our bytes is
     * ours, anything else was written by someone else and is left alone.
     */
    private void writeResultOnce(ContentName name, ResultDocument result) throws IOException {
        BlobClient blob = resultBlob(name);
        byte[] json = JSON.writeValueAsBytes(result);
        BlobParallelUploadOptions upload = new BlobParallelUploadOptions(BinaryData.fromBytes(json))
                .setHeaders(new BlobHttpHeaders().setContentType("application/json"))
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
        try {
            blob.uploadWithResponse(upload, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode()) && e.getStatusCode() != 412) {
                throw failure("writing " + blob.getBlobName(), e);
            }
            byte[] existing = azure("reading " + blob.getBlobName(), () -> blob.downloadContent().toBytes());
            if (!Arrays.equals(existing, json)) {
                throw new IOException(blob.getBlobName() + " was written by someone else meanwhile; this content is not ours to complete", e);
            }
        } catch (RuntimeException e) {
            throw failure("writing " + blob.getBlobName(), e);
        }
    }

    @Override
    public List<ContentName> list(String application, String source, String destination) throws IOException {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix + application + "_" + source + "_" + destination + "_");
        List<String> blobNames = azure("listing " + describe(), () -> container.listBlobs(options, null).stream().map(BlobItem::getName).toList());
        return blobNames.stream()
                .filter(blobName -> blobName.endsWith(RESULT))
                .map(blobName -> ContentName.parse(blobName.substring(prefix.length(), blobName.length() - RESULT.length()) + ZIP))
                .flatMap(Optional::stream)
                .filter(n -> n.samePipeline(application, source, destination))
                .sorted(Comparator.comparingLong(ContentName::sequence))
                .toList();
    }

    /**
     * Downloads the zip into {@code .fetched/<name>.zip} (replacing an earlier copy of the same
     * content), checking it against the sha256 its result records so that a zip replaced after its
     * result was written is never handed on as that content.
     */
    @Override
    public Path fetch(ContentName name) throws IOException {
        BlobClient resultBlob = resultBlob(name);
        byte[] resultJson = azure("reading " + resultBlob.getBlobName(), () -> resultBlob.downloadContent().toBytes());
        ResultDocument result = JSON.readValue(resultJson, ResultDocument.class);

        Path directory = Files.createDirectories(localDirectory.resolve(FETCHED));
        Path partial = directory.resolve(name.fileName() + ".part");
        MessageDigest sha256 = newSha256();
        BlobClient zip = zipBlob(name);
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
            azure("downloading " + zip.getBlobName(), () -> zip.downloadStreamWithResponse(out, null, null, null, false, null, Context.NONE));
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(result.zipSha256())) {
            Files.delete(partial);
            throw new IOException(zip.getBlobName() + " has sha256 " + actual + " but " + resultBlob.getBlobName() + " says " + result.zipSha256());
        }
        return Files.move(partial, directory.resolve(name.fileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String describe() {
        return "azure blob gateway " + container.getBlobContainerUrl() + "/" + prefix;
    }

    private BlobClient zipBlob(ContentName name) {
        return container.getBlobClient(prefix + name.fileName());
    }

    private BlobClient resultBlob(ContentName name) {
        String fileName = name.fileName();
        return container.getBlobClient(prefix + fileName.substring(0, fileName.length() - ZIP.length()) + RESULT);
    }

    /** Runs one SDK call; its failures (already retried by the client's retry policy) become the gateway's IOException. */
    private <T> T azure(String action, Supplier<T> call) throws IOException {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw failure(action, e);
        }
    }

    private IOException failure(String action, RuntimeException e) {
        String reason = e instanceof BlobStorageException storage
                ? "HTTP " + storage.getStatusCode() + " " + storage.getErrorCode()
                : rootCause(e).toString();
        return Failures.at(new IOException(action + " failed: " + reason, e), "container " + container.getBlobContainerUrl(),
                "ctsync.gateway.azure.connection-string");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha256 = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
