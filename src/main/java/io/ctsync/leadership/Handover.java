package io.ctsync.leadership;

import java.time.Duration;
import java.time.Instant;

/**
 * One change of a group's leader, as the lease record tells it: the holder before, the holder
 * after, the previous holder's last write to the lease (its last renewal, or the moment it gave
 * the lease up) and the new holder's acquisition. Between the two the group had no leader.
 *
 * @param from        the holder before; null when this process never saw one (it started after the lease was given up)
 * @param lastRenewal the previous holder's last write to the lease as this process read it
 * @param tookOver    whether this process is the new holder: it read the very record it replaced,
 *                    so {@code lastRenewal} is exact; another process may have missed the last renewal or the release
 */
public record Handover(String from, String to, Instant lastRenewal, Instant acquiredAt, boolean tookOver) {

    /** From the previous holder's last write to the new holder's acquisition; never negative, whatever the two clocks say. */
    public Duration leaderless() {
        Duration gap = Duration.between(lastRenewal, acquiredAt);
        return gap.isNegative() ? Duration.ZERO : gap;
    }
}
