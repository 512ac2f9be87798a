package io.ctsync.values;

import java.io.IOException;

/**
 * The rows of another {@link TextRows} a run at a time: each run is the next {@link #take} rows, then
 * an end, for one bulk statement or one staged chunk of a longer stream. The row after a run's last
 * is read to learn whether there is one, so that no run is empty, and waits for the next run;
 * {@link #ended()} once the rows themselves have.
 */
public final class LeadingRows implements TextRows {

    private final TextRows rows;
    private long left;
    private boolean ended;
    private boolean waiting;

    public LeadingRows(TextRows rows) {
        this.rows = rows;
    }

    /** Begins a run of at most {@code count} rows. */
    public void take(long count) {
        left = count;
    }

    /** Whether the rows have ended: no run after this one has any. */
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean next() throws IOException {
        if (left == 0) {
            waiting = rows.next();
            ended = !waiting;
            return false;
        }
        left--;
        if (waiting) {
            waiting = false;
            return true;
        }
        ended = !rows.next();
        return !ended;
    }

    @Override
    public char[] chars() {
        return rows.chars();
    }

    @Override
    public int start(int column) {
        return rows.start(column);
    }

    @Override
    public int length(int column) {
        return rows.length(column);
    }

    @Override
    public SpilledValue spilled(int column) {
        return rows.spilled(column);
    }

    @Override
    public String text(int column) {
        return rows.text(column);
    }
}
