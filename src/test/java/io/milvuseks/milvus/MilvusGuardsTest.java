package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rendered objects next to the chart: PDBs, NetworkPolicies, the internal NLB, on the real prod/staging plans. */
class MilvusGuardsTest {

    private static final String PDB = "kubernetes:policy/v1:PodDisruptionBudget";
    private static final String NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
    private static final String SERVICE = "kubernetes:core/v1:Service";
    private static Plan prod;
    private static Plan staging;

    @BeforeAll
    static void plans() {
        prod = Stacks.plan("prod");
        staging = Stacks.plan("staging");
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object map, String dotted) {
        Object cur = map;
        for (var k : dotted.split("\\.")) {
            cur = ((Map<String, Object>) cur).get(k);
        }
        return (T) cur;
    }

    @Test
    void queryStreamingCoordinatorAndProxyHaveOneAtATimeBudgetsOnTheChartsPodLabels() {
        var pdbs = prod.ofType(PDB);
        assertThat(pdbs).hasSize(4);
        for (var c : Rollout.BUDGETED) {
            var pdb = pdbs.stream().filter(p -> at(p.inputs(), "metadata.name").equals("milvus-" + c.podLabel()))
                    .findFirst().orElseThrow();
            assertThat((Object) at(pdb.inputs(), "metadata.namespace")).isEqualTo("milvus");
            assertThat((Object) at(pdb.inputs(), "spec.maxUnavailable")).isEqualTo(1L);
            assertThat((Map<String, Object>) at(pdb.inputs(), "spec.selector.matchLabels")).isEqualTo(Map.of(
                    "app.kubernetes.io/name", "milvus", "app.kubernetes.io/instance", "milvus",
                    "component", c.podLabel()));
            assertThat(pdb.parent()).isEqualTo("milvus-guards");
        }
    }

