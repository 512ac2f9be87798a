package io.ctsync.leadership;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

import java.time.Clock;

/**
 * Camel's cluster service behind the routes' {@code master:} endpoints, with client-go's election
 * on a lease per group ({@link LeaseView}), kept where {@link Stores} says: Kubernetes Leases or
 * files; what each view sees of its lease goes to {@link Leadership}. Stopping it (after the routes) gives every lease this process holds up.
 */
public final class LeaseClusterService extends AbstractCamelClusterService<LeaseView> {

    /** Opens the lease of a group; closed with the service. */
    public interface Stores extends AutoCloseable {

        LeaseStore lease(String group) throws Exception;

        @Override
        void close();
    }

    private final String identity;
    private final ElectionTiming timing;
    private final Stores stores;
    private final Leadership leadership;

    public LeaseClusterService(String id, String identity, ElectionTiming timing, Stores stores, Leadership leadership) {
        super(id);
        this.identity = identity;
        this.timing = timing;
        this.stores = stores;
        this.leadership = leadership;
    }

    @Override
    protected LeaseView createView(String group) throws Exception {
        MeterRegistry registry = getCamelContext() == null ? null
                : getCamelContext().getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        return new LeaseView(this, group, new LeaseElector(stores.lease(group), identity, timing, Clock.systemUTC()), timing, registry,
                leadership);
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop();
        } finally {
            stores.close();
        }
    }
}
