package io.ctsync.leadership;

import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The cluster service behind the routes' {@code master:} endpoints: only the leader runs a
 * scheduled route. Camel's master component refuses to start without one, so a single machine
 * gets a file lock ({@code ctsync.cluster=file}, the default), which also makes two processes
 * sharing a disk a leader and a standby; on Kubernetes ({@code ctsync.cluster=kubernetes}) the
 * replicas compete for a coordination.k8s.io Lease in their namespace.
 * <p>
 * The election is scoped to the pipeline: exporters of different pipelines never wait for each
 * other. The state database stays the last word: even a stale leader cannot write a sequence
 * number that another process holds.
 */
public final class LeaderElection {

    private LeaderElection() {
    }

    /**
     * {@code single}: the one pipeline of a classic configuration, whose groups ({@code export},
     * {@code import}, {@code retention}) are scoped by a lock directory or Lease name of its own,
     * as they always were; null when the process runs several pipelines, whose groups carry the
     * pipeline's name ({@code shop.erp.dwh-export}) under the shared root (docs/operations.md, "Many pipelines").
     */
    public static CamelClusterService clusterService(Settings settings, CtsyncConfig single) {
        String type = settings.get("ctsync.cluster", "file");
        return switch (type) {
            case "file" -> fileLock(settings, single);
            case "kubernetes" -> kubernetesLease(settings, single);
            default -> throw new ConfigException("ctsync.cluster", "unknown cluster '" + type + "'",
                    "use file (one machine or a shared disk) or kubernetes (a Lease in the pod's namespace)");
        };
    }

    private static CamelClusterService fileLock(Settings settings, CtsyncConfig config) {
        Path root = Path.of(settings.get("ctsync.cluster.file.root", "./data/cluster"));
        if (config != null) {
            root = root.resolve(config.application() + "_" + config.sourceName() + "_" + config.destinationName());
        }
        FileLockClusterService service = new FileLockClusterService();
        service.setId("ctsync-file-lock");
        service.setRoot(root.toAbsolutePath().toString());
        // trying a local file lock costs nothing: a new or standby process takes over within a second, not Camel's default ten
        service.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(1, TimeUnit.SECONDS);
        return service;
    }

    private static CamelClusterService kubernetesLease(Settings settings, CtsyncConfig config) {
        KubernetesClusterService service = new KubernetesClusterService();
        service.setId("ctsync-kubernetes-lease");
        service.setLeaseResourceType(LeaseResourceType.Lease);
        // One Lease per pipeline and route group: <prefix>-<application>-<source>-<destination>-export
        // with several pipelines: <prefix>-<application>.<source>.<destination>-export
        String prefix = settings.get("ctsync.cluster.kubernetes.lease-prefix", "ctsync");
        service.setKubernetesResourceName((config == null ? prefix : prefix + "-" + config.application() + "-" + config.sourceName() + "-"
                + config.destinationName()).toLowerCase(Locale.ROOT));
        // The Lease lives in the pod's own namespace (its service account's), where k8s/ grants the Role
        return service;
    }
}
