package io.milvuseks.milvus;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import io.milvuseks.zones.QueryZones;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zone query and streaming pods against the pods chart {@value QueryZones#POD_CHART_VERSION} itself renders, with
 * the real helm and the pinned chart archive ({@link HelmTemplate}): the prod plan's Milvus values, with the chart's
 * own query Deployment turned on for the comparison, rendered; the chart's query and streaming Deployments compared
 * with each zone Deployment field by field (command, args, env, ports, probes, mounts, volumes, securityContext,
 * service account, grace period, affinity, strategy). Only the differences the stack intends may remain, and each of
 * them must. Then the switch 2 → 1 → 2 replicas as three consecutive plans, each rendered: no object the stack
 * declares has the kind and name of one the chart renders in the same or the neighbouring step (issue 23, item 3).
 */
class QueryZoneChartIT {

    static final String CHART = "milvus-" + QueryZones.POD_CHART_VERSION + ".tgz";
    static final String RELEASE = "milvus";
    static final String NAMESPACE = "milvus";

    /** What the stack changes on purpose, by component: the paths (under the compared object) that may differ. */
    static Set<String> intended(Component c) {
        var group = c == Component.QUERY_NODE ? QueryZones.GROUP_LABEL : QueryZones.DATA_GROUP_LABEL;
        return Set.of(
                // pinned to its zone group's nodes and labelled for its Deployment's selector
                "template.spec.nodeSelector." + group,
                "template.metadata.labels." + group,
                // the zone's Milvus resource group (the chart adds the same env for a replicaResourceGroups entry)
                "template.spec.containers.[" + c.podLabel() + "].env.[" + QueryZones.SESSION_LABEL_ENV + "]",
                // one zone: nothing to spread over
                "template.spec.topologySpreadConstraints",
                // Milvus' graceful stop, not Kubernetes' 30 s (Rollout.TERMINATION_GRACE_SECONDS)
                "template.spec.terminationGracePeriodSeconds",
                // a checksum of the values config.tpl reads (QueryZonePods.checksum), not of the rendered ConfigMap
                "template.metadata.annotations.checksum/config");
    }

    @Test
    void theZoneQueryPodsAreTheChartsQueryPodButForTheIntendedFields() {
        compare(Component.QUERY_NODE);
    }

    @Test
    void theZoneStreamingPodsAreTheChartsStreamingPodButForTheIntendedFields() {
        compare(Component.STREAMING_NODE);
    }

    private void compare(Component c) {
        var helm = HelmTemplate.require(CHART);
        var plan = Stacks.plan("prod");
        var chart = chartDeployment(helm, plan, c);
        var zones = zoneDeployments(plan, c);
        assertThat(zones).hasSize(2);
        for (var zone : zones) {
            var diffs = PodComparison.diff(comparable(chart), comparable(zone.inputs()));
            assertThat(paths(diffs)).as(zone.name() + ": " + String.join("\n", diffs))
                    .containsExactlyInAnyOrderElementsOf(intended(c));
        }
    }

    /** Drift is caught: one field of the stack's pod changed in a copy is reported, with its path. */
    @Test
    void aDriftedFieldIsReportedByItsPath() {
        var helm = HelmTemplate.require(CHART);
        var plan = Stacks.plan("prod");
        var chart = comparable(chartDeployment(helm, plan, Component.QUERY_NODE));
        var zone = copy(comparable(zoneDeployments(plan, Component.QUERY_NODE).get(0).inputs()));
        var container = container(zone);
        ((Map<String, Object>) container.get("readinessProbe")).put("periodSeconds", 11L);
        ((List<Object>) container.get("volumeMounts")).remove(0);
        var paths = paths(PodComparison.diff(chart, zone));
        assertThat(paths).contains("template.spec.containers.[querynode].readinessProbe.periodSeconds",
                "template.spec.containers.[querynode].volumeMounts.[/milvus/configs/default.yaml]");
    }

    /**
     * Issue 23, item 3: 2 → 1 → 2 replicas as consecutive plans. Helm upgrades the release before Pulumi deletes
     * what the previous step declared and after it creates what the next one depends on, so a stack object may share
     * kind and name neither with the chart's objects of its own step nor with those of either neighbour.
     */
    @Test
    void twoToOneToTwoReplicasDeclareNoNameTheChartRenders() {
        var helm = HelmTemplate.require(CHART);
        var two = Stacks.plan("prod");
        var one = Stacks.plan(Stacks.raw("prod", Map.of("collection", withReplicas(1))));
        var steps = List.of(two, one, two);
        var stack = new ArrayList<Set<String>>();
        var chart = new ArrayList<Set<String>>();
        for (var plan : steps) {
            stack.add(stackObjects(plan));
            chart.add(chartObjects(helm.render(CHART, RELEASE, NAMESPACE, releaseValues(plan))));
        }
        // the step with one replica renders the chart's own query Deployment and metrics Service again
        assertThat(chart.get(1)).contains("Deployment/milvus-querynode", "Service/milvus-querynode");
        assertThat(chart.get(0)).doesNotContain("Service/milvus-querynode");
        assertThat(stack.get(0)).contains("Service/milvus-querynode-zones", "Deployment/milvus-querynode-use1-az1",
                "Deployment/milvus-streamingnode-use1-az1");
        for (int i = 0; i < steps.size(); i++) {
            assertThat(intersection(stack.get(i), chart.get(i))).as("step %d", i).isEmpty();
            if (i > 0) {
                assertThat(intersection(stack.get(i - 1), chart.get(i))).as("step %d → %d", i - 1, i).isEmpty();
                assertThat(intersection(chart.get(i - 1), stack.get(i))).as("step %d → %d", i - 1, i).isEmpty();
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The chart's Deployment of the component, rendered from the plan's values with its query Deployment on. */
    static Map<String, Object> chartDeployment(HelmTemplate helm, Plan plan, Component c) {
        var values = releaseValues(plan);
        var query = new LinkedHashMap<>(map(values.get(Component.QUERY_NODE.valuesKey())));
        query.put("enabled", true);
        values.put(Component.QUERY_NODE.valuesKey(), query);
        var objects = helm.render(CHART, RELEASE, NAMESPACE, values);
        return HelmTemplate.find(objects, "Deployment", MilvusValuesFactory.proxyServiceName(RELEASE) + "-"
                + c.podLabel());
    }

    /** The Milvus release's values as the plan hands them to Helm (a deep, mutable copy). */
    static Map<String, Object> releaseValues(Plan plan) {
        var release = plan.find("kubernetes:helm.sh/v3:Release", RELEASE).orElseThrow();
        return copy(map(release.inputs().get("values")));
    }

    static List<PlannedResource> zoneDeployments(Plan plan, Component c) {
        return plan.ofType("kubernetes:apps/v1:Deployment").stream()
                .filter(d -> d.name().startsWith("milvus-query-zones-"))
                .filter(d -> c.podLabel().equals(at(d.inputs(), "spec", "selector", "matchLabels", "component")))
                .toList();
    }

    /** What is compared of a Deployment: its update strategy and its pod template's labels, annotations and spec. */
    static Map<String, Object> comparable(Map<String, Object> deployment) {
        var spec = map(deployment.get("spec"));
        var template = map(spec.get("template"));
        var metadata = map(template.get("metadata"));
        var out = new LinkedHashMap<String, Object>();
        out.put("strategy", spec.get("strategy"));
        var t = new LinkedHashMap<String, Object>();
        var m = new LinkedHashMap<String, Object>();
        m.put("labels", metadata.get("labels"));
        m.put("annotations", metadata.get("annotations"));
        t.put("metadata", m);
        t.put("spec", template.get("spec"));
        out.put("template", t);
        return out;
    }

    /** Stack objects in the Milvus namespace as Kind/name (the Helm release itself aside). */
    static Set<String> stackObjects(Plan plan) {
        var out = new TreeSet<String>();
        for (var r : plan.resources()) {
            var type = r.type();
            if (!type.startsWith("kubernetes:") || type.startsWith("kubernetes:helm.sh")) {
                continue;
            }
            var metadata = r.inputs().get("metadata");
            if (!(metadata instanceof Map<?, ?> md) || !NAMESPACE.equals(md.get("namespace"))) {
                continue;
            }
            out.add(type.substring(type.lastIndexOf(':') + 1) + "/" + md.get("name"));
        }
        return out;
    }

    static Set<String> chartObjects(List<Map<String, Object>> objects) {
        var out = new TreeSet<String>();
        for (var o : objects) {
            out.add(o.get("kind") + "/" + map(o.get("metadata")).get("name"));
        }
        return out;
    }

    static Set<String> intersection(Set<String> a, Set<String> b) {
        var out = new TreeSet<>(a);
        out.retainAll(b);
        return out;
    }

    /** The collection object of prod's stack file with another replica count. */
    static String withReplicas(int replicas) {
        var raw = Stacks.raw("prod").values().get(Stacks.PROJECT + ":collection");
        Map<String, Object> collection = new Gson().fromJson(raw, new TypeToken<Map<String, Object>>() { }.getType());
        collection.put("replicas", replicas);
        return new Gson().toJson(collection);
    }

    static Set<String> paths(List<String> diffs) {
        var out = new TreeSet<String>();
        diffs.forEach(d -> out.add(d.substring(0, d.indexOf(": chart "))));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> comparable) {
        return (Map<String, Object>) ((List<Object>) at(comparable, "template", "spec", "containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static Object at(Map<String, Object> m, String... path) {
        Object cur = m;
        for (var p : path) {
            cur = cur instanceof Map<?, ?> mm ? mm.get(p) : null;
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static <T> T copy(T o) {
        if (o instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (o instanceof List<?> l) {
            var out = new ArrayList<Object>();
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return o;
    }
}
