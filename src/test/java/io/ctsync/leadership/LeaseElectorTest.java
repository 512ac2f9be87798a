package io.ctsync.leadership;

import io.ctsync.config.ConfigException;
import io.ctsync.testing.KubernetesApi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * client-go's election rules, round by round on a clock the test moves, against a real lease
 * store: a Lease on a Kubernetes API (fabric8's mock server in CRUD mode) and a lease file.
 */
@Tag("unit")
class LeaseElectorTest {

    private static final ElectionTiming TIMING = new ElectionTiming(Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofSeconds(1));

    @TempDir
    Path dir;
    private KubernetesApi api;
    private final MovingClock clock = new MovingClock();

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "file"})
    void aStandbyTakesTheLeaseOnceItsHolderHasNotRenewedItForTheLeaseDurationWhateverElseIsTrue(String kind) throws Exception {
        LeaseElector a = new LeaseElector(store(kind), "pod-a", TIMING, clock);
        LeaseElector b = new LeaseElector(store(kind), "pod-b", TIMING, clock);

        assertThat(a.round()).as("the first takes the free lease").isTrue();
        assertThat(b.round()).isFalse();
        assertThat(b.holder()).isEqualTo("pod-a");
        for (int second = 1; second <= 20; second++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(a.round()).as("the leader renews, second %s", second).isTrue();
            assertThat(b.round()).as("the standby waits while it renews").isFalse();
        }
        // a frozen leader: it renews no more, its pod (here: nothing) says nothing
        clock.advance(Duration.ofSeconds(9));
        assertThat(b.round()).as("9 s after the last renewal it observed").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.round()).as("10 s: the lease has expired").isTrue();
        assertThat(store(kind).read().transitions()).isEqualTo(1);
        assertThat(a.round()).as("the old leader, thawed 10 s after its last renewal, past its renew deadline, steps down").isFalse();
        assertThat(a.leading()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "file"})
    void aLeaderThatCannotRenewKeepsLeadingUntilItsRenewDeadline(String kind) throws Exception {
        LeaseStore store = store(kind);
        LeaseElector a = new LeaseElector(store, "pod-a", TIMING, clock);
        assertThat(a.round()).isTrue();
        // another writer changes the lease under it: every renewal is refused on its version
        LeaseRecord taken = store.read();
        assertThat(store.replace(new LeaseRecord("pod-x", taken.acquireTime(), clock.instant(), 10, 1, taken.version()))).isTrue();
        assertThat(store.replace(new LeaseRecord("pod-y", taken.acquireTime(), clock.instant(), 10, 1, taken.version())))
                .as("a replace on a version that is gone is refused").isFalse();
        clock.advance(Duration.ofSeconds(6));
        assertThat(a.round()).as("6 s without a renewal: still within the renew deadline").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.round()).as("7 s: steps down").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "file"})
    void aReleasedLeaseIsTakenAtTheNextRound(String kind) throws Exception {
        LeaseElector a = new LeaseElector(store(kind), "pod-a", TIMING, clock);
        LeaseElector b = new LeaseElector(store(kind), "pod-b", TIMING, clock);
        assertThat(a.round()).isTrue();
        assertThat(b.round()).isFalse();

        assertThat(a.release()).isTrue();
        LeaseRecord released = store(kind).read();
        assertThat(released.holder()).isEmpty();
        assertThat(released.leaseDurationSeconds()).isEqualTo(1);
        assertThat(b.round()).as("no wait for the lease duration").isTrue();
        assertThat(a.release()).as("a lease another holds is not given up").isFalse();
        assertThat(store(kind).read().holder()).isEqualTo("pod-b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes", "file"})
    void eachHandOverNamesBothHoldersTheLastRenewalAndTheAcquisition(String kind) throws Exception {
        LeaseElector a = new LeaseElector(store(kind), "pod-a", TIMING, clock);
        LeaseElector b = new LeaseElector(store(kind), "pod-b", TIMING, clock);
        LeaseElector c = new LeaseElector(store(kind), "pod-c", TIMING, clock);
        Instant start = clock.instant();
        assertThat(a.round()).isTrue();
        assertThat(a.takeHandover()).as("creating the lease hands nothing over").isEmpty();
        assertThat(b.round()).isFalse();
        assertThat(c.round()).isFalse();
        assertThat(b.takeHandover()).as("a standby's first look is no hand-over").isEmpty();

        // a clean stop: pod-a gives the lease up 3 s later, pod-b takes it 1.5 s after that
        clock.advance(Duration.ofSeconds(3));
        Instant released = clock.instant();
        assertThat(a.release()).isTrue();
        clock.advance(Duration.ofMillis(1500));
        Instant taken = clock.instant();
        assertThat(b.round()).isTrue();
        Handover handover = b.takeHandover().orElseThrow();
        assertThat(handover).isEqualTo(new Handover("pod-a", "pod-b", released, taken, true));
        assertThat(handover.leaderless()).isEqualTo(Duration.ofMillis(1500));
        assertThat(b.takeHandover()).as("told once").isEmpty();
        assertThat(b.observed().acquireTime()).isEqualTo(taken);
        // pod-c missed the release: the record before pod-b's that it read is pod-a's first
        assertThat(c.round()).isFalse();
        assertThat(c.takeHandover()).contains(new Handover("pod-a", "pod-b", start, taken, false));

        // a crash: pod-b renews twice, then stops; pod-c takes the lease once it has not changed for 10 s
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.round()).isTrue();
        Instant lastRenewal = clock.instant();
        assertThat(c.round()).isFalse();
        assertThat(c.takeHandover()).as("a renewal hands nothing over").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(c.round()).isTrue();
        assertThat(c.takeHandover()).contains(new Handover("pod-b", "pod-c", lastRenewal, clock.instant(), true));
        assertThat(b.round()).as("the old leader, thawed past its renew deadline").isFalse();
        assertThat(b.takeHandover()).as("it reads its lease taken, from its own last renewal")
                .contains(new Handover("pod-b", "pod-c", lastRenewal, lastRenewal.plusSeconds(10), false));
    }

    @Test
    void theTimingIsRefusedWhenALeaderCouldNotRenewInTime() {
        assertThatThrownBy(() -> new ElectionTiming(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ctsync.cluster.renew-deadline: is PT10S, not below the lease duration (PT10S)");
        assertThatThrownBy(() -> new ElectionTiming(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ctsync.cluster.retry-period: is PT2S, not below the renew deadline (PT2S)");
    }

    private LeaseStore store(String kind) throws Exception {
        if (kind.equals("file")) {
            return new FileLeases(dir.resolve("export.lease"));
        }
        if (api == null) {
            api = new KubernetesApi();
        }
        return new KubernetesLeases(api.client(), KubernetesApi.NAMESPACE, "ctsync-shop-erp-dwh-export");
    }

    private static final class MovingClock extends Clock {

        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
