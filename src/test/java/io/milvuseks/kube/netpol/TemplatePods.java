package io.milvuseks.kube.netpol;

import com.google.gson.Gson;
import io.milvuseks.config.StackSettings;
import io.milvuseks.plan.Plan;
import io.milvuseks.testing.Stacks;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Snapshot} without a cluster, until the kube tier (real API server and controllers) replaces it: the plan's
 * plain Kubernetes objects plus {@code helm template} of each Helm release with the plan's values, each workload's pod
 * template turned into pods, with the labels the control plane adds itself:
 * <ul>
 *   <li>every Namespace gets {@code kubernetes.io/metadata.name} = its name (API server defaulting,
 *       pkg/apis/core/v1/defaults.go SetDefaults_Namespace; GA in 1.22), and the cluster's own namespaces exist;</li>
 *   <li>a Job's pods get {@code job-name} and {@code batch.kubernetes.io/job-name} = the Job's name (API server,
 *       pkg/registry/batch/job/strategy.go generateSelector); a CronJob's Job is named {@code <cronjob>-<minutes>}
 *       (CronJob controller getJobName);</li>
 *   <li>a Prometheus object's pods get prometheus-operator v0.93's labels (pkg/prometheus/server/operator.go
 *       makeSelectorLabels) and its web port (spec.portName, default web, on 9090); Alertmanager is not rendered.</li>
 * </ul>
 * At most two pods per workload (enough for peers; a scale of 0 gives none). Not rendered: what an operator creates
 * besides Prometheus, pod IPs and nodes (so ipBlock peers see no pod address).
 */
public final class TemplatePods {

    /** The kube tier's helm, built by .ci/kube-tools.sh. */
    static final String KUBE_TOOLS = "k8s-v1.33.13-etcd-v3.5.36-helm-v3.18.6";
    static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");
    private static final int MAX_PODS = 2;

    private TemplatePods() {
    }

    /** helm and the chart archives, or why they are missing. */
    public record Tools(Path helm, Path charts) {
        public static Tools find() {
            var helm = Optional.ofNullable(System.getenv("HELM_BIN")).map(Path::of).orElseGet(() -> Path.of(
                    Optional.ofNullable(System.getenv("KUBE_TOOLS_CACHE"))
                            .orElse(System.getProperty("user.home") + "/.cache/milvus-eks/kube-tools"),
                    KUBE_TOOLS, "bin", "helm"));
            if (!Files.isExecutable(helm)) {
                throw new IllegalStateException("no helm at " + helm + " (.ci/kube-tools.sh builds it; HELM_BIN "
                        + "overrides)");
            }
            var charts = Optional.ofNullable(System.getenv("MILVUS_EKS_CHARTS")).map(Path::of).orElseGet(() -> {
                for (var dir = Stacks.PROJECT_DIR; dir != null; dir = dir.getParent()) {
                    if (Files.isDirectory(dir.resolve("shared/charts"))) {
                        return dir.resolve("shared/charts");
                    }
                }
                return Stacks.PROJECT_DIR.resolveSibling("shared/charts");
            });
            if (!Files.isDirectory(charts)) {
                throw new IllegalStateException("no chart archives at " + charts + " (shared/charts beside the "
                        + "project; MILVUS_EKS_CHARTS overrides)");
            }
            return new Tools(helm, charts);
        }
    }

