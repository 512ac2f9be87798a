package io.ctsync.monitoring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The last cycles of this process, newest first, for {@code GET /api/cycles} and the status page:
 * when each started, how long each stage took, and how it ended. Kept in memory only: a restart
 * begins a new history, while the contents and the import log keep the durable record.
 */
public final class CycleHistory {

    /**
     * One finished cycle, {@code startedAt} in ISO-8601 UTC; {@code stages} maps a stage's route id to its milliseconds, in the
     * order they ran; {@code rows} the rows it published or applied, null when its exchange no longer carried the cycle;
     * {@code lag}, for an import cycle, the published contents it left unimported (null for an export).
     */
    public record Cycle(String pipeline, String startedAt, long durationMillis, Map<String, Long> stages, String outcome,
                        String error, Long rows, Long lag) {
    }

    private final int capacity;
    private final Deque<Cycle> cycles = new ArrayDeque<>();

    public CycleHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Cycle cycle) {
        if (cycles.size() == capacity) {
            cycles.removeLast();
        }
        cycles.addFirst(cycle);
    }

    /** Newest first, at most {@code limit}. */
    public synchronized List<Cycle> recent(int limit) {
        return new ArrayList<>(cycles).subList(0, Math.min(limit, cycles.size()));
    }
}
