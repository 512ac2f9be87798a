package io.ctsync.values;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where the big values of the row being read wait until the row is written (docs/operations.md,
 * "Memory"): a value of {@link #BIG} bytes or characters or more goes from the entry's parser into
 * a temporary file, a binary one decoded from its base64 as it is read (never its text), a text
 * one from the parser's own buffer as UTF-8; the writer reads it back as a stream
 * ({@link SpilledValue}). The row's other values stay in its character buffer. The file is made at
 * the first big value, reused row after row, and deleted when closed (or by the system, as a
 * temporary file, after a crash).
 */
public final class ValueSpill implements AutoCloseable {

    /** A value of this many bytes or characters or more is spilled. */
    public static final int BIG = 1 << 20;

    private static final int PIECE = 1 << 16;

    private FileChannel file;
    /** The end of the current row's values in the file. */
    private long end;
    /** A binary value's first bytes, while it may still be small. */
    private byte[] head = new byte[PIECE];
    private int smallLength;

    /** A new row: its values overwrite the last row's. */
    public void newRow() {
        end = 0;
    }

    /**
     * Decodes the binary value the parser stands on: spilled once it reaches {@link #BIG}; below
     * that null, its bytes being the first {@link #smallLength()} of {@link #smallBytes()}.
     */
    public SpilledValue binary(JsonParser parser) throws IOException {
        Appender out = new Appender();
        parser.readBinaryValue(out);
        smallLength = out.headLength;
        return out.inFile ? out.finish(true) : null;
    }

    /** The bytes of the last binary value that was not spilled (reused for the next). */
    public byte[] smallBytes() {
        return head;
    }

    public int smallLength() {
        return smallLength;
    }

    /** Spills the text value the parser stands on (its length asked of the parser first: {@link #BIG} or more). */
    public SpilledValue text(JsonParser parser) throws IOException {
        Appender out = new Appender();
        out.spill();
        try (Writer writer = new OutputStreamWriter(new NotClosing(out), StandardCharsets.UTF_8)) {
            parser.getText(writer);
        }
        return out.finish(false);
    }

    int read(ByteBuffer into, long position) throws IOException {
        return file.read(into, position);
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    /** Collects a value: in {@link #head} until it reaches {@link #BIG} (binary), then in the file in pieces. */
    private final class Appender extends OutputStream {

        private int headLength;
        private boolean inFile;
        private final ByteBuffer piece = ByteBuffer.allocate(PIECE);
        private final long start = end;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!inFile && headLength + length < BIG) {
                if (headLength + length > head.length) {
                    head = Arrays.copyOf(head, Math.min(BIG, Math.max(head.length * 2, headLength + length)));
                }
                System.arraycopy(bytes, offset, head, headLength, length);
                headLength += length;
                return;
            }
            if (!inFile) {
                spill();
                append(head, 0, headLength);
            }
            append(bytes, offset, length);
        }

        void spill() throws IOException {
            if (file == null) {
                Path path = Files.createTempFile("ctsync-value-", ".spill");
                file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            }
            inFile = true;
        }

        private void append(byte[] bytes, int offset, int length) throws IOException {
            for (int from = offset, to = offset + length; from < to; ) {
                int n = Math.min(piece.remaining(), to - from);
                piece.put(bytes, from, n);
                from += n;
                if (!piece.hasRemaining()) {
                    drain();
                }
            }
        }

        private void drain() throws IOException {
            piece.flip();
            while (piece.hasRemaining()) {
                end += file.write(piece, end);
            }
            piece.clear();
        }

        SpilledValue finish(boolean binary) throws IOException {
            drain();
            return new SpilledValue(ValueSpill.this, start, end - start, binary);
        }
    }

    /** The writer's close flushes its encoder; the value's stream stays open for {@link Appender#finish}. */
    private static final class NotClosing extends OutputStream {

        private final OutputStream out;

        NotClosing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }
    }
}