    public static Snapshot snapshot(Plan plan, StackSettings s, Tools tools) throws IOException, InterruptedException {
        var objects = new ArrayList<Map<String, Object>>();
        var namespaces = new TreeSet<>(SYSTEM_NAMESPACES);
        var namespaceLabels = new LinkedHashMap<String, Map<String, String>>();
        for (var r : plan.resources()) {
            if (!r.custom() || !r.type().startsWith("kubernetes:") || r.type().startsWith("pulumi:providers")) {
                continue;
            }
            if (r.type().equals("kubernetes:helm.sh/v3:Release")) {
                var ns = (String) r.inputs().get("namespace");
                if (Boolean.TRUE.equals(r.inputs().get("createNamespace"))) {
                    namespaces.add(ns);
                }
                for (var o : helmTemplate(r.inputs(), s, tools)) {
                    meta(o).putIfAbsent("namespace", ns);
                    objects.add(o);
                }
            } else if (r.type().equals("kubernetes:core/v1:Namespace")) {
                namespaces.add(Obj.name(r.inputs()));
                namespaceLabels.put(Obj.name(r.inputs()), Obj.labels(r.inputs()));
            } else {
                objects.add(r.inputs());
            }
        }
        var nsObjects = new ArrayList<Map<String, Object>>();
        for (var name : namespaces) {
            var labels = new LinkedHashMap<String, String>(namespaceLabels.getOrDefault(name, Map.of()));
            labels.put("kubernetes.io/metadata.name", name);
            nsObjects.add(Map.of("apiVersion", "v1", "kind", "Namespace",
                    "metadata", Map.of("name", name, "labels", labels)));
        }
        var pods = new ArrayList<Map<String, Object>>();
        var policies = new ArrayList<Map<String, Object>>();
        for (var o : objects) {
            if ("NetworkPolicy".equals(o.get("kind"))) {
                policies.add(o);
            } else {
                pods.addAll(pods(o));
            }
        }
        return new Snapshot(nsObjects, pods, policies);
    }

