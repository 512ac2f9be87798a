package io.ctsync.packaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctsync.values.ValueTooBigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Reads a content: its manifest, a full verification of every entry, and the rows of an entry as a stream. */
public final class ContentReader implements AutoCloseable {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .build();

    /**
     * The manifest's reading of rows, without Jackson's limit on a string's length: a value is
     * bounded by the heap, and one that does not fit fails as {@link ValueTooBigException}.
     */
    private static final ObjectMapper ROWS = rowsMapper();

    private final ZipFile zip;
    private final Manifest manifest;

    private ContentReader(ZipFile zip, Manifest manifest) {
        this.zip = zip;
        this.manifest = manifest;
    }

    public static ContentReader open(Path file) throws CorruptContentException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CorruptContentException(file.getFileName() + " is not a readable ZIP: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ZipEntry entry = zip.getEntry(Manifest.ENTRY);
            if (entry == null) {
                throw new CorruptContentException(file.getFileName() + " has no " + Manifest.ENTRY);
            }
            Manifest manifest;
            try (InputStream in = zip.getInputStream(entry)) {
                manifest = Manifest.MAPPER.readValue(in, Manifest.class);
            } catch (IOException e) {
                throw new CorruptContentException(file.getFileName() + ": unreadable manifest: " + e.getMessage(), e);
            }
            if (!Manifest.FORMAT.equals(manifest.format())) {
                throw new CorruptContentException(file.getFileName() + ": format '" + manifest.format() + "' is not " + Manifest.FORMAT);
            }
            return new ContentReader(zip, manifest);
        } catch (CorruptContentException | RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    public Manifest manifest() {
        return manifest;
    }

    /**
     * Checks that every entry the manifest lists is present, hashes to its sha256 and holds its row
     * count, and that the ZIP holds no other entry: the importer reads entries by name, so an
     * unlisted one (an updated.json beside a full table's inserted.json) would be applied unchecked.
     */
    public void verify() throws CorruptContentException {
        for (Manifest.Table table : manifest.tables()) {
            for (Manifest.Entry entry : table.entries()) {
                ZipEntry zipEntry = zip.getEntry(entry.name());
                if (zipEntry == null) {
                    throw new CorruptContentException("entry " + entry.name() + " is missing");
                }
                MessageDigest sha = EntryBuffer.newSha256();
                long rows = 0;
                try (InputStream in = new DigestInputStream(zip.getInputStream(zipEntry), sha);
                     JsonParser parser = JSON.createParser(in)) {
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        throw new CorruptContentException("entry " + entry.name() + " is not a JSON array");
                    }
                    JsonToken token;
                    while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        rows++;
                    }
                    if (token != JsonToken.END_ARRAY) {
                        throw new CorruptContentException("entry " + entry.name() + " holds something other than row objects");
                    }
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new CorruptContentException("entry " + entry.name() + " cannot be read: " + e.getMessage(), e);
                }
                String actual = HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(entry.sha256())) {
                    throw new CorruptContentException("entry " + entry.name() + " has sha256 " + actual + ", manifest says " + entry.sha256());
                }
                if (rows != entry.rows()) {
                    throw new CorruptContentException("entry " + entry.name() + " has " + rows + " rows, manifest says " + entry.rows());
                }
            }
        }
        Set<String> listed = new HashSet<>();
        listed.add(Manifest.ENTRY);
        manifest.tables().forEach(table -> table.entries().forEach(entry -> listed.add(entry.name())));
        for (ZipEntry zipEntry : Collections.list(zip.entries())) {
            if (!listed.contains(zipEntry.getName())) {
                throw new CorruptContentException("entry " + zipEntry.getName() + " is not listed in its manifest");
            }
        }
    }

    /** The rows of one entry, parsed one at a time; an absent entry has no rows. */
    public Iterator<ObjectNode> rows(String entryName) throws IOException {
        return rows(entryName, Set.of());
    }

    /**
     * The rows of one entry, parsed one at a time, the base64 values of {@code binaryFields} decoded
     * straight from the entry's bytes into binary nodes: a big value is never held as its text
     * as well (docs/operations.md, "Memory").
     */
    public Iterator<ObjectNode> rows(String entryName, Set<String> binaryFields) throws IOException {
        JsonParser parser = parser(entryName);
        if (parser == null) {
            return Collections.emptyIterator();
        }
        return new Iterator<>() {
            private long rows;
            private ObjectNode next = advance();

            private ObjectNode advance() {
                try {
                    if (parser.nextToken() == JsonToken.START_OBJECT) {
                        rows++;
                        return binaryFields.isEmpty() ? parser.readValueAsTree() : readRow(parser, binaryFields, entryName, rows);
                    }
                    parser.close();
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ObjectNode next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                ObjectNode current = next;
                next = advance();
                return current;
            }
        };
    }

    /** A row whose binary fields are decoded as they are read; a value too big for the heap is named with its row and column. */
    private static ObjectNode readRow(JsonParser parser, Set<String> binaryFields, String entryName, long rowNumber) throws IOException {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            ByteArrayBuilder bytes = parser.nextToken() == JsonToken.VALUE_STRING && binaryFields.contains(name) ? new ByteArrayBuilder() : null;
            try {
                if (bytes != null) {
                    parser.readBinaryValue(bytes);
                    row.set(name, BinaryNode.valueOf(bytes.toByteArray()));
                } else {
                    row.set(name, parser.readValueAsTree());
                }
            } catch (OutOfMemoryError e) {
                long read = bytes == null ? 0 : bytes.size();
                // the collector may need what it holds to make the message
                bytes = null;
                throw new ValueTooBigException(entryName.substring(0, entryName.indexOf('/')), "row " + rowNumber + " of " + entryName,
                        name, read, e);
            }
        }
        return row;
    }

    /**
     * A parser of one entry standing on the array's start, its next token the first row's start;
     * null for an absent entry. The caller closes it (reading to the array's end does too).
     */
    public JsonParser parser(String entryName) throws IOException {
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            return null;
        }
        JsonParser parser = ROWS.getFactory().createParser(zip.getInputStream(entry));
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            parser.close();
            throw new IOException("entry " + entryName + " is not a JSON array");
        }
        return parser;
    }

    private static ObjectMapper rowsMapper() {
        ObjectMapper mapper = Manifest.MAPPER.copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build());
        return mapper;
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
