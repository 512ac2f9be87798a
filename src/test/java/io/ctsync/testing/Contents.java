package io.ctsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.Manifest;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads contents back for assertions: the published names of a gateway, and the rows of an entry. */
public final class Contents {

    private Contents() {
    }

    public static List<ContentName> published(Path gateway) throws Exception {
        if (!Files.isDirectory(gateway)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(gateway)) {
            return files.map(p -> ContentName.parse(p.getFileName().toString())).flatMap(Optional::stream)
                    .sorted(Comparator.comparingLong(ContentName::sequence)).toList();
        }
    }

    public static List<Long> sequences(Path gateway) throws Exception {
        return published(gateway).stream().map(ContentName::sequence).toList();
    }

    /** Opens and fully verifies a content (its manifest against docs/schema, sha256 and row count of every entry). */
    public static Content read(Path file) throws Exception {
        ContentSchemas.checkContent(file);
        try (ContentReader reader = ContentReader.open(file)) {
            reader.verify();
            return new Content(file, reader.manifest());
        }
    }

    public static Content read(Path gateway, long sequence) throws Exception {
        ContentName name = published(gateway).stream().filter(n -> n.sequence() == sequence).findFirst()
                .orElseThrow(() -> new AssertionError("no content with sequence " + sequence + " in " + gateway));
        return read(gateway.resolve(name.fileName()));
    }

    /**
     * Rewrites a content in place as a valid ZIP whose entries are what {@code change} returns for
     * each (name, bytes); the manifest is an entry like any other, so a test can keep the old one
     * beside new data, or change only the manifest.
     */
    public static void rewrite(Path file, java.util.function.BiFunction<String, byte[], byte[]> change) throws Exception {
        Map<String, byte[]> entries = entries(file);
        entries.replaceAll(change);
        write(file, entries);
    }

    /** Adds an entry to a content in place, leaving its manifest and every other entry as they were. */
    public static void addEntry(Path file, String name, byte[] bytes) throws Exception {
        Map<String, byte[]> entries = entries(file);
        entries.put(name, bytes);
        write(file, entries);
    }

    private static Map<String, byte[]> entries(Path file) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        return entries;
    }

    private static void write(Path file, Map<String, byte[]> entries) throws Exception {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verified content. */
    public record Content(Path file, Manifest manifest) {

        public Manifest.Table table(String table) {
            return manifest.tables().stream().filter(t -> t.table().equals(table)).findFirst()
                    .orElseThrow(() -> new AssertionError("content " + file.getFileName() + " has no table " + table));
        }

        public List<JsonNode> rows(String table, String entry) throws Exception {
            List<JsonNode> rows = new ArrayList<>();
            try (ContentReader reader = ContentReader.open(file)) {
                Iterator<ObjectNode> iterator = reader.rows(table + "/" + entry);
                iterator.forEachRemaining(rows::add);
            }
            return rows;
        }

        /** The raw text of an entry, to check exactly how values are spelled. */
        public String text(String table, String entry) throws Exception {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                return new String(zip.getInputStream(zip.getEntry(table + "/" + entry)).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
