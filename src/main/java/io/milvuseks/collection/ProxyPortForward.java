package io.milvuseks.collection;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;

/**
 * A port-forward through the Kubernetes API to the Milvus proxy service, so Milvus never needs a public address.
 * Uses the stack's kubeconfig output (which authenticates with {@code aws eks get-token}).
 */
public final class ProxyPortForward implements AutoCloseable {

    private final KubernetesClient client;
    private final LocalPortForward forward;

    private ProxyPortForward(KubernetesClient client, LocalPortForward forward) {
        this.client = client;
        this.forward = forward;
    }

    public static ProxyPortForward open(StackOutputValues outputs) {
        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(outputs.kubeconfig())).build();
        } catch (RuntimeException ex) {
            throw new MilvusFailure("reading the stack's kubeconfig output: " + MilvusErrors.outerAndRoot(ex));
        }
        try {
            var service = client.services().inNamespace(outputs.namespace()).withName(outputs.proxyService());
            if (service.get() == null) {
                throw new MilvusFailure("service " + outputs.namespace() + "/" + outputs.proxyService()
                        + " not found in the cluster; is the Milvus release deployed?");
            }
            return new ProxyPortForward(client, service.portForward(outputs.proxyPort()));
        } catch (MilvusFailure ex) {
            client.close();
            throw ex;
        } catch (RuntimeException ex) {
            client.close();
            throw new MilvusFailure("port-forward to " + outputs + " via the Kubernetes API: "
                    + MilvusErrors.outerAndRoot(ex));
        }
    }

    public int localPort() {
        return forward.getLocalPort();
    }

    @Override
    public void close() {
        try {
            forward.close();
        } catch (Exception ignored) {
            // closing a tunnel that already broke is not an error worth a line
        }
        client.close();
    }
}
