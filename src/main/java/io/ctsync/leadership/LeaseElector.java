package io.ctsync.leadership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One round of client-go's leader election on a lease, called every retry period: a standby takes
 * the lease when it is free, released, or its holder has not renewed it for the lease's duration
 * as this process observed it (its own clock, so no two clocks need agree); the leader renews it,
 * and steps down when it has not managed to for the renew deadline. A replace carries the version
 * read, so of two processes that both see the lease expire, one wins and the other reads again.
 */
final class LeaseElector {

    private final LeaseStore store;
    private final String identity;
    private final ElectionTiming timing;
    private final Clock clock;
    private LeaseRecord observed;
    private Instant observedAt;
    private Instant renewedAt;

    LeaseElector(LeaseStore store, String identity, ElectionTiming timing, Clock clock) {
        this.store = store;
        this.identity = identity;
        this.timing = timing;
        this.clock = clock;
    }

    String identity() {
        return identity;
    }

    /** Whether this process leads after one round; a failing store counts as a failed try. */
    boolean round() {
        Instant now = clock.instant();
        boolean leading = renewedAt != null;
        boolean renewed;
        try {
            renewed = tryAcquireOrRenew(now);
        } catch (Exception unreachable) {
            renewed = false;
        }
        if (renewed) {
            renewedAt = now;
        } else if (leading && Duration.between(renewedAt, now).compareTo(timing.renewDeadline()) >= 0) {
            renewedAt = null;
        }
        return renewedAt != null;
    }

    boolean leading() {
        return renewedAt != null;
    }

    /** The holder last read from the store: this process, another one, or nobody (null or empty). */
    String holder() {
        return observed == null ? null : observed.holder();
    }

    /**
     * Gives the lease up if this process holds it, as client-go's ReleaseOnCancel does: the holder
     * cleared and a one-second duration, replaced on the version read so that a lease another
     * process took meanwhile stays its own. True when released.
     */
    boolean release() throws Exception {
        renewedAt = null;
        LeaseRecord current = store.read();
        if (current == null || !current.heldBy(identity)) {
            return false;
        }
        return store.replace(new LeaseRecord("", current.acquireTime(), clock.instant(), 1, current.transitions(), current.version()));
    }

    private boolean tryAcquireOrRenew(Instant now) throws Exception {
        int seconds = (int) Math.max(1, timing.leaseDuration().toSeconds());
        LeaseRecord current = store.read();
        if (current == null) {
            boolean created = store.create(new LeaseRecord(identity, now, now, seconds, 0, null));
            observe(store.read(), now);
            return created;
        }
        observe(current, now);
        boolean mine = current.heldBy(identity);
        if (!mine && !current.released() && observedAt.plusSeconds(current.leaseDurationSeconds()).isAfter(now)) {
            return false;
        }
        Instant acquired = mine ? current.acquireTime() : now;
        int transitions = mine ? current.transitions() : current.transitions() + 1;
        return store.replace(new LeaseRecord(identity, acquired, now, seconds, transitions, current.version()));
    }

    private void observe(LeaseRecord current, Instant now) {
        if (current != null && (observed == null || !observed.content().equals(current.content()))) {
            observed = current;
            observedAt = now;
        }
    }
}
