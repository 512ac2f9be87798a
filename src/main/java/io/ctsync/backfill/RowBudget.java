package io.ctsync.backfill;

/**
 * What one cycle has left of its backfill rows ({@code ctsync.export.backfill-rows-per-cycle}) as
 * its tables' chunks are planned: it bounds how long a cycle holds its snapshot and the pipeline's
 * lock, however many chunks its tables have left (docs/design.md, "Backfills").
 */
public final class RowBudget {

    private long left;

    public RowBudget(long rows) {
        this.left = rows;
    }

    long left() {
        return left;
    }

    void spend(long rows) {
        left -= rows;
    }
}
