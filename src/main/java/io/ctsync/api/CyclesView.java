package io.ctsync.api;

import io.ctsync.monitoring.CycleHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/cycles}: this process's last cycles, newest first, each of kind {@code cycle};
 * with {@code ?include=handovers} the pipeline's hand-overs of leadership between them, of kind
 * {@code handover}, placed at their acquisition. Without it the answer holds cycles only, as it
 * always did, so a client that reads every entry as a cycle keeps working.
 */
public final class CyclesView {

    private static final String HANDOVERS = "handovers";

    private final CycleHistory history;
    private final LeadershipView leadership;

    public CyclesView(CycleHistory history, LeadershipView leadership) {
        this.history = history;
        this.leadership = leadership;
    }

    public List<Map<String, Object>> recent(String limit, String include) {
        int entries = Limit.parse(limit);
        if (include != null && !include.isBlank() && !include.trim().equals(HANDOVERS)) {
            throw ApiProblem.badRequest("include may only be '" + HANDOVERS + "', not '" + include + "'");
        }
        List<Map<String, Object>> recent = new ArrayList<>(history.recent(entries).stream().map(CyclesView::cycle).toList());
        if (include == null || include.isBlank()) {
            return recent;
        }
        recent.addAll(leadership.handovers());
        // a stable sort: cycles keep the order in which they ended where they started at the same instant
        recent.sort(Comparator.comparing(CyclesView::at).reversed());
        return recent.subList(0, Math.min(entries, recent.size()));
    }

    private static Map<String, Object> cycle(CycleHistory.Cycle cycle) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", "cycle");
        entry.put("pipeline", cycle.pipeline());
        entry.put("startedAt", cycle.startedAt());
        entry.put("durationMillis", cycle.durationMillis());
        entry.put("stages", cycle.stages());
        entry.put("outcome", cycle.outcome());
        entry.put("error", cycle.error());
        entry.put("rows", cycle.rows());
        entry.put("lag", cycle.lag());
        return entry;
    }

    /** When an entry happened: a cycle's start, a hand-over's acquisition. */
    private static Instant at(Map<String, Object> entry) {
        return Instant.parse((String) (entry.get("kind").equals("cycle") ? entry.get("startedAt") : entry.get("acquiredAt")));
    }
}
