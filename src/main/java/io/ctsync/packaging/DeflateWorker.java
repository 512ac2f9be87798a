package io.ctsync.packaging;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The second core's share of writing a content (bench/README.md, "Export speed"): the entries' JSON
 * bytes are checksummed, deflated and written to their work files on one worker thread while the
 * cycle's thread reads and encodes the next rows. Tasks run one at a time in the order given, so
 * each entry's chunks stay in order; at most {@link #IN_FLIGHT} wait, which keeps memory flat.
 */
final class DeflateWorker implements AutoCloseable {

    /** A piece of work on an entry's stream. */
    @FunctionalInterface
    interface Task {
        void run() throws IOException;
    }

    /** Chunks waiting or being deflated: with 256 KiB chunks, at most 2 MiB of JSON in flight. */
    static final int IN_FLIGHT = 8;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread worker = new Thread(task, "ctsync-deflate");
        worker.setDaemon(true);
        return worker;
    });
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private volatile IOException failure;

    /** Queues the task behind the others; blocks while {@link #IN_FLIGHT} are queued; throws an earlier task's failure. */
    void submit(Task task) throws IOException {
        rethrow();
        acquire(1);
        thread.execute(() -> {
            try {
                if (failure == null) {
                    task.run();
                }
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.getMessage(), e);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits until every queued task has run; throws the first failure. */
    void await() throws IOException {
        acquire(IN_FLIGHT);
        slots.release(IN_FLIGHT);
        rethrow();
    }

    private void acquire(int permits) throws InterruptedIOException {
        try {
            slots.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while deflating a content");
        }
    }

    private void rethrow() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException(failed.getMessage(), failed);
        }
    }

    /** Lets the queued tasks finish (their entries are being discarded or are complete) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new UncheckedIOException(new IOException("the deflate thread did not stop within a minute"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
