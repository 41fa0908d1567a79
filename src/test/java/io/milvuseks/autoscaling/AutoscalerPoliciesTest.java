package io.milvuseks.autoscaling;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoscalerPoliciesTest {

    static final String ARN = "arn:aws:eks:us-east-1:000000000000:nodegroup/c/c-data-1/abc";

    @Test
    void onlyTheDataGroupsAsgMayBeScaledAndOnlyItsNodeGroupRead() {
        var doc = JsonParser.parseString(AutoscalerPolicies.policy("c", "c-data-1", ARN)).getAsJsonObject();
        var statements = doc.getAsJsonArray("Statement");
        assertThat(statements).hasSize(3);
        for (var e : statements) {
            var s = e.getAsJsonObject();
            var actions = s.getAsJsonArray("Action").asList().stream().map(a -> a.getAsString()).toList();
            assertThat(actions).allSatisfy(a -> assertThat(a).doesNotContain("*"));
            var resource = s.get("Resource").getAsString();
            if (actions.contains("autoscaling:SetDesiredCapacity")) {
                assertThat(actions).containsExactlyInAnyOrderElementsOf(AutoscalerPolicies.SCALE);
                var equals = s.getAsJsonObject("Condition").getAsJsonObject("StringEquals");
                assertThat(equals.get("aws:ResourceTag/k8s.io/cluster-autoscaler/c").getAsString()).isEqualTo("owned");
                assertThat(equals.get("aws:ResourceTag/eks:nodegroup-name").getAsString()).isEqualTo("c-data-1");
            } else if (actions.contains("eks:DescribeNodegroup")) {
                assertThat(actions).containsExactly("eks:DescribeNodegroup");
                assertThat(resource).isEqualTo(ARN);
            } else {
                // what has no resource-level permission: reads only
                assertThat(resource).isEqualTo("*");
                assertThat(actions).allSatisfy(a -> assertThat(a).matches("(autoscaling|ec2):(Describe|Get)\\w+"));
                assertThat(s.has("Condition")).isFalse();
            }
        }
    }
}
