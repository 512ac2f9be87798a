package io.ctsync.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The JSON Schemas of {@code docs/schema/} (see docs/format.md) applied to what the tests
 * produce: {@link Contents#read} checks the manifest of every content a test opens, and
 * {@link CtsyncRun} checks every manifest and result.json that a command-line run published.
 */
public final class ContentSchemas {

    private static final Path DIRECTORY = Path.of("docs", "schema").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema MANIFEST = load("manifest.schema.json");
    private static final JsonSchema RESULT = load("result.schema.json");
    private static final String RESULT_SUFFIX = ".result.json";

    private ContentSchemas() {
    }

    private static JsonSchema load(String file) {
        // loaded from its file URI, so that result.schema.json's references to manifest.schema.json resolve beside it
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(DIRECTORY.resolve(file).toUri().toString()), config);
    }

    /** What the manifest schema finds wrong with a document; empty when it is valid. */
    public static Set<ValidationMessage> manifestProblems(JsonNode manifest) {
        return MANIFEST.validate(manifest);
    }

    /** What the result schema finds wrong with a document; empty when it is valid. */
    public static Set<ValidationMessage> resultProblems(JsonNode result) {
        return RESULT.validate(result);
    }

    /** Fails unless the content's manifest.json is valid. */
    public static void checkContent(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(Manifest.ENTRY);
            if (entry == null) {
                throw new AssertionError(zip.getFileName() + " has no " + Manifest.ENTRY);
            }
            try (InputStream in = file.getInputStream(entry)) {
                fail(zip.getFileName() + "/" + Manifest.ENTRY, manifestProblems(JSON.readTree(in)));
            }
        }
    }

    /** Fails unless the bytes are a valid result.json. */
    public static void checkResult(String name, byte[] result) throws IOException {
        fail(name, resultProblems(JSON.readTree(result)));
    }

    private static void fail(String what, Set<ValidationMessage> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(what + " does not match docs/schema: " + problems);
        }
    }

    /** What a gateway held before a run, so that afterwards the contents the run published are checked. */
    public interface Published {

        void checkNewOnes() throws IOException;
    }

    /** The gateway a run's configuration names, as it is now. */
    public static Published before(Map<String, String> properties) throws IOException {
        if ("azure-blob".equals(properties.get("ctsync.gateway.type"))) {
            String prefix = properties.getOrDefault("ctsync.gateway.azure.prefix", "");
            return blobs(Azurite.container(properties.get("ctsync.gateway.azure.container")), prefix.isEmpty() ? "" : prefix + "/");
        }
        return files(Path.of(properties.getOrDefault("ctsync.gateway.dir", "gateway")));
    }

    private static Published files(Path directory) throws IOException {
        Set<Path> earlier = contentFiles(directory);
        return () -> {
            for (Path zip : contentFiles(directory)) {
                if (!earlier.contains(zip)) {
                    checkContent(zip);
                }
            }
        };
    }

    private static Set<Path> contentFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return new HashSet<>(files.filter(p -> ContentName.parse(p.getFileName().toString()).isPresent()).toList());
        }
    }

    /** Through Azurite itself, not the run's connection string: a test may have cut the run's path to it. */
    private static Published blobs(BlobContainerClient container, String prefix) throws IOException {
        Set<String> earlier = new HashSet<>(results(container, prefix));
        return () -> {
            for (String result : results(container, prefix)) {
                if (earlier.contains(result)) {
                    continue;
                }
                checkResult(result, container.getBlobClient(result).downloadContent().toBytes());
                String zipBlob = result.substring(0, result.length() - RESULT_SUFFIX.length()) + ".zip";
                Path zip = Files.createTempFile("ctsync-schema-", ".zip");
                try {
                    Files.write(zip, container.getBlobClient(zipBlob).downloadContent().toBytes());
                    checkContent(zip);
                } finally {
                    Files.delete(zip);
                }
            }
        };
    }

    private static List<String> results(BlobContainerClient container, String prefix) {
        if (!container.exists()) {
            return List.of();
        }
        return container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).stream().map(BlobItem::getName)
                .filter(name -> name.endsWith(RESULT_SUFFIX)).toList();
    }
}
