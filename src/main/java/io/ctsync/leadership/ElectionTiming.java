package io.ctsync.leadership;

import io.ctsync.config.ConfigException;
import io.ctsync.config.Settings;

import java.time.Duration;

/**
 * The election's timing, client-go's three durations: a standby takes the lease once its holder
 * has not renewed it for {@code leaseDuration}; a leader that cannot renew within
 * {@code renewDeadline} steps down; both try every {@code retryPeriod}, with jitter.
 */
public record ElectionTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    static final String LEASE_DURATION = "ctsync.cluster.lease-duration";
    static final String RENEW_DEADLINE = "ctsync.cluster.renew-deadline";
    static final String RETRY_PERIOD = "ctsync.cluster.retry-period";

    /** A leader renews before its lease runs out, and tries more than once within its deadline: refused otherwise. */
    public ElectionTiming {
        if (retryPeriod.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ConfigException(RETRY_PERIOD, "is " + retryPeriod + ", below 100 ms", "write PT1S, the default, or more");
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new ConfigException(RENEW_DEADLINE, "is " + renewDeadline + ", not below the lease duration (" + leaseDuration
                    + "): a standby could take the lease while the leader still thinks it leads", "make it shorter than " + LEASE_DURATION);
        }
        if (retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new ConfigException(RETRY_PERIOD, "is " + retryPeriod + ", not below the renew deadline (" + renewDeadline
                    + "): a leader would get one try to renew", "make it shorter than " + RENEW_DEADLINE);
        }
    }

    public static ElectionTiming of(Settings settings) {
        return new ElectionTiming(settings.getDuration(LEASE_DURATION, Duration.ofSeconds(10)),
                settings.getDuration(RENEW_DEADLINE, Duration.ofSeconds(7)), settings.getDuration(RETRY_PERIOD, Duration.ofSeconds(1)));
    }
}
