package io.milvuseks.autoscaling;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** One data group per zone (2+ replicas): the condition and the describe statement list each, nothing more. */
    @Test
    void eachDataZoneGroupMayBeScaledAndReadAndNoOther() {
        var arn2 = ARN.replace("c-data-1", "c-data-2");
        var doc = JsonParser.parseString(AutoscalerPolicies.policy("c", List.of("c-data-1", "c-data-2"),
                List.of(ARN, arn2))).getAsJsonObject();
        var statements = doc.getAsJsonArray("Statement");
        var read = statements.get(1).getAsJsonObject();
        assertThat(read.getAsJsonArray("Resource").asList().stream().map(e -> e.getAsString()).toList())
                .containsExactly(ARN, arn2);
        var names = statements.get(2).getAsJsonObject().getAsJsonObject("Condition").getAsJsonObject("StringEquals")
                .getAsJsonArray("aws:ResourceTag/eks:nodegroup-name");
        assertThat(names.asList().stream().map(e -> e.getAsString()).toList()).containsExactly("c-data-1", "c-data-2");
        assertThatThrownBy(() -> AutoscalerPolicies.policy("c", List.of("c-data-1", "c-data-2"), List.of(ARN)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
