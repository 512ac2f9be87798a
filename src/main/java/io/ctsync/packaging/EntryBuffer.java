package io.ctsync.packaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
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
 * that several entries can be filled at the same time and later copied raw into the ZIP.
 */
final class EntryBuffer implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final String name;
    private final Path file;
    private final Deflater deflater;
    private final OutputStream fileOut;
    private final DeflaterOutputStream deflated;
    private final CRC32 crc = new CRC32();
    private final MessageDigest sha256;
    private final JsonGenerator json;
    private long size;
    private long rows;
    private boolean finished;
    private Manifest.Entry manifestEntry;

    EntryBuffer(String name, Path file, int level, JsonFactory factory) throws IOException {
        this.name = name;
        this.file = file;
        this.deflater = new Deflater(level, true);
        this.sha256 = newSha256();
        this.fileOut = Files.newOutputStream(file);
        this.deflated = new DeflaterOutputStream(new BufferedOutputStream(fileOut, BUFFER), deflater, BUFFER);
        OutputStream checksummed = new FilterOutputStream(deflated) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                sha256.update(b, off, len);
                size += len;
                deflated.write(b, off, len);
            }
        };
        this.json = factory.createGenerator(checksummed);
        json.writeStartArray();
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
            deflated.close();
            deflater.end();
            finished = true;
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
