package io.ctsync.packaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes the contents of one export cycle: sequence numbers {@code firstSequence ...}, parts
 * {@code firstPart..parts}, each holding at most {@code rowsPerPart} change rows. Rows stream
 * straight into deflated entry buffers; a part becomes a ZIP (entries copied raw, manifest last)
 * in its staging file, fsynced, when it is full or the cycle ends. Deflating runs on a second
 * thread ({@link DeflateWorker}) while the caller encodes the next rows.
 */
public final class ContentSeries implements AutoCloseable {

    /** Which pipeline the contents belong to, and the request of an on-demand export (null for a scheduled cycle). */
    public record Pipeline(String application, String source, String destination, Manifest.Request request) {

        public Pipeline(String application, String source, String destination) {
            this(application, source, destination, null);
        }
    }

    /**
     * A table as the manifest describes it, and the entries it has in every part it appears in;
     * {@code from} and {@code to} for a chunk; {@code maskKeyId} when a column is hashed.
     */
    public record TableHeader(String table, String mode, Long fromVersion, long toVersion, List<String> key,
                              Set<Operation> entries, JsonNode from, JsonNode to, String maskKeyId) {

        public TableHeader(String table, String mode, Long fromVersion, long toVersion, List<String> key, Set<Operation> entries) {
            this(table, mode, fromVersion, toVersion, key, entries, null, null, null);
        }
    }

    /** A content that is complete on local disk and ready to be published. */
    public record Staged(ContentName name, Path file, Manifest manifest) {
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final Pipeline pipeline;
    private final long firstSequence;
    private final int firstPart;
    private final int parts;
    private final long rowsPerPart;
    private final int compressionLevel;
    private final Path workDir;
    private final Function<ContentName, Path> stagingFile;
    private final List<Staged> staged = new ArrayList<>();

    private Runnable beforePartEnds = () -> { };
    private int part;
    private long partRows;
    private final List<Manifest.Table> partTables = new ArrayList<>();
    private TableHeader table;
    private final Map<Operation, EntryBuffer> entries = new EnumMap<>(Operation.class);
    private final List<EntryBuffer> partEntries = new ArrayList<>();
    private final DeflateWorker deflating = new DeflateWorker();

    public ContentSeries(Pipeline pipeline, long firstSequence, int firstPart, int parts, long rowsPerPart,
                         int compressionLevel, Path workDir, Function<ContentName, Path> stagingFile) {
        if (firstPart < 1 || firstPart > parts) {
            throw new IllegalArgumentException("part " + firstPart + " of " + parts);
        }
        this.pipeline = pipeline;
        this.firstSequence = firstSequence;
        this.firstPart = firstPart;
        this.parts = parts;
        this.rowsPerPart = Math.max(1, rowsPerPart);
        this.compressionLevel = compressionLevel;
        this.workDir = workDir;
        this.stagingFile = stagingFile;
        this.part = firstPart;
    }

    /** Called before a part is closed, so that rows held back (presence batches) land in that part. */
    public void beforePartEnds(Runnable hook) {
        this.beforePartEnds = hook;
    }

    public void beginTable(TableHeader header) throws IOException {
        if (table != null) {
            throw new IllegalStateException("table " + table.table() + " is still open");
        }
        table = header;
        openEntries();
    }

    /** The generator for one change row (inserted, updated or deleted); may start the next part first. */
    public JsonGenerator row(Operation operation) throws IOException {
        if (partRows >= rowsPerPart && part < parts) {
            beforePartEnds.run();
            closeTableInPart();
            closePart();
            part++;
            partRows = 0;
            openEntries();
        }
        partRows++;
        return entries.get(operation).row();
    }

    /**
     * Whether {@code rows} more change rows all fit in the current part: then the open table's
     * entries can be written side by side, each by a thread of its own ({@link #holdInPart}).
     */
    public boolean fitsInPart(long rows) {
        return partRows + rows <= rowsPerPart || part == parts;
    }

