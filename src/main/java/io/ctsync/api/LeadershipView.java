package io.ctsync.api;

import io.ctsync.leadership.Handover;
import io.ctsync.leadership.Leadership;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline's leader election groups as the API shows them: per group ({@code export},
 * {@code import}, {@code retention}) the leader and the hand-overs this process saw
 * (docs/operations.md, "Leadership and failover").
 */
public final class LeadershipView {

    private static final List<String> GROUPS = List.of("export", "import", "retention");

    private final Leadership leadership;
    private final String groupPrefix;

    /** {@code groupPrefix}: what the pipeline's group names begin with ({@code PipelineConfig.leaderGroup}). */
    public LeadershipView(Leadership leadership, String groupPrefix) {
        this.leadership = leadership;
        this.groupPrefix = groupPrefix;
    }

    /** Per group this process elects in: {@code leader}, {@code thisProcess}, {@code since}, {@code lastHandover} (null when it saw none). */
    Map<String, Object> leaders() {
        Map<String, Object> leaders = new LinkedHashMap<>();
        for (String group : GROUPS) {
            leadership.leader(groupPrefix + group).ifPresent(leader -> {
                Map<String, Object> described = new LinkedHashMap<>();
                described.put("leader", leader.holder().isEmpty() ? null : leader.holder());
                described.put("thisProcess", leader.thisProcess());
                described.put("since", text(leader.since()));
                described.put("lastHandover", leadership.handovers(groupPrefix + group).stream().findFirst()
                        .map(handover -> handover(group, handover)).orElse(null));
                leaders.put(group, described);
            });
        }
        return leaders;
    }

    /** Every group's hand-overs, each an entry of kind {@code handover}, newest first. */
    List<Map<String, Object>> handovers() {
        return GROUPS.stream().flatMap(group -> leadership.handovers(groupPrefix + group).stream().map(handover -> handover(group, handover)))
                .toList();
    }

    private static Map<String, Object> handover(String group, Handover handover) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", "handover");
        entry.put("pipeline", group);
        entry.put("from", handover.from());
        entry.put("to", handover.to());
        entry.put("lastRenewal", text(handover.lastRenewal()));
        entry.put("acquiredAt", text(handover.acquiredAt()));
        entry.put("leaderlessMillis", handover.leaderless().toMillis());
        entry.put("tookOver", handover.tookOver());
        return entry;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
