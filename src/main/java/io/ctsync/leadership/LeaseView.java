package io.ctsync.leadership;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One election group ({@code export}, {@code import}, {@code retention}, each of a pipeline) as
 * Camel's {@code master:} endpoints see it: a round of {@link LeaseElector} every retry period
 * (plus up to 20% jitter, as client-go's), leadership events for the master consumers (Camel starts
 * a new leader's scheduled consumers after its master component's back-off delay, 1 s, and the
 * first cycle comes on the schedule's next tick), the metrics {@code ctsync_leader} and
 * {@code ctsync_leadership_changes_total}, the leader and each hand-over for {@link Leadership}; and on stop, once the group's routes have no exchange
 * in flight ({@link GroupRoutes}: the cycle a SIGTERM interrupted has finished), the lease given up.
 */
final class LeaseView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseView.class);
    private static final double JITTER = 0.2;
    private static final Duration FINISH_CYCLE = Duration.ofMinutes(5);

    private final LeaseElector elector;
    private final ElectionTiming timing;
    private final MeterRegistry registry;
    private final Leadership leadership;
    private final AtomicInteger leaderGauge = new AtomicInteger();
    private final Member local;
    private ScheduledExecutorService rounds;
    private Counter changes;
    private volatile boolean leading;

    LeaseView(CamelClusterService service, String namespace, LeaseElector elector, ElectionTiming timing, MeterRegistry registry,
              Leadership leadership) {
        super(service, namespace);
        this.elector = elector;
        this.timing = timing;
        this.registry = registry;
        this.leadership = leadership;
        this.local = new Member(elector.identity(), true);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (leading) {
            return Optional.of(local);
        }
        String holder = elector.holder();
        return holder == null || holder.isEmpty() ? Optional.empty() : Optional.of(new Member(holder, false));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return getLeader().filter(leader -> !leader.isLocal()).<List<CamelClusterMember>>map(leader -> List.of(local, leader)).orElse(List.of(local));
    }

    @Override
    protected void doStart() {
        if (registry != null) {
            Tags tags = Tags.of("pipeline", role(), "group", getNamespace());
            Gauge.builder("ctsync.leader", leaderGauge, AtomicInteger::get).tags(tags)
                    .description("1 while this process leads the group, 0 while it stands by").register(registry);
            changes = Counter.builder("ctsync.leadership.changes").tags(tags)
                    .description("Times this process took or lost the group's leadership").register(registry);
        }
        rounds = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ctsync-election-" + getNamespace());
            thread.setDaemon(true);
            return thread;
        });
        rounds.execute(this::round);
    }

    @Override
    protected void doStop() throws Exception {
        GroupRoutes.awaitIdle(getCamelContext(), getNamespace(), FINISH_CYCLE);
        rounds.shutdownNow();
        rounds.awaitTermination(timing.renewDeadline().toMillis(), TimeUnit.MILLISECONDS);
        boolean wasLeading = leading;
        try {
            if (elector.release()) {
                LOG.info("gave up the leadership of {} ({})", getNamespace(), elector.identity());
            }
        } catch (Exception e) {
            LOG.warn("could not give up the leadership of {}: {}; a standby takes over when the lease expires", getNamespace(), e.toString());
        }
        if (wasLeading) {
            changed(false);
        }
    }

    private void round() {
        try {
            boolean now = elector.round();
            if (now != leading) {
                changed(now);
                fireLeadershipChangedEvent(getLeader().orElse(null));
            }
            report();
        } catch (RuntimeException e) {
            LOG.warn("leader election of {} failed this round: {}", getNamespace(), e.toString());
        } finally {
            if (!rounds.isShutdown()) {
                long period = timing.retryPeriod().toMillis();
                long delay = leading ? period : period + (long) (period * JITTER * ThreadLocalRandom.current().nextDouble());
                rounds.schedule(this::round, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The lease as this round left it, and the hand-over it saw if any, for the API and the status page. */
    private void report() {
        elector.takeHandover().ifPresent(handover -> {
            leadership.handedOver(getNamespace(), handover);
            LOG.info("{} took the leadership of {} over from {}: no leader for {} ms, from its last write to the lease at {} to {}",
                    handover.to(), getNamespace(), handover.from() == null ? "a holder that had given it up" : handover.from(),
                    handover.leaderless().toMillis(), handover.lastRenewal(), handover.acquiredAt());
        });
        LeaseRecord lease = elector.observed();
        if (lease != null) {
            leadership.leader(getNamespace(), lease.released() ? new Leadership.Leader("", false, null)
                    : new Leadership.Leader(lease.holder(), leading, lease.acquireTime()));
        }
    }

    private void changed(boolean now) {
        leading = now;
        leaderGauge.set(now ? 1 : 0);
        if (changes != null) {
            changes.increment();
        }
        LOG.info("{} the leadership of {} ({})", now ? "took" : "lost", getNamespace(), elector.identity());
    }

    /** What the group elects for: the part after the pipeline's prefix ({@code shop.erp.dwh-export} leads {@code export}). */
    private String role() {
        String namespace = getNamespace();
        return namespace.substring(namespace.lastIndexOf('-') + 1);
    }

    /** This process, leader while {@link #leading}; or the other process the lease names, listed only as the leader. */
    private final class Member implements CamelClusterMember {

        private final String id;
        private final boolean local;

        Member(String id, boolean local) {
            this.id = id;
            this.local = local;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isLocal() {
            return local;
        }

        @Override
        public boolean isLeader() {
            return !local || leading;
        }
    }
}
