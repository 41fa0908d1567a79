package io.milvuseks.kube;

import io.milvuseks.kube.PlanManifests.Manifest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Sends manifests as {@code kubectl apply --server-side [--dry-run=server]} with strict field validation would,
 * in helm's install order (helm 3.18 pkg/releaseutil/kind_sorter.go InstallOrder; kinds it does not list, such as
 * custom resources, after). Objects that route API requests to pods — admission webhooks and aggregated APIs — go
 * last: their pods never run here, so once registered every request they cover would fail; the tier validates
 * their configuration objects but cannot run what they would admit or serve.
 */
final class Applier {

    static final List<String> INSTALL_ORDER = List.of("PriorityClass", "Namespace", "NetworkPolicy",
            "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret",
            "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
            "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
            "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet",
            "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet",
            "Job", "CronJob", "IngressClass", "Ingress", "APIService");

    static final List<String> ROUTING = List.of("APIService", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration");

    private final KubeApi api;
    /** The server's warnings on accepted objects, "source: Kind ns/name: warning", in order, without repeats. */
    final java.util.LinkedHashSet<String> warnings = new java.util.LinkedHashSet<>();

    Applier(KubeApi api) {
        this.api = api;
    }

    static int rank(Manifest m) {
        if (ROUTING.contains(m.kind())) {
            return 1000 + ROUTING.indexOf(m.kind());
        }
        int i = INSTALL_ORDER.indexOf(m.kind());
        return i >= 0 ? i : INSTALL_ORDER.size();
    }

    static List<Manifest> ordered(List<Manifest> manifests) {
        var out = new ArrayList<>(manifests);
        out.sort(Comparator.comparingInt(Applier::rank)); // stable: the plan's and charts' order within a kind
        return out;
    }

    /** Applies each manifest; returns one line per rejection: "source: Kind ns/name: the server's message". */
    List<String> apply(List<Manifest> manifests, boolean dryRun) {
        var rejections = new ArrayList<String>();
        for (var m : manifests) {
            var reply = apply(m, dryRun);
            reply.warnings().forEach(w -> warnings.add(m.source() + ": " + m.kind() + " " + name(m) + ": " + w));
            if (!reply.ok()) {
                rejections.add(m.source() + ": " + Maps.str(m.object(), "kind") + " " + name(m) + ": "
                        + reply.message());
            }
        }
        return rejections;
    }

    KubeApi.Reply apply(Manifest m, boolean dryRun) {
        var res = api.resource(m.apiVersion(), m.kind());
        if (res.isEmpty()) {
            return new KubeApi.Reply(404, Map.of("message", "the API server serves no " + m.kind() + " in "
                    + m.apiVersion() + " (a CRD not installed, or an API removed in this Kubernetes version)"));
        }
        var ns = res.get().namespaced() ? namespace(m) : null;
        var body = m.yaml() != null ? m.yaml() : KubeApi.GSON.toJson(withNamespace(m.object(), ns));
        return api.apply(res.get(), ns, Maps.str(m.object(), "metadata", "name"), body, m.fieldManager(), dryRun);
    }

    private static String namespace(Manifest m) {
        var ns = Maps.str(m.object(), "metadata", "namespace");
        return ns != null ? ns : m.defaultNamespace();
    }

    private static String name(Manifest m) {
        var ns = Maps.str(m.object(), "metadata", "namespace");
        return (ns == null ? "" : ns + "/") + Maps.str(m.object(), "metadata", "name");
    }

    private static Map<String, Object> withNamespace(Map<String, Object> obj, String ns) {
        if (ns == null || Maps.str(obj, "metadata", "namespace") != null) {
            return obj;
        }
        var copy = Maps.copyMap(obj);
        Maps.ensure(copy, "metadata").put("namespace", ns);
        return copy;
    }

    /** Waits until every CRD among the manifests is Established, then re-reads discovery. */
    void awaitCrds(List<Manifest> manifests, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (var m : manifests) {
            if (!"CustomResourceDefinition".equals(m.kind())) {
                continue;
            }
            var path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                    + KubeApi.enc(Maps.str(m.object(), "metadata", "name"));
            while (true) {
                var crd = api.get(path);
                boolean established = crd.ok() && Maps.maps(crd.body(), "status", "conditions").stream()
                        .anyMatch(c -> "Established".equals(c.get("type")) && "True".equals(c.get("status")));
                if (established || !crd.ok()) {
                    break; // a CRD the server refused is already a rejection
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("CRD " + Maps.str(m.object(), "metadata", "name")
                            + " not Established within " + timeout);
                }
                Thread.sleep(200);
            }
        }
        api.refreshDiscovery();
    }
}
