package io.ctsync.monitoring;

import org.slf4j.Logger;

/**
 * Progress of long row-by-row work (a big table exported or imported): a line every half minute,
 * so that a user watching a cycle of millions of rows sees it move. The clock is read every 4096
 * rows only, so counting costs nothing.
 */
public final class Progress {

    private static final long INTERVAL_NANOS = 30_000_000_000L;

    private final Logger log;
    private final String what;
    private final long total;
    private final long started = System.nanoTime();
    private long nextReport = started + INTERVAL_NANOS;
    private long rows;

    /** {@code what} names the work, e.g. "export public.orders"; {@code total} is the expected row count, or -1. */
    public Progress(Logger log, String what, long total) {
        this.log = log;
        this.what = what;
        this.total = total;
    }

    public void row() {
        if ((++rows & 4095) == 0 && System.nanoTime() > nextReport) {
            nextReport += INTERVAL_NANOS;
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info("{}: {}{} rows in {} s ({} rows/s)", what, rows, total < 0 ? "" : " of " + total,
                    Math.round(seconds), Math.round(rows / seconds));
        }
    }
}
