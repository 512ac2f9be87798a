package io.ctsync.leadership;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A lease kept as a coordination.k8s.io/v1 Lease; a replace is an update on the resourceVersion read, refused with 409 if it changed. */
final class KubernetesLeases implements LeaseStore {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    KubernetesLeases(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public LeaseRecord read() {
        Lease lease = client.leases().inNamespace(namespace).withName(name).get();
        if (lease == null) {
            return null;
        }
        LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
        return new LeaseRecord(spec.getHolderIdentity(), instant(spec.getAcquireTime()), instant(spec.getRenewTime()),
                spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds(),
                spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(), lease.getMetadata().getResourceVersion());
    }

    @Override
    public boolean create(LeaseRecord lease) {
        return refusedOn(HttpURLConnection.HTTP_CONFLICT, () -> client.leases().inNamespace(namespace).resource(lease(lease)).create());
    }

    @Override
    public boolean replace(LeaseRecord next) {
        return refusedOn(HttpURLConnection.HTTP_CONFLICT, () -> client.leases().inNamespace(namespace).resource(lease(next)).update());
    }

    @Override
    public String describe() {
        return "Lease " + namespace + "/" + name;
    }

    private Lease lease(LeaseRecord record) {
        return new LeaseBuilder().withNewMetadata().withName(name).withNamespace(namespace).withResourceVersion(record.version()).endMetadata()
                .withNewSpec().withHolderIdentity(record.holder()).withAcquireTime(time(record.acquireTime()))
                .withRenewTime(time(record.renewTime())).withLeaseDurationSeconds(record.leaseDurationSeconds())
                .withLeaseTransitions(record.transitions()).endSpec().build();
    }

    /** True when the call went through; false when the API server refused it with {@code status} (another process was first). */
    private static boolean refusedOn(int status, Runnable call) {
        try {
            call.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == status) {
                return false;
            }
            throw e;
        }
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static ZonedDateTime time(Instant instant) {
        return instant == null ? null : instant.atZone(ZoneOffset.UTC);
    }
}
