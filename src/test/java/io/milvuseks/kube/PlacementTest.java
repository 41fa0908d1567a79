package io.milvuseks.kube;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the tier reads pods: their scheduling verdict, owner, requests, and which nodes they are aimed at. */
class PlacementTest {

    private static Map<String, Object> pod(String json) {
        return KubeApi.parse(json);
    }

    @Test
    void aPodIsBoundUnschedulablePreemptedOrUndecided() {
        assertThat(Placement.state(pod("{\"spec\":{\"nodeName\":\"n1\"}}"))).isNull();
        assertThat(Placement.state(pod("{\"spec\":{},\"status\":{\"conditions\":[{\"type\":\"PodScheduled\","
                + "\"status\":\"False\",\"reason\":\"Unschedulable\",\"message\":\"0/3 nodes are available: 3 "
                + "Insufficient memory.\"}]}}")))
                .isEqualTo("Pending (Unschedulable): 0/3 nodes are available: 3 Insufficient memory.");
        assertThat(Placement.state(pod("{\"metadata\":{\"deletionTimestamp\":\"t\"},\"spec\":{\"nodeName\":\"n\"},"
                + "\"status\":{\"conditions\":[{\"type\":\"DisruptionTarget\",\"reason\":\"PreemptionByScheduler\","
                + "\"message\":\"by x\"}]}}"))).isEqualTo("preempted (PreemptionByScheduler): by x");
        assertThat(Placement.state(pod("{\"spec\":{}}"))).isEmpty();
    }

    @Test
    void aPodsOwnerIsItsDeploymentThroughItsReplicaSet() {
        var p = pod("{\"metadata\":{\"name\":\"q-1\",\"namespace\":\"milvus\",\"ownerReferences\":[{\"kind\":"
                + "\"ReplicaSet\",\"name\":\"q-abc\",\"controller\":true}]}}");
        var rs = pod("{\"metadata\":{\"name\":\"q-abc\",\"ownerReferences\":[{\"kind\":\"Deployment\",\"name\":\"q\","
                + "\"controller\":true}]}}");
        assertThat(Placement.owner(p, Map.of("milvus/q-abc", rs))).isEqualTo("Deployment milvus/q");
        assertThat(Placement.owner(pod("{\"metadata\":{\"name\":\"x\",\"namespace\":\"n\"}}"), Map.of()))
                .isEqualTo("Pod n/x");
    }

    @Test
    void requestsAreTheSumOfContainersOrTheLargestInitContainer() {
        var p = pod("{\"spec\":{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\"25m\"}}},"
                + "{\"resources\":{\"requests\":{\"cpu\":\"25m\",\"memory\":\"1Gi\"}}}],"
                + "\"initContainers\":[{\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"256Mi\"}}}]}}");
        assertThat(Placement.requests(p)).containsExactly(100, 1024);
    }

    @Test
    void theLastWarningOfAWorkloadOrItsReplicaSetExplainsMissingPods() {
        var events = List.of(pod("{\"involvedObject\":{\"kind\":\"ReplicaSet\",\"namespace\":\"m\",\"name\":\"q-7f\"},"
                + "\"reason\":\"FailedCreate\",\"message\":\"no PriorityClass\",\"lastTimestamp\":\"2\"}"),
                pod("{\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"m\",\"name\":\"q-7f-x\"},"
                        + "\"reason\":\"Other\",\"message\":\"-\",\"lastTimestamp\":\"3\"}"));
        assertThat(Placement.lastWarning(events, "Deployment m/q"))
                .isEqualTo("; last warning: FailedCreate: no PriorityClass");
        assertThat(Placement.lastWarning(events, "Deployment m/other")).isEmpty();
    }

    @Test
    void aPodIsAimedAtNodesByItsSelectorAffinityAndTolerations() {
        var node = pod("{\"metadata\":{\"name\":\"n1\",\"labels\":{\"milvus.io/role\":\"query\"}},"
                + "\"spec\":{\"taints\":[{\"key\":\"milvus.io/role\",\"value\":\"query\",\"effect\":\"NoSchedule\"}]}}");
        var query = pod("{\"spec\":{\"nodeSelector\":{\"milvus.io/role\":\"query\"},\"tolerations\":[{\"key\":"
                + "\"milvus.io/role\",\"operator\":\"Equal\",\"value\":\"query\",\"effect\":\"NoSchedule\"}]}}");
        var untolerated = pod("{\"spec\":{\"nodeSelector\":{\"milvus.io/role\":\"query\"}}}");
        var daemon = pod("{\"spec\":{\"tolerations\":[{\"operator\":\"Exists\"}],\"affinity\":{\"nodeAffinity\":{"
                + "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"matchFields\":"
                + "[{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"n2\"]}]}]}}}}}");
        assertThat(NodeMatch.aimedAt(query, node)).isTrue();
        assertThat(NodeMatch.aimedAt(untolerated, node)).isFalse();
        assertThat(NodeMatch.aimedAt(daemon, node)).isFalse();
    }

    @Property
    void quantitiesReadAsTheApiServerWritesThem(@ForAll @LongRange(min = 0, max = 1 << 30) long n) {
        assertThat(Quantity.mib(n + "Mi")).isEqualTo(n);
        assertThat(Quantity.mib(n * 1024 + "Ki")).isEqualTo(n);
        assertThat(Quantity.milli(n + "m")).isEqualTo(n);
        assertThat(Quantity.milli(String.valueOf(n))).isEqualTo(n * 1000);
    }
}
