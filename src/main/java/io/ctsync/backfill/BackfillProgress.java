package io.ctsync.backfill;

import io.ctsync.config.TableName;
import io.ctsync.db.Backfill;
import io.ctsync.db.KeyRange;
import io.ctsync.packaging.ContentName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a table's backfill has come (docs/design.md, "Backfills"): the rows sent of the rows the table
 * held when it began, the rate since it began, and the time left at that rate. One log line per
 * chunk; the tracking API shows the same per table.
 */
public record BackfillProgress(long rowsSent, long rowsEstimated, String startedAt, long rowsPerSecond, String eta) {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillProgress.class);

    /** The progress of {@code backfill} as of {@code now}. */
    public static BackfillProgress of(Backfill backfill, Instant now) {
        double seconds = Math.max(0.001, Duration.between(Instant.parse(backfill.startedAt()), now).toMillis() / 1000.0);
        long rate = Math.round(backfill.rowsSent() / seconds);
        long left = Math.max(0, backfill.rowsEstimated() - backfill.rowsSent());
        String eta = rate == 0 ? null : now.plusSeconds(left / rate).toString();
        return new BackfillProgress(backfill.rowsSent(), backfill.rowsEstimated(), backfill.startedAt(), rate, eta);
    }

    /** Percent of the estimated rows sent; 100 once more rows were sent than estimated (rows inserted meanwhile). */
    public long percent() {
        return rowsEstimated <= 0 ? 100 : Math.min(100, rowsSent * 100 / rowsEstimated);
    }

    /**
     * The one line of a chunk written: {@code backfill} is the table's backfill with the cycle's
     * chunks counted, given with the cycle's last chunk of the table; null for the chunks before
     * it, whose line then says no progress (the cycle's chunks are counted together).
     */
    public static void logChunk(TableName table, ContentName content, KeyRange chunk, long rows, Backfill backfill, long nanos) {
        if (backfill == null) {
            LOG.info("backfill {}: chunk ({} .. {}] {} rows in {} ms -> {}", table, chunk.from() == null ? "start" : chunk.from(),
                    chunk.to(), rows, nanos / 1_000_000, content.fileName());
            return;
        }
        BackfillProgress progress = of(backfill, Instant.now());
        long secondsLeft = progress.rowsPerSecond == 0 ? 0 : Math.max(0, backfill.rowsEstimated() - backfill.rowsSent()) / progress.rowsPerSecond;
        LOG.info("backfill {}: chunk ({} .. {}] {} rows in {} ms -> {}; {} of {} rows ({}%), {} rows/s, {}", table,
                chunk.from() == null ? "start" : chunk.from(), chunk.to() == null ? "end" : chunk.to(), rows, nanos / 1_000_000,
                content.fileName(), backfill.rowsSent(), backfill.rowsEstimated(), chunk.last() ? 100 : progress.percent(),
                progress.rowsPerSecond, chunk.last() ? "done" : "about " + Duration.ofSeconds(secondsLeft).toString().substring(2).toLowerCase()
                        + " left");
    }
}
