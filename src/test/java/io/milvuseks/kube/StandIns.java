package io.milvuseks.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods that something other than kube-controller-manager would create, made here from the objects as the API server
 * stored them, so their requests, selectors and volumes are placed too.
 *
 * <ul>
 *   <li>A CronJob creates no pod until its schedule fires: one Job is created from each CronJob's job template now,
 *   as {@code kubectl create job --from=cronjob/<name>} does (owner reference, annotation
 *   {@code cronjob.kubernetes.io/instantiate: manual}); the Job controller then creates its pod.</li>
 *   <li>Prometheus and Alertmanager objects become pods through prometheus-operator, whose pods never run here: each
 *   becomes the StatefulSet the operator (v0.93, kube-prometheus-stack 88.5.3's) would make, reduced to what
 *   scheduling sees — name {@code prometheus-<name>} / {@code alertmanager-<name>}, the operator's selector labels
 *   (pkg/prometheus/server/operator.go makeSelectorLabels, pkg/alertmanager/operator.go), Parallel pod management,
 *   replicas, the object's resources (Alertmanager's memory request defaults to 200Mi, pkg/alertmanager/
 *   statefulset.go:106), node selector, affinity, tolerations, topology spread, priority class, and the storage
 *   claim template {@code <statefulset>-db}. The config-reloader sidecars request nothing with the chart's
 *   {@code --config-reloader-*-request=0}.</li>
 * </ul>
 */
final class StandIns {

    private StandIns() {
    }

    /** Creates the Jobs and StatefulSets; returns one line per object made. */
    static List<String> create(KubeApi api) {
        var made = new ArrayList<String>();
        for (var cj : api.list("/apis/batch/v1/cronjobs")) {
            var job = jobFrom(cj);
            var reply = api.create("/apis/batch/v1/namespaces/" + Maps.str(cj, "metadata", "namespace") + "/jobs",
                    job);
            check(reply, job);
            made.add("Job " + Maps.str(job, "metadata", "name") + " from " + Maps.id(cj));
        }
        for (var kind : List.of("prometheuses", "alertmanagers")) {
            var served = api.get("/apis/monitoring.coreos.com/v1/" + kind);
            if (!served.ok()) {
                continue; // the stack installs no prometheus-operator CRDs
            }
            for (var cr : api.list("/apis/monitoring.coreos.com/v1/" + kind)) {
                var sts = statefulSetFor(cr, kind.equals("prometheuses") ? "prometheus" : "alertmanager");
                var reply = api.create("/apis/apps/v1/namespaces/" + Maps.str(cr, "metadata", "namespace")
                        + "/statefulsets", sts);
                check(reply, sts);
                made.add("StatefulSet " + Maps.str(sts, "metadata", "name") + " for " + Maps.id(cr)
                        + " (prometheus-operator stand-in)");
            }
        }
        return made;
    }

    private static void check(KubeApi.Reply reply, Map<String, Object> obj) {
        if (!reply.ok()) {
            throw new AssertionError("stand-in " + Maps.id(obj) + " refused: " + reply.message());
        }
    }

    static Map<String, Object> jobFrom(Map<String, Object> cronJob) {
        var template = Maps.copyMap(Maps.map(cronJob, "spec", "jobTemplate"));
        var meta = new LinkedHashMap<String, Object>(Maps.map(template, "metadata"));
        meta.put("name", Maps.str(cronJob, "metadata", "name") + "-kube-tier");
        meta.put("namespace", Maps.str(cronJob, "metadata", "namespace"));
        var annotations = new LinkedHashMap<String, Object>(Maps.map(meta, "annotations"));
        annotations.put("cronjob.kubernetes.io/instantiate", "manual");
        meta.put("annotations", annotations);
        meta.put("ownerReferences", List.of(Map.of("apiVersion", "batch/v1", "kind", "CronJob",
                "name", Maps.str(cronJob, "metadata", "name"), "uid", Maps.str(cronJob, "metadata", "uid"),
                "controller", true)));
        var job = new LinkedHashMap<String, Object>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", meta);
        job.put("spec", Maps.map(template, "spec"));
        return job;
    }

    static Map<String, Object> statefulSetFor(Map<String, Object> cr, String app) {
        var name = Maps.str(cr, "metadata", "name");
        var spec = Maps.map(cr, "spec");
        var selector = new LinkedHashMap<String, Object>();
        selector.put("app.kubernetes.io/managed-by", "prometheus-operator");
        selector.put("app.kubernetes.io/name", app);
        selector.put("app.kubernetes.io/instance", name);
        selector.put(app, name);
        if (app.equals("prometheus")) {
            selector.put("operator.prometheus.io/name", name);
            selector.put("operator.prometheus.io/shard", "0");
        }
        var labels = new LinkedHashMap<String, Object>(Maps.map(spec, "podMetadata", "labels"));
        labels.putAll(selector);
        var resources = Maps.copyMap(Maps.map(spec, "resources"));
        if (app.equals("alertmanager") && Maps.at(resources, "requests", "memory") == null) {
            Maps.ensure(resources, "requests").put("memory", "200Mi");
        }
        var pod = new LinkedHashMap<String, Object>();
        for (var key : List.of("nodeSelector", "affinity", "tolerations", "topologySpreadConstraints",
                "priorityClassName", "securityContext")) {
            if (spec.get(key) != null) {
                pod.put(key, spec.get(key));
            }
        }
        var stsName = app + "-" + name;
        var containers = new ArrayList<Object>();
        containers.add(Map.of("name", app, "image", app, "resources", resources));
        containers.add(Map.of("name", "config-reloader", "image", "prometheus-config-reloader"));
        pod.put("containers", containers);
        var sts = new LinkedHashMap<String, Object>();
        sts.put("apiVersion", "apps/v1");
        sts.put("kind", "StatefulSet");
        sts.put("metadata", Map.of("name", stsName, "namespace", Maps.str(cr, "metadata", "namespace"),
                "labels", selector));
        var stsSpec = new LinkedHashMap<String, Object>();
        stsSpec.put("replicas", Maps.num(spec, 1, "replicas"));
        stsSpec.put("podManagementPolicy", "Parallel");
        stsSpec.put("serviceName", app + "-operated");
        stsSpec.put("selector", Map.of("matchLabels", selector));
        stsSpec.put("template", Map.of("metadata", Map.of("labels", labels), "spec", pod));
        var claim = Maps.map(spec, "storage", "volumeClaimTemplate");
        if (!claim.isEmpty()) {
            var claimSpec = Maps.copyMap(Maps.map(claim, "spec"));
            claimSpec.putIfAbsent("accessModes", List.of("ReadWriteOnce"));
            stsSpec.put("volumeClaimTemplates", List.of(Map.of("metadata", Map.of("name", stsName + "-db"),
                    "spec", claimSpec)));
        }
        sts.put("spec", stsSpec);
        return sts;
    }
}
