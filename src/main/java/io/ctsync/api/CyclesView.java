package io.ctsync.api;

import io.ctsync.monitoring.CycleHistory;

import java.util.List;

/** {@code GET /api/cycles}: this process's last cycles, newest first. */
public final class CyclesView {

    private final CycleHistory history;

    public CyclesView(CycleHistory history) {
        this.history = history;
    }

    public List<CycleHistory.Cycle> recent(String limit) {
        return history.recent(Limit.parse(limit));
    }
}
