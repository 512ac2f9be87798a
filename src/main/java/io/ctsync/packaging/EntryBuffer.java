package io.ctsync.packaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.values.FetchBudget;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;

/**
 * One JSON-array entry of a content being written: rows go through a streaming generator, are
 * checksummed (CRC-32 for the ZIP, SHA-256 for the manifest) and deflated into a work file, so
 * that several entries can be filled at the same time and later copied raw into the ZIP. The
 * checksums and the deflate run on the series' {@link DeflateWorker}, in chunks of {@link #CHUNK} bytes.
 */
final class EntryBuffer implements AutoCloseable {

    private static final int BUFFER = 1 << 16;
    /** JSON handed to the deflate thread at a time: few hand-offs (each may wait for a busy core), below G1's humongous size. */
    static final int CHUNK = 1 << 18;

    private final String name;
    private final Path file;
    private final Deflater deflater;
    private final OutputStream fileOut;
    // released when the entry is finished: a part keeps its finished entries until it ends, and a wide
    // content has thousands of them, which must not each hold their buffers
    private DeflaterOutputStream deflated;
    private final CRC32 crc = new CRC32();
    private final MessageDigest sha256;
    private JsonGenerator json;
    private final DeflateWorker worker;
    private long size;
    private long rows;
    private boolean finished;
    private Manifest.Entry manifestEntry;

    EntryBuffer(String name, Path file, int level, JsonFactory factory, DeflateWorker worker) throws IOException {
        this.name = name;
        this.file = file;
        this.worker = worker;
        this.deflater = new Deflater(level, true);
        this.sha256 = newSha256();
        this.fileOut = Files.newOutputStream(file);
        this.deflated = new DeflaterOutputStream(new BufferedOutputStream(fileOut, BUFFER), deflater, BUFFER);
        this.json = factory.createGenerator(new HandOff());
        json.writeStartArray();
    }

    /** Collects the generator's bytes into chunks and hands each full one to the worker; counts them for the rows' widths. */
    private final class HandOff extends OutputStream implements FetchBudget.CountingOutput {

        /** Allocated when bytes come, handed over whole: an entry between chunks holds none. */
        private byte[] chunk;
        private int filled;
        private long count;

        @Override
        public long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            while (len > 0) {
                if (chunk == null) {
                    chunk = new byte[CHUNK];
                }
                int n = Math.min(len, chunk.length - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == chunk.length) {
                    flush();
                }
            }
        }

        /** Hands the filled part of the chunk over; the worker owns it from then on. */
        @Override
        public void flush() throws IOException {
            if (filled == 0) {
                return;
            }
            byte[] full = chunk;
            int length = filled;
            chunk = null;
            filled = 0;
            worker.submit(() -> deflate(full, length));
        }
    }

    /** On the worker: checksums and deflates a chunk of the entry. */
    private void deflate(byte[] bytes, int length) throws IOException {
        crc.update(bytes, 0, length);
        sha256.update(bytes, 0, length);
        size += length;
        deflated.write(bytes, 0, length);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The generator, positioned for the caller to write exactly one row object. */
    JsonGenerator row() {
        rows++;
        return json;
    }

    String name() {
        return name;
    }

    long rows() {
        return rows;
    }

    /** Ends the array and the deflate stream; returns the manifest entry. */
    Manifest.Entry finish() throws IOException {
        if (manifestEntry == null) {
            json.writeEndArray();
            json.close();
            DeflaterOutputStream stream = deflated;
            worker.submit(stream::close);
            worker.await();
            deflater.end();
            finished = true;
            json = null;
            deflated = null;
            manifestEntry = new Manifest.Entry(name, HexFormat.of().formatHex(sha256.digest()), rows);
        }
        return manifestEntry;
    }

    ZipArchiveEntry zipEntry() throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipEntry.DEFLATED);
        entry.setCrc(crc.getValue());
        entry.setSize(size);
        entry.setCompressedSize(Files.size(file));
        return entry;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            try {
                worker.await();
            } catch (IOException alreadyReported) {
                // the write that met it failed the cycle; what matters now is to close the stream
            }
            try {
                deflated.close();
            } catch (IOException | RuntimeException ignored) {
                // the buffer is being thrown away after a failure; its file is deleted below
            } finally {
                // a close that failed to flush (a full disk) leaves the file open: deleted but open, it would keep its space
                fileOut.close();
            }
            deflater.end();
        }
        Files.deleteIfExists(file);
    }
}
