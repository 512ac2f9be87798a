package io.ctsync.importing;

import io.ctsync.values.LeadingRows;
import io.ctsync.values.SpilledValue;
import io.ctsync.values.TextRows;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The rows of a big upsert's entries, in their order, loaded a chunk at a time into staging tables
 * on a thread and a connection of their own ({@link StagingArea}) while the import's transaction
 * writes the chunks before: the client's reading and encoding and the server's {@code COPY} of
 * chunk k + 1 run while the server upserts chunk k. The chunks are written in order, so a key that
 * two chunks hold takes its row of the later one, as one statement over all the rows would.
 * At most one loaded chunk waits for the transaction while the next one loads. The first chunk,
 * which nothing overlaps, is an eighth of the most rows, and each next one twice the one before
 * up to the most: loading a chunk takes about as long as upserting one of half its rows.
 */
final class StagedChunks implements AutoCloseable {

    /** Loads one chunk of rows into a new staging table; returns its reference. */
    @FunctionalInterface
    interface Loader {
        String load(TextRows chunk) throws SQLException, IOException;
    }

    /** A staged table, the end of the rows, or what stopped them. */
    private record Staged(String table, Exception failure) {
        static final Staged END = new Staged(null, null);
    }

    /** Loads staged chunks: a thread per upsert in flight, gone when idle. */
    private static final ExecutorService STAGERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ctsync-stage");
        thread.setDaemon(true);
        return thread;
    });

    private final BlockingQueue<Staged> ready = new ArrayBlockingQueue<>(1);
    private final List<EntryRows> entries;
    private volatile boolean stopped;
    private Future<?> loading;
    private boolean ended;
    /** Nanoseconds the transaction waited for a chunk to be staged. */
    private long waited;

    private StagedChunks(List<EntryRows> entries) {
        this.entries = entries;
    }

    /** Begins staging the entries' rows (columns and checks selected), at most {@code chunkRows} to a chunk. */
    static StagedChunks begin(List<EntryRows> entries, long chunkRows, Loader loader) {
        StagedChunks chunks = new StagedChunks(entries);
        chunks.loading = STAGERS.submit(() -> chunks.stage(chunkRows, loader));
        return chunks;
    }

    private void stage(long chunkRows, Loader loader) {
        Staged last = Staged.END;
        try {
            LeadingRows chunk = new LeadingRows(new InOrder(entries));
            for (long rows = Math.max(1, chunkRows / 8); !stopped && !chunk.ended(); rows = Math.min(chunkRows, rows * 2)) {
                chunk.take(rows);
                if (!handOver(new Staged(loader.load(chunk), null))) {
                    return;
                }
            }
            for (EntryRows rows : entries) {
                rows.throwIfRefused();
            }
        } catch (Exception e) {
            last = new Staged(null, e);
        } finally {
            closeEntries();
        }
        handOver(last);
    }

    /** Waits until the transaction takes {@code staged}; false once it stopped taking any. */
    private boolean handOver(Staged staged) {
        try {
            while (!stopped) {
                if (ready.offer(staged, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The next staged table, in the rows' order; null after the last. Throws what stopped the staging. */
    String next() throws SQLException, IOException, ContentRejectedException {
        if (ended) {
            return null;
        }
        long started = System.nanoTime();
        Staged staged;
        try {
            staged = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a staged chunk", e);
        }
        waited += System.nanoTime() - started;
        if (staged.table() != null) {
            return staged.table();
        }
        ended = true;
        Exception failure = staged.failure();
        if (failure == null) {
            return null;
        } else if (failure instanceof SQLException e) {
            throw e;
        } else if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof ContentRejectedException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    /** Milliseconds the transaction waited for chunks to be staged. */
    long waitedMillis() {
        return waited / 1_000_000;
    }

    /** Stops staging (after the last chunk or a failure) and waits until the chunk in flight is loaded. */
    @Override
    public void close() {
        stopped = true;
        try {
            loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // stage() hands every exception over; only an Error gets here
            throw new IllegalStateException("staging failed", e.getCause());
        }
    }

    private void closeEntries() {
        for (EntryRows rows : entries) {
            try {
                rows.close();
            } catch (IOException e) {
                // the rows are read to their end or left: nothing is lost by a failed close
            }
        }
    }

    /** The rows of the entries one after the other, ending where an entry's rows were refused. */
    private static final class InOrder implements TextRows {
        private final List<EntryRows> entries;
        private int current;

        InOrder(List<EntryRows> entries) {
            this.entries = entries;
        }

        @Override
        public boolean next() throws IOException {
            while (current < entries.size()) {
                EntryRows rows = entries.get(current);
                if (rows.next()) {
                    return true;
                }
                if (rows.refused()) {
                    return false;
                }
                current++;
            }
            return false;
        }

        private TextRows rows() {
            return entries.get(current);
        }

        @Override
        public char[] chars() {
            return rows().chars();
        }

        @Override
        public int start(int column) {
            return rows().start(column);
        }

        @Override
        public int length(int column) {
            return rows().length(column);
        }

        @Override
        public SpilledValue spilled(int column) {
            return rows().spilled(column);
        }

        @Override
        public String text(int column) {
            return rows().text(column);
        }
    }
}
