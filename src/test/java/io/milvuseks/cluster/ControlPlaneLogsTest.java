package io.milvuseks.cluster;

import io.milvuseks.StackOutputs;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16.1: the control-plane log group EKS re-creates during deletion never blocks the next up. */
class ControlPlaneLogsTest {

    static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

    @Test
    void stagingLeavesTheGroupToEksSoDestroyThenUpFindsNothingInItsWay() {
        var plan = Stacks.plan("staging");
        var cluster = EksClusterPlanTest.cluster(plan);
        var name = "/aws/eks/" + cluster.inputs().get("name") + "/cluster";
        // The second incarnation creates no resource named like the group EKS re-created: no AlreadyExists.
        assertThat(plan.ofType(LOG_GROUP)).noneSatisfy(g -> assertThat(g.inputs().get("name")).isEqualTo(name));
        assertThat(plan.ofType(LOG_GROUP)).noneSatisfy(g -> assertThat(cluster.dependsOn()).contains(g.name()));
        var out = map(plan.outputs().get(StackOutputs.CONTROL_PLANE_LOG_GROUP));
        assertThat(out).containsEntry("name", name).containsEntry("managedBy", "eks")
                .containsEntry("retentionDays", 14);
        assertThat((String) out.get("run")).endsWith("aws logs put-retention-policy --region us-east-1 "
                + "--log-group-name " + name + " --retention-in-days 14");
    }

    @Test
    void prodOwnsTheGroupWith90DaysAndSaysWhatToRunAfterADestroy() {
        var plan = Stacks.plan("prod");
        var cluster = EksClusterPlanTest.cluster(plan);
        var name = "/aws/eks/" + cluster.inputs().get("name") + "/cluster";
        var group = plan.ofType(LOG_GROUP).stream().filter(g -> name.equals(g.inputs().get("name"))).findFirst()
                .orElseThrow();
        assertThat(group.inputs()).containsEntry("retentionInDays", 90L);
        // created before the cluster, or EKS creates it first, without expiry
        assertThat(cluster.explicitDependsOn()).contains(group.name());
        var out = map(plan.outputs().get(StackOutputs.CONTROL_PLANE_LOG_GROUP));
        assertThat(out).containsEntry("managedBy", "stack").containsEntry("retentionDays", 90);
        assertThat((String) out.get("run")).startsWith("after a pulumi destroy, before the next pulumi up")
                .endsWith("aws logs delete-log-group --region us-east-1 --log-group-name " + name);
    }

    @Test
    void theReadmeGivesTheCommandsThePlanGives() throws Exception {
        var readme = Files.readString(Path.of("docs/network-and-cluster.md"));
        for (var stack : new String[] {"staging", "prod"}) {
            var run = (String) map(Stacks.plan(stack).outputs().get(StackOutputs.CONTROL_PLANE_LOG_GROUP)).get("run");
            assertThat(readme).contains(run.substring(run.indexOf("aws logs ")));
        }
    }
}
