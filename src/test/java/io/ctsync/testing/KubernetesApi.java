package io.ctsync.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kubernetes API on loopback: fabric8's mock server in CRUD mode, which keeps what it is sent
 * (coordination.k8s.io/v1 Leases with resourceVersion conflicts, pods) as an API server does, over
 * plain HTTP, in the namespace {@code ctsync}. Pods stand for the processes under test, their
 * readiness set as the kubelet would set it.
 */
public final class KubernetesApi implements AutoCloseable {

    public static final String NAMESPACE = "ctsync";

    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
    private final NamespacedKubernetesClient client;

    public KubernetesApi() {
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient().inNamespace(NAMESPACE);
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** What a process needs to find this API as the pod {@code pod} (the fabric8 client's variables; the host name is the pod's). */
    public Map<String, String> environment(String pod) {
        return Map.of("KUBERNETES_MASTER", "http://127.0.0.1:" + server.getPort(), "KUBERNETES_NAMESPACE", NAMESPACE,
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false", "HOSTNAME", pod);
    }

    /** Creates or updates the pod as Running, Ready or not, as the kubelet reports a container that runs, dies or exits. */
    public void pod(String name, boolean ready) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewStatus().withPhase(ready ? "Running" : "Failed")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        client.pods().resource(pod).createOr(existing -> existing.update());
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
