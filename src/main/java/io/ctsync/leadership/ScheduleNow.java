package io.ctsync.leadership;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fires a scheduled route's Quartz job once, now: what a process that takes a group's leadership
 * over from another holder (one that died, froze or gave it up) does, so that its first cycle comes
 * at once and not at the schedule's next tick, a minute later with the default cron
 * (docs/operations.md, "Leadership and failover"). A process that creates the lease, on a first
 * start, hands nothing over and waits for its schedule as before. Camel's master component
 * starts the schedule's consumer, and with it the job, a moment after the leadership event, and a
 * firing that meets no consumer is dropped: so this waits until the job's trigger is scheduled.
 * Going through the job rather than beside it keeps the cycle on the route that runs the schedule,
 * and Quartz runs a stateful job's firings one at a time, so the next tick waits for it.
 */
public final class ScheduleNow {

    private static final Duration SCHEDULED_WITHIN = Duration.ofSeconds(30);

    private final Leadership leadership;

    public ScheduleNow(Leadership leadership) {
        this.leadership = leadership;
    }

    /**
     * {@code job}: the Quartz job of a {@code quartz:<group>/<name>} endpoint, written
     * {@code <group>/<name>}; {@code group}: the election group whose leadership this process just took.
     * True when it fired the job.
     */
    public boolean fire(Exchange exchange, String job, String group) throws SchedulerException, InterruptedException {
        if (!tookOver(group)) {
            return false;
        }
        CamelContext context = exchange.getContext();
        int slash = job.indexOf('/');
        TriggerKey key = TriggerKey.triggerKey(job.substring(slash + 1), job.substring(0, slash));
        Scheduler scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
        Instant deadline = Instant.now().plus(SCHEDULED_WITHIN);
        Trigger trigger;
        while ((trigger = scheduler.getTrigger(key)) == null) {
            if (Instant.now().isAfter(deadline) || !context.getStatus().isStarted()) {
                // leadership lost again, or the process stops: the schedule's own ticks go on where it leads
                return false;
            }
            Thread.sleep(50);
        }
        scheduler.triggerJob(trigger.getJobKey());
        return true;
    }

    /** Whether this process holds the group's lease since a hand-over it took, rather than since it created the lease. */
    private boolean tookOver(String group) {
        Leadership.Leader leader = leadership.leader(group).orElse(null);
        List<Handover> handovers = leadership.handovers(group);
        return leader != null && leader.thisProcess() && !handovers.isEmpty() && handovers.get(0).tookOver()
                && handovers.get(0).acquiredAt().equals(leader.since());
    }
}