    /**
     * Counts the open table's {@code rows} change rows in the current part at once and returns the
     * row source of each of its entries: one thread may write each entry, all at the same time.
     */
    public Map<Operation, Supplier<JsonGenerator>> holdInPart(long rows) {
        if (!fitsInPart(rows)) {
            throw new IllegalStateException(rows + " rows do not fit in part " + part);
        }
        partRows += rows;
        Map<Operation, Supplier<JsonGenerator>> rowSources = new EnumMap<>(Operation.class);
        entries.forEach((operation, entry) -> rowSources.put(operation, entry::row));
        return rowSources;
    }

    /** The generator for one presence row (existing or missing); these follow their changes and are not counted. */
    public JsonGenerator presenceRow(Operation operation) {
        return entries.get(operation).row();
    }

    public void endTable() throws IOException {
        beforePartEnds.run();
        closeTableInPart();
        table = null;
    }

    /** Closes the last part and writes any planned part that received no rows, so the sequence range has no hole. */
    public List<Staged> finish() throws IOException {
        if (table != null) {
            throw new IllegalStateException("table " + table.table() + " is still open");
        }
        while (true) {
            closePart();
            if (part == parts) {
                break;
            }
            part++;
        }
        return List.copyOf(staged);
    }

    public long sequenceOf(int partNumber) {
        return firstSequence + (partNumber - firstPart);
    }

    private void openEntries() throws IOException {
        for (Operation operation : table.entries()) {
            String name = table.table() + "/" + operation.fileName();
            Path file = Files.createTempFile(workDir, "entry-", ".deflate");
            EntryBuffer buffer = new EntryBuffer(name, file, compressionLevel, JSON, deflating);
            entries.put(operation, buffer);
            partEntries.add(buffer);
        }
    }

    private void closeTableInPart() throws IOException {
        long[] counts = new long[Operation.values().length];
        List<Manifest.Entry> manifestEntries = new ArrayList<>();
        for (Map.Entry<Operation, EntryBuffer> e : entries.entrySet()) {
            Manifest.Entry entry = e.getValue().finish();
            counts[e.getKey().ordinal()] = entry.rows();
            manifestEntries.add(entry);
        }
        entries.clear();
        Manifest.Counts c = new Manifest.Counts(counts[0], counts[1], counts[2], counts[3], counts[4]);
        partTables.add(new Manifest.Table(table.table(), table.mode(), table.fromVersion(), table.toVersion(),
                table.key(), table.from(), table.to(), c, List.copyOf(manifestEntries), table.maskKeyId()));
    }

    private void closePart() throws IOException {
        ContentName name = new ContentName(pipeline.application(), pipeline.source(), pipeline.destination(), sequenceOf(part));
        Manifest manifest = new Manifest(Manifest.FORMAT, pipeline.application(), pipeline.source(), pipeline.destination(),
                name.sequence(), Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), part, parts, List.copyOf(partTables),
                pipeline.request());
        Path file = stagingFile.apply(name);
        Files.createDirectories(file.getParent());
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (EntryBuffer buffer : partEntries) {
                try (InputStream raw = Files.newInputStream(buffer.file())) {
                    zip.addRawArchiveEntry(buffer.zipEntry(), raw);
                }
            }
            zip.putArchiveEntry(new ZipArchiveEntry(Manifest.ENTRY));
            zip.write(Manifest.MAPPER.writeValueAsBytes(manifest));
            zip.closeArchiveEntry();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        for (EntryBuffer buffer : partEntries) {
            buffer.close();
        }
        partEntries.clear();
        partTables.clear();
        staged.add(new Staged(name, file, manifest));
    }

    /** Discards work files after a failure; staged ZIPs are left to the gateway's recovery. */
    @Override
    public void close() {
        try {
            for (EntryBuffer buffer : partEntries) {
                try {
                    buffer.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            partEntries.clear();
        } finally {
            deflating.close();
        }
    }
}
