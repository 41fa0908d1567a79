package io.milvuseks.plan;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a reviewer reads: whole policies, decoded user data, a resource's own tags, whole numbers. */
class PlanTextTest {

    private static Plan plan(Map<String, Object> inputs, Map<String, Object> outputs) {
        return new Plan("t", List.of(new PlannedResource("aws:iam/role:Role", "r", null, true, false, false,
                inputs)), outputs);
    }

    @Test
    void showsPoliciesWholeUserDataDecodedAndOnlyTheResourcesOwnTags() {
        var policy = "{\"Statement\":[" + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"},".repeat(30)
                + "{\"Effect\":\"Deny\",\"Action\":\"*\"}]}";
        var inputs = new LinkedHashMap<String, Object>();
        inputs.put("assumeRolePolicy", policy);
        inputs.put("userData", Base64.getEncoder().encodeToString("maxPods: 110\nkind: NodeConfig"
                .getBytes(StandardCharsets.UTF_8)));
        inputs.put("tags", Map.of("Name", "r", "pulumi:stack", "t", "kubernetes.io/role/elb", "1"));

        var text = PlanText.render(plan(inputs, Map.of("n", 1.0E9)));

        assertThat(policy.length()).isGreaterThan(1000);
        assertThat(text).contains(policy).contains("maxPods: 110").contains("kind: NodeConfig")
                .contains("\"kubernetes.io/role/elb\":\"1\"").contains("\"Name\":\"r\"")
                .doesNotContain("\"pulumi:stack\"").contains("n: 1000000000");
    }
}
