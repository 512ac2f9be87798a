package io.ctsync;

import io.ctsync.leadership.Leadership;
import io.ctsync.leadership.ScheduleNow;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.quartz.QuartzComponent;

/**
 * What the scheduled routes of every pipeline share, for Camel Main: the Quartz pool they fire
 * from, the leader election behind their {@code master:} endpoints and what fires a schedule on a
 * take-over; {@code --once} starts none of them (the meter registry is bound earlier, {@code Monitoring.install}).
 */
final class ProcessConfiguration implements CamelConfiguration {

    /** Null, and so not bound, for {@code --once}. */
    @BindToRegistry("quartz")
    private final QuartzComponent quartz;
    private final CamelClusterService leaderElection;
    /** What the take-over routes call; null for {@code --once}, which has none. */
    @BindToRegistry("scheduleNow")
    private final ScheduleNow scheduleNow;

    ProcessConfiguration(QuartzComponent quartz, CamelClusterService leaderElection, Leadership leadership) {
        this.quartz = quartz;
        this.leaderElection = leaderElection;
        this.scheduleNow = leaderElection == null ? null : new ScheduleNow(leadership);
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        if (leaderElection != null) {
            // the master component asks the context's services, which Camel Main fills from its registry before configuration classes run
            camelContext.addService(leaderElection);
        }
    }
}