    @Test
    void theInternalNlbCarriesTheClientPortOnlyAndNoLoadBalancerCarries9091() {
        var nlb = prod.find(SERVICE, "milvus-guards-proxy-nlb").orElseThrow();
        assertThat((Object) at(nlb.inputs(), "spec.type")).isEqualTo("LoadBalancer");
        assertThat((Map<String, Object>) at(nlb.inputs(), "metadata.annotations"))
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "true")
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb")
                .doesNotContainValue("internet-facing");
        assertThat((List<Object>) at(nlb.inputs(), "spec.loadBalancerSourceRanges"))
                .containsExactly(Stacks.settings("prod").network().vpcCidr());
        assertThat((List<Map<String, Object>>) at(nlb.inputs(), "spec.ports")).containsExactly(Map.of(
                "name", "milvus", "protocol", "TCP", "port", 19530L, "targetPort", "milvus"));
        assertThat((Map<String, Object>) at(nlb.inputs(), "spec.selector"))
                .containsEntry("component", "proxy");
        for (var plan : List.of(prod, staging)) {
            for (var svc : plan.ofType(SERVICE)) {
                if ("LoadBalancer".equals(at(svc.inputs(), "spec.type"))) {
                    assertThat(String.valueOf((Object) at(svc.inputs(), "spec.ports"))).doesNotContain("9091");
                }
            }
            var values = plan.find("kubernetes:helm.sh/v3:Release", "milvus").orElseThrow().inputs().get("values");
            assertThat((Object) at(values, "service.type")).isEqualTo("ClusterIP");
        }
        // staging keeps the proxy in-cluster: no load balancer at all
        assertThat(staging.ofType(SERVICE)).isEmpty();
    }

    @Test
    void withAnExistingVpcTheNlbAdmitsThatVpcsCidr() {
        int azs = Stacks.settings("prod").network().availabilityZones().size();
        var ids = new StringBuilder();
        for (int i = 0; i < azs; i++) {
            ids.append(i == 0 ? "" : ",").append("\"subnet-0aaa000").append(i).append('"');
        }
        var plan = Stacks.plan(Fixtures.raw("prod", MessageQueue.MSK, Map.of("vpcCidr", "172.31.0.0/16",
                "existingVpc", "{\"vpcId\":\"vpc-0abc1234\",\"privateSubnetIds\":[" + ids
                        + "],\"publicSubnetIds\":[" + ids + "]}"), Map.of()));
        var nlb = plan.find(SERVICE, "milvus-guards-proxy-nlb").orElseThrow();
        assertThat((List<Object>) at(nlb.inputs(), "spec.loadBalancerSourceRanges")).containsExactly("172.31.0.0/16");
    }

    @Test
    void networkPoliciesAreRenderedFromTheRulesIntoTheMilvusNamespace() {
        var rendered = prod.ofType(NETPOL);
        var rules = NetworkRules.rules(Stacks.settings("prod"), "milvus");
        assertThat(rendered).hasSize(rules.size());
        for (var r : rules) {
            PlannedResource np = rendered.stream().filter(p -> at(p.inputs(), "metadata.name").equals(r.name()))
                    .findFirst().orElseThrow();
            assertThat((Object) at(np.inputs(), "metadata.namespace")).isEqualTo("milvus");
            assertThat((List<Object>) at(np.inputs(), "spec.policyTypes")).containsExactly("Ingress");
            Map<String, Object> selector = at(np.inputs(), "spec.podSelector");
            assertThat(selector.getOrDefault("matchLabels", Map.of())).isEqualTo(r.selector());
            List<Object> ingress = at(np.inputs(), "spec.ingress");
            assertThat(ingress == null ? 0 : ingress.size()).isEqualTo(r.ingress().size());
        }
        // the proxy rule: any source, port 19530 only
        var proxy = rendered.stream().filter(p -> at(p.inputs(), "metadata.name").equals("milvus-proxy-clients"))
                .findFirst().orElseThrow();
        assertThat(String.valueOf((Object) at(proxy.inputs(), "spec.ingress"))).isEqualTo("[{ports=[{port=19530, protocol=TCP}]}]");
        // Pulsar runs in the cluster only in staging: only there is it fenced
        assertThat(staging.ofType(NETPOL)).anyMatch(p -> at(p.inputs(), "metadata.name").equals("milvus-pulsar"));
        assertThat(rendered).noneMatch(p -> at(p.inputs(), "metadata.name").equals("milvus-pulsar"));
    }

    @Test
    void etcdMaintenanceJobsRunOnInfraNodesAndSnapshotToTheBucket() {
        var defrag = prod.find("kubernetes:batch/v1:CronJob", "milvus-etcd-maintenance-defrag").orElseThrow();
        assertThat((Object) at(defrag.inputs(), "spec.schedule")).isEqualTo(EtcdMaintenance.DEFRAG_SCHEDULE);
        assertThat((Object) at(defrag.inputs(), "spec.concurrencyPolicy")).isEqualTo("Forbid");
        Map<String, Object> pod = at(defrag.inputs(), "spec.jobTemplate.spec.template");
        assertThat((Map<String, Object>) at(pod, "metadata.labels")).containsEntry(NetworkRules.MAINTENANCE_LABEL, "true");
        assertThat((Map<String, Object>) at(pod, "spec.nodeSelector")).containsEntry("milvus.io/role", "infra");
        var script = String.valueOf((Object) at(pod, "spec.containers"));
        // three members, one at a time, then the alarm is cleared
        assertThat(script).contains("milvus-etcd-0.milvus-etcd-headless.milvus.svc.cluster.local:2379",
                "milvus-etcd-2.milvus-etcd-headless.milvus.svc.cluster.local:2379", "defrag", "alarm disarm");
        assertThat(script).doesNotContain("milvus-etcd-3.");

        var snap = prod.find("kubernetes:batch/v1:CronJob", "milvus-etcd-maintenance-snapshot").orElseThrow();
        Map<String, Object> spod = at(snap.inputs(), "spec.jobTemplate.spec.template.spec");
        assertThat(spod).containsEntry("serviceAccountName", "milvus");
        assertThat(String.valueOf(spod.get("initContainers"))).contains("snapshot save /snapshot/etcd.db");
        var bucket = prod.outputs().get("bucketName");
        assertThat(String.valueOf(spod.get("containers"))).contains("s3://" + bucket + "/etcd-snapshots/etcd.db");
    }
}
