package io.ctsync.leadership;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last changes of leadership this process saw in its groups, newest first, for the API and the status page. */
public final class LeadershipLog {

    private static final int KEPT = 100;

    /** One change: this process ({@code identity}) took or lost the group's leadership at {@code at}. */
    public record Change(String group, String identity, boolean took, Instant at) {
    }

    private final Deque<Change> changes = new ArrayDeque<>();
    private final Clock clock;

    public LeadershipLog(Clock clock) {
        this.clock = clock;
    }

    synchronized void record(String group, String identity, boolean took) {
        changes.addFirst(new Change(group, identity, took, clock.instant()));
        if (changes.size() > KEPT) {
            changes.removeLast();
        }
    }

    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }
}
