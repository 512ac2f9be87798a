package io.ctsync.leadership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of client-go's leader election on a lease, called every retry period: a standby takes
 * the lease when it is free, released, or its holder has not renewed it for the lease's duration
 * as this process observed it (its own clock, so no two clocks need agree); the leader renews it,
 * and steps down when it has not managed to for the renew deadline. A replace carries the version
 * read, so of two processes that both see the lease expire, one wins and the other reads again.
 * <p>
 * Every new acquisition of the lease it reads (or writes) is a {@link Handover}: the record read
 * before it names the previous holder and its last write to the lease.
 */
final class LeaseElector {

    private final LeaseStore store;
    private final String identity;
    private final ElectionTiming timing;
    private final Clock clock;
    private LeaseRecord observed;
    private Instant observedAt;
    private Instant renewedAt;
    /** The last holder seen, kept across a release, which clears the holder in the lease. */
    private String lastHolder;
    private Handover handover;

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

    /** The lease as last read or written: who holds it since when; null before the first round. */
    LeaseRecord observed() {
        return observed;
    }

    /** The hand-over the last rounds saw, once: empty when the lease changed hands in none of them. */
    Optional<Handover> takeHandover() {
        Optional<Handover> seen = Optional.ofNullable(handover);
        handover = null;
        return seen;
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
        LeaseRecord next = new LeaseRecord(identity, acquired, now, seconds, transitions, current.version());
        boolean replaced = store.replace(next);
        if (replaced) {
            observe(next, now);
        }
        return replaced;
    }

    /**
     * Notes a lease that changed since the last one read; a new acquisition (a holder with another
     * acquire time than the record before it) is a hand-over from the holder that record named, or,
     * if it was given up, from the last holder seen.
     */
    private void observe(LeaseRecord current, Instant now) {
        if (current == null || observed != null && observed.content().equals(current.content())) {
            return;
        }
        LeaseRecord previous = observed;
        if (previous != null && !current.released() && !Objects.equals(previous.acquireTime(), current.acquireTime())) {
            handover = new Handover(previous.released() ? lastHolder : previous.holder(), current.holder(), previous.renewTime(),
                    current.acquireTime(), current.heldBy(identity));
        }
        if (!current.released()) {
            lastHolder = current.holder();
        }
        observed = current;
        observedAt = now;
    }
}
