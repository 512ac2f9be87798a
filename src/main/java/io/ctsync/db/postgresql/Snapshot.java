package io.ctsync.db.postgresql;

import io.ctsync.db.Window;

import java.util.Arrays;

/** PostgreSQL's snapshot text {@code xmin:xmax:xip,...}. */
record Snapshot(long xmin, long xmax, String text) {

    static Snapshot parse(String text) {
        String[] parts = text.split(":", -1);
        return new Snapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), text);
    }

    /**
     * Whether a transaction, known by its 32-bit id (a row's {@code xmin}), had committed when
     * the snapshot was taken: below xmin, or below xmax and not in progress. The 32-bit id is
     * widened to the 64-bit id nearest the snapshot's xmax.
     */
    boolean sees(long shortId) {
        long id = xmax + (int) (shortId - (xmax & 0xFFFFFFFFL));
        if (id < xmin) {
            return true;
        }
        String inProgress = text.split(":", -1)[2];
        return id < xmax && (inProgress.isEmpty() || Arrays.stream(inProgress.split(",")).mapToLong(Long::parseLong).noneMatch(x -> x == id));
    }

    /** The window's start; a version recorded without a snapshot saw every id up to it. */
    static Snapshot from(Window window) {
        return from(window.fromVersion(), window.fromPosition());
    }

    static Snapshot from(long version, String position) {
        if (position != null) {
            return parse(position);
        }
        long next = version + 1;
        return new Snapshot(next, next, next + ":" + next + ":");
    }
}