    /**
     * The pods a workload object's controller (or operator) would create: for the kube tier too, where no kubelet
     * runs the Prometheus operator and no CronJob comes due.
     */
    public static List<Map<String, Object>> pods(Map<String, Object> o) {
        var kind = String.valueOf(o.get("kind"));
        var name = Obj.name(o);
        var ns = Obj.namespace(o);
        var out = new ArrayList<Map<String, Object>>();
        switch (kind) {
            case "Deployment", "ReplicaSet" -> {
                for (int i = 0; i < replicas(o); i++) {
                    out.add(pod(Obj.map(o, "spec.template"), ns, name + "-5d8f7c9b4-" + i,
                            Map.of("pod-template-hash", "5d8f7c9b4")));
                }
            }
            case "StatefulSet" -> {
                for (int i = 0; i < replicas(o); i++) {
                    out.add(pod(Obj.map(o, "spec.template"), ns, name + "-" + i, Map.of(
                            "statefulset.kubernetes.io/pod-name", name + "-" + i,
                            "apps.kubernetes.io/pod-index", String.valueOf(i))));
                }
            }
            case "DaemonSet" -> out.add(pod(Obj.map(o, "spec.template"), ns, name + "-x7k2p", Map.of()));
            case "Job" -> out.add(jobPod(Obj.map(o, "spec.template"), ns, name));
            case "CronJob" -> out.add(jobPod(Obj.map(o, "spec.jobTemplate.spec.template"), ns, name + "-29430000"));
            case "Pod" -> out.add(o);
            case "Prometheus" -> {
                for (int i = 0; i < replicas(o); i++) {
                    out.add(prometheus(o, i));
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static Map<String, Object> jobPod(Map<String, Object> template, String ns, String job) {
        return pod(template, ns, job + "-q4w8z", Map.of("job-name", job, "batch.kubernetes.io/job-name", job,
                "controller-uid", "00000000-0000-0000-0000-000000000000",
                "batch.kubernetes.io/controller-uid", "00000000-0000-0000-0000-000000000000"));
    }

    private static Map<String, Object> prometheus(Map<String, Object> o, int i) {
        var name = Obj.name(o);
        var labels = new LinkedHashMap<String, String>();
        var podMetadata = Obj.map(o, "spec.podMetadata.labels");
        if (podMetadata != null) {
            podMetadata.forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        labels.put("app.kubernetes.io/managed-by", "prometheus-operator");
        labels.put("app.kubernetes.io/name", "prometheus");
        labels.put("app.kubernetes.io/instance", name);
        labels.put("operator.prometheus.io/name", name);
        labels.put("operator.prometheus.io/shard", "0");
        labels.put("prometheus", name);
        var portName = Optional.ofNullable(Obj.str(o, "spec.portName")).orElse("web");
        var container = Map.<String, Object>of("name", "prometheus",
                "ports", List.of(Map.of("name", portName, "containerPort", 9090, "protocol", "TCP")),
                "readinessProbe", Map.of("httpGet", Map.of("path", "/-/ready", "port", portName)));
        var template = Map.<String, Object>of("metadata", Map.of("labels", labels),
                "spec", Map.of("containers", List.of(container)));
        return pod(template, Obj.namespace(o), "prometheus-" + name + "-" + i, Map.of());
    }

    private static Map<String, Object> pod(Map<String, Object> template, String ns, String name,
                                           Map<String, String> added) {
        var labels = new LinkedHashMap<String, Object>();
        var own = Obj.map(template, "metadata.labels");
        if (own != null) {
            labels.putAll(own);
        }
        labels.putAll(added);
        var meta = new LinkedHashMap<String, Object>();
        meta.put("name", name);
        meta.put("namespace", ns);
        meta.put("labels", labels);
        var pod = new LinkedHashMap<String, Object>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.put("metadata", meta);
        pod.put("spec", Optional.ofNullable(Obj.map(template, "spec")).orElse(Map.of()));
        return pod;
    }

    private static int replicas(Map<String, Object> o) {
        var r = Obj.at(o, "spec.replicas");
        return Math.min(MAX_PODS, r instanceof Number n ? n.intValue() : 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> o) {
        return (Map<String, Object>) o.computeIfAbsent("metadata", k -> new LinkedHashMap<String, Object>());
    }

    /** {@code helm template} of a planned Release, as the Helm release would install it on a first {@code up}. */
    static List<Map<String, Object>> helmTemplate(Map<String, Object> release, StackSettings s, Tools tools)
            throws IOException, InterruptedException {
        var chart = String.valueOf(release.get("chart"));
        var version = release.get("version");
        var chartRef = version == null ? Stacks.PROJECT_DIR.resolve(chart)
                : tools.charts().resolve(chart + "-" + version + ".tgz");
        if (!Files.exists(chartRef)) {
            throw new IllegalStateException("no chart " + chartRef + " for release " + release.get("name"));
        }
        var home = Files.createTempDirectory("netpol-helm");
        try {
            var values = home.resolve("values.json");
            Files.writeString(values, new Gson().toJson(release.getOrDefault("values", Map.of())));
            var cmd = new ArrayList<>(List.of(tools.helm().toString(), "template", String.valueOf(release.get("name")),
                    chartRef.toString(), "--namespace", String.valueOf(release.get("namespace")),
                    "--kube-version", s.cluster().kubernetesVersion() + ".0", "-f", values.toString()));
            // the CRDs the cluster has by the time this release installs (it depends on their releases)
            if (s.monitoring().enabled()) {
                cmd.addAll(List.of("--api-versions", "monitoring.coreos.com/v1"));
            }
            if (s.milvus().proxyTls()) {
                cmd.addAll(List.of("--api-versions", "cert-manager.io/v1"));
            }
            var pb = new ProcessBuilder(cmd).redirectErrorStream(false);
            pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
            pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
            pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
            var out = home.resolve("out.yaml");
            var err = home.resolve("err.txt");
            var p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("helm template " + chart + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("helm template " + chart + " failed: " + Files.readString(err));
            }
            return documents(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        var out = new ArrayList<Map<String, Object>>();
        var options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        for (var doc : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
            if (doc instanceof Map<?, ?> m) {
                if ("List".equals(m.get("kind")) && m.get("items") instanceof List<?> items) {
                    items.forEach(i -> out.add((Map<String, Object>) i));
                } else {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }
}
