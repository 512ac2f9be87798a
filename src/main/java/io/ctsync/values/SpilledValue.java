package io.ctsync.values;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A big value of the current row, held in its {@link ValueSpill}'s file until the row is written:
 * read back as a stream, a binary value as its bytes or, where a writer takes the JSON's text,
 * as base64 again, encoded on the fly. Valid until the spill's next row.
 */
public record SpilledValue(ValueSpill spill, long offset, long length, boolean binary) {

    private static final int PIECE = 3 << 14;

    /** The value's bytes: a binary value's own, a text's UTF-8. */
    public InputStream bytes() {
        return new InputStream() {
            private long position = offset;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] into, int at, int max) throws IOException {
                long left = offset + length - position;
                if (left <= 0) {
                    return -1;
                }
                int n = spill.read(ByteBuffer.wrap(into, at, (int) Math.min(max, left)), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }

    /** The value's text as the JSON had it: a text's characters, a binary value's base64. */
    public Reader text() {
        if (!binary) {
            return new InputStreamReader(bytes(), StandardCharsets.UTF_8);
        }
        InputStream in = bytes();
        return new Reader() {
            private final byte[] raw = new byte[PIECE];
            private byte[] encoded = new byte[0];
            private int next;

            @Override
            public int read(char[] into, int at, int max) throws IOException {
                if (next == encoded.length) {
                    // whole groups of three bytes, so that the pieces' base64 joins into the value's
                    int n = in.readNBytes(raw, 0, raw.length);
                    if (n == 0) {
                        return -1;
                    }
                    encoded = Base64.getEncoder().encode(n == raw.length ? raw : Arrays.copyOf(raw, n));
                    next = 0;
                }
                int n = Math.min(max, encoded.length - next);
                for (int i = 0; i < n; i++) {
                    into[at + i] = (char) encoded[next++];
                }
                return n;
            }

            @Override
            public void close() {
                // the spill's file stays open for the next row
            }
        };
    }

    /** The whole text, for a writer that takes no stream (it holds the value once more). */
    public String string() {
        try (Reader reader = text()) {
            StringBuilder text = new StringBuilder();
            char[] piece = new char[PIECE];
            for (int n; (n = reader.read(piece)) > 0; ) {
                text.append(piece, 0, n);
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
