package io.ctsync.leadership;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process knows of the elections it takes part in, for the API and the status page:
 * each group's current leader and the last hand-overs it saw. Kept in memory, as the cycle history
 * is; the lease itself is the durable record of who leads.
 */
public final class Leadership {

    /** The holder of a group's lease at the last round: {@code holder} empty when nobody holds it. */
    public record Leader(String holder, boolean thisProcess, Instant since) {
    }

    private static final int HANDOVERS_KEPT = 20;

    private final Map<String, Leader> leaders = new ConcurrentHashMap<>();
    private final Map<String, Deque<Handover>> handovers = new ConcurrentHashMap<>();

    /** The group's leader, if this process takes part in its election. */
    public Optional<Leader> leader(String group) {
        return Optional.ofNullable(leaders.get(group));
    }

    /** The group's last hand-overs, newest first. */
    public List<Handover> handovers(String group) {
        Deque<Handover> seen = handovers.get(group);
        if (seen == null) {
            return List.of();
        }
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    void leader(String group, Leader leader) {
        leaders.put(group, leader);
    }

    void handedOver(String group, Handover handover) {
        Deque<Handover> seen = handovers.computeIfAbsent(group, g -> new ArrayDeque<>());
        synchronized (seen) {
            if (seen.size() == HANDOVERS_KEPT) {
                seen.removeLast();
            }
            seen.addFirst(handover);
        }
    }
}
