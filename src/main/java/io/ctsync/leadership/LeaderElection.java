package io.ctsync.leadership;

import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.camel.cluster.CamelClusterService;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cluster service behind the routes' {@code master:} endpoints: only the leader runs a
 * scheduled route. Camel's master component refuses to start without one, so a single machine
 * gets a lease file ({@code ctsync.cluster=file}, the default), which also makes two processes
 * sharing a disk a leader and a standby; on Kubernetes ({@code ctsync.cluster=kubernetes}) the
 * replicas compete for a coordination.k8s.io Lease in their namespace. Both elect with client-go's
 * rules and the same timing keys ({@link ElectionTiming}; docs/operations.md, "Running on Kubernetes").
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
     * Each group's leader and hand-overs go to {@code leadership}.
     */
    public static CamelClusterService clusterService(Settings settings, CtsyncConfig single, Leadership leadership) {
        String type = settings.get("ctsync.cluster", "file");
        ElectionTiming timing = ElectionTiming.of(settings);
        return switch (type) {
            case "file" -> new LeaseClusterService("ctsync-file-lock", hostName() + ":" + ProcessHandle.current().pid(), timing,
                    leaseFiles(settings, single), leadership);
            case "kubernetes" -> new LeaseClusterService("ctsync-kubernetes-lease", podName(), timing, leases(settings, single), leadership);
            default -> throw new ConfigException("ctsync.cluster", "unknown cluster '" + type + "'",
                    "use file (one machine or a shared disk) or kubernetes (a Lease in the pod's namespace)");
        };
    }

    private static LeaseClusterService.Stores leaseFiles(Settings settings, CtsyncConfig config) {
        Path root = Path.of(settings.get("ctsync.cluster.file.root", "./data/cluster"));
        Path directory = (config == null ? root : root.resolve(config.application() + "_" + config.sourceName() + "_" + config.destinationName()))
                .toAbsolutePath();
        return new LeaseClusterService.Stores() {
            @Override
            public LeaseStore lease(String group) throws Exception {
                return new FileLeases(directory.resolve(group + ".lease"));
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * One Lease per pipeline and route group, in the pod's own namespace (its service account's,
     * where k8s/ grants the Role): {@code <prefix>-<application>-<source>-<destination>-export},
     * with several pipelines {@code <prefix>-<application>.<source>.<destination>-export}.
     */
    private static LeaseClusterService.Stores leases(Settings settings, CtsyncConfig config) {
        String prefix = settings.get("ctsync.cluster.kubernetes.lease-prefix", "ctsync");
        String base = config == null ? prefix : prefix + "-" + config.application() + "-" + config.sourceName() + "-" + config.destinationName();
        return new LeaseClusterService.Stores() {
            private KubernetesClient client;

            @Override
            public synchronized LeaseStore lease(String group) {
                if (client == null) {
                    client = new KubernetesClientBuilder().build();
                }
                String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
                return new KubernetesLeases(client, namespace, (base + "-" + group).toLowerCase(Locale.ROOT));
            }

            @Override
            public synchronized void close() {
                if (client != null) {
                    client.close();
                }
            }
        };
    }

    /** The pod's name, which Kubernetes gives the container as its host name. */
    private static String podName() {
        String name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() ? hostName() : name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
