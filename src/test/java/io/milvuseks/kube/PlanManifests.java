package io.milvuseks.kube;

import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes objects {@code pulumi up} would send for a plan:
 * <ul>
 *   <li>each plain Kubernetes resource ({@code kubernetes:<group>/<version>:<Kind>}) as its inputs, sent by
 *   pulumi-kubernetes 4.x with server-side apply; a missing {@code metadata.name} gets Pulumi's auto-name (logical
 *   name, a dash, 8 random characters, annotation {@code pulumi.com/autonamed}) and a missing namespace the
 *   provider's {@code default};</li>
 *   <li>each {@code kubernetes:helm.sh/v3:Release} rendered by {@link HelmTemplate} with its values, in dependency
 *   order; its {@code --api-versions} are the CRD group versions installed by the releases it depends on (what
 *   helm's discovery sees on a first {@code up}), its release namespace is created when {@code createNamespace};</li>
 * </ul>
 * Secrets are {@code "[secret]"} in a plan: a Secret's {@code stringData}/{@code data} becomes one dummy key.
 */
final class PlanManifests {

    static final String RELEASE = "kubernetes:helm.sh/v3:Release";

    /**
     * One object to send.
     *
     * @param source           where it comes from ("plan <resource>", "helm <release>", "eks <add-on>", ...)
     * @param yaml             the document as helm printed it, sent as is; null to send {@code object} as JSON
     * @param object           the object, parsed (for its identity, and the body when {@code yaml} is null)
     * @param defaultNamespace the namespace of a namespaced object that names none
     * @param fieldManager     the server-side apply field manager
     */
    record Manifest(String source, String yaml, Map<String, Object> object, String defaultNamespace,
                    String fieldManager) {
        String kind() {
            return Maps.str(object, "kind");
        }

        String apiVersion() {
            return Maps.str(object, "apiVersion");
        }
    }

    private PlanManifests() {
    }

    /** The cluster's Kubernetes version, from the plan's EKS cluster ({@code aws:eks/cluster:Cluster.version}). */
    static String kubeVersion(Plan plan) {
        return plan.ofType("aws:eks/cluster:Cluster").stream().map(r -> Maps.str(r.inputs(), "version"))
                .filter(v -> v != null).findFirst()
                .orElseThrow(() -> new AssertionError("the plan has no aws:eks/cluster:Cluster with a version"));
    }

    static List<Manifest> of(Plan plan, Path projectDir, Path workDir) throws Exception {
        var out = new ArrayList<Manifest>();
        for (var r : plan.resources()) {
            // a resource without inputs' kind is a read (Resource.get, e.g. a Secret read back): it creates nothing
            if (r.type().startsWith("kubernetes:") && r.custom() && !r.type().startsWith("kubernetes:helm.sh/")
                    && r.inputs().get("kind") != null) {
                out.add(plain(r));
            }
        }
        var kubeVersion = kubeVersion(plan);
        var crdVersions = new HashMap<String, Set<String>>();
        for (var r : releasesInOrder(plan)) {
            var seen = new LinkedHashSet<String>();
            for (var dep : dependencies(plan, r.name())) {
                seen.addAll(crdVersions.getOrDefault(dep, Set.of()));
            }
            var ns = Maps.str(r.inputs(), "namespace");
            var source = "helm " + Maps.str(r.inputs(), "name") + " (" + Maps.str(r.inputs(), "chart")
                    + (Maps.str(r.inputs(), "version") == null ? "" : " " + Maps.str(r.inputs(), "version")) + ")";
            if (Boolean.TRUE.equals(r.inputs().get("createNamespace"))) {
                // helm's install --create-namespace: a Namespace labelled name=<ns>
                var nsObj = new LinkedHashMap<String, Object>(Map.of("apiVersion", "v1", "kind", "Namespace",
                        "metadata", new LinkedHashMap<>(Map.of("name", ns, "labels", Map.of("name", ns)))));
                out.add(new Manifest(source + " createNamespace", null, nsObj, null, "helm"));
            }
            var docs = HelmTemplate.render(r.inputs(), kubeVersion, seen, projectDir, workDir);
            var mine = new LinkedHashSet<String>();
            for (var d : docs) {
                out.add(new Manifest(source, d.yaml(), d.object(), ns, "helm"));
                if ("CustomResourceDefinition".equals(Maps.str(d.object(), "kind"))) {
                    var group = Maps.str(d.object(), "spec", "group");
                    var kind = Maps.str(d.object(), "spec", "names", "kind");
                    for (var v : Maps.maps(d.object(), "spec", "versions")) {
                        if (!Boolean.FALSE.equals(v.get("served"))) {
                            mine.add(group + "/" + v.get("name"));
                            mine.add(group + "/" + v.get("name") + "/" + kind);
                        }
                    }
                }
            }
            crdVersions.put(r.name(), mine);
        }
        return out;
    }

    private static Manifest plain(PlannedResource r) {
        var obj = withoutSecrets(Maps.copyMap(r.inputs()));
        var meta = Maps.ensure(obj, "metadata");
        if (meta.get("name") == null) {
            meta.put("name", r.name() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
            Maps.ensure(obj, "metadata", "annotations").put("pulumi.com/autonamed", "true");
        }
        // pulumi-kubernetes 4.x sends server-side apply with a field manager of its own per resource
        return new Manifest("plan " + r.name(), null, obj, "default", "pulumi-kubernetes");
    }

    /** Replaces {@code "[secret]"} where an object must stand (a Secret's data) with one placeholder key. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutSecrets(Map<String, Object> obj) {
        var out = Maps.copyMap(obj);
        for (var key : List.of("stringData", "data")) {
            if ("[secret]".equals(out.get(key)) && "Secret".equals(out.get("kind"))) {
                out.put(key, Map.of("placeholder", key.equals("data") ? "c2VjcmV0" : "secret"));
            }
        }
        out.replaceAll((k, v) -> v instanceof Map<?, ?> m ? withoutSecrets((Map<String, Object>) m) : v);
        return out;
    }

    /** Helm releases, each after every release it (transitively) depends on. */
    static List<PlannedResource> releasesInOrder(Plan plan) {
        var releases = plan.ofType(RELEASE);
        var done = new LinkedHashSet<String>();
        var ordered = new ArrayList<PlannedResource>();
        while (ordered.size() < releases.size()) {
            boolean progressed = false;
            for (var r : releases) {
                if (done.contains(r.name())) {
                    continue;
                }
                var deps = dependencies(plan, r.name());
                boolean ready = releases.stream().filter(o -> !o.name().equals(r.name()))
                        .noneMatch(o -> deps.contains(o.name()) && !done.contains(o.name()));
                if (ready) {
                    done.add(r.name());
                    ordered.add(r);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new AssertionError("helm releases depend on each other in a cycle: " + releases);
            }
        }
        return ordered;
    }

    /** Names of every resource {@code name} waits for, through any chain of dependsOn (names, any type). */
    static Set<String> dependencies(Plan plan, String name) {
        var byName = new HashMap<String, List<PlannedResource>>();
        plan.resources().forEach(r -> byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
        var seen = new HashSet<String>();
        var todo = new ArrayList<String>();
        byName.getOrDefault(name, List.of()).forEach(r -> todo.addAll(r.dependsOn()));
        while (!todo.isEmpty()) {
            var n = todo.remove(todo.size() - 1);
            if (n.equals(name) || !seen.add(n)) {
                continue;
            }
            byName.getOrDefault(n, List.of()).forEach(r -> todo.addAll(r.dependsOn()));
        }
        return seen;
    }
}
