package io.ctsync;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.quartz.QuartzComponent;

/**
 * What the scheduled routes of every pipeline share, for Camel Main: the Quartz pool they fire
 * from and the leader election behind their {@code master:} endpoints; {@code --once} starts
 * neither (the meter registry is bound earlier, {@code Monitoring.install}).
 */
final class ProcessConfiguration implements CamelConfiguration {

    /** Null, and so not bound, for {@code --once}. */
    @BindToRegistry("quartz")
    private final QuartzComponent quartz;
    private final CamelClusterService leaderElection;

    ProcessConfiguration(QuartzComponent quartz, CamelClusterService leaderElection) {
        this.quartz = quartz;
        this.leaderElection = leaderElection;
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        if (leaderElection != null) {
            // the master component asks the context's services, which Camel Main fills from its registry before configuration classes run
            camelContext.addService(leaderElection);
        }
    }
}
