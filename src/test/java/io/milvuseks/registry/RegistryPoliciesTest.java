package io.milvuseks.registry;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Least privilege: each grant names its actions and the cache prefix or the one key, never "*". */
class RegistryPoliciesTest {

    static Map<String, Object> parse(String json) {
        return map(new com.google.gson.Gson().fromJson(JsonParser.parseString(json), Map.class));
    }

    static List<Object> statements(String json) {
        return list(parse(json).get("Statement"));
    }

    @Test
    void nodesMayOnlyImportIntoAndCreateTheCacheRepositories() {
        var s = statements(RegistryPolicies.nodePullThrough("eu-west-1", "123456789012", "docker-hub"));
        assertThat(s).hasSize(1);
        var st = map(s.get(0));
        assertThat(st.get("Effect")).isEqualTo("Allow");
        assertThat(list(st.get("Action"))).containsExactlyInAnyOrder("ecr:BatchImportUpstreamImage",
                "ecr:CreateRepository");
        assertThat(st.get("Resource")).isEqualTo("arn:aws:ecr:eu-west-1:123456789012:repository/docker-hub/*");
    }

    @Test
    void theTemplateRoleCreatesCacheRepositoriesAndUsesOnlyTheCacheKey() {
        var key = "arn:aws:kms:us-east-1:123456789012:key/abc";
        var s = statements(RegistryPolicies.templateRole("us-east-1", "123456789012", "hub", key));
        assertThat(s).hasSize(2);
        for (var o : s) {
            var st = map(o);
            assertThat(String.valueOf(st.get("Resource"))).isNotEqualTo("*");
            if (list(st.get("Action")).contains("ecr:CreateRepository")) {
                assertThat(st.get("Resource")).isEqualTo("arn:aws:ecr:us-east-1:123456789012:repository/hub/*");
            } else {
                assertThat(list(st.get("Action"))).allMatch(a -> String.valueOf(a).startsWith("kms:"))
                        .doesNotContain("kms:Decrypt", "kms:*");
                assertThat(st.get("Resource")).isEqualTo(key);
            }
        }
        assertThat(map(statements(RegistryPolicies.ecrTrust()).get(0)).get("Principal"))
                .isEqualTo(Map.of("Service", "ecr.amazonaws.com"));
    }

    @Test
    void theCacheKeyIsTheAccountsAloneNoOneDecryptsTheCredentialWithIt() {
        // the credential stays on aws/secretsmanager (ECR cannot read it under a customer key): no statement for
        // ECR's pull-through role, no kms:ViaService secretsmanager
        var s = statements(RegistryPolicies.cacheKey("123456789012", "us-east-1"));
        assertThat(s).singleElement().satisfies(st -> {
            assertThat(map(st).get("Principal")).isEqualTo(Map.of("AWS", "arn:aws:iam::123456789012:root"));
            assertThat(map(st).get("Action")).isEqualTo("kms:*");
        });
        assertThat(RegistryPolicies.cacheKey("123456789012", "us-east-1")).doesNotContain("secretsmanager",
                "AWSServiceRoleForECRPullThroughCache");
        assertThat(RegistryPolicies.cacheKey("123456789012", "cn-north-1")).contains("arn:aws-cn:iam::123456789012:root");
    }

    @Test
    void theCredentialIsTheJsonEcrReads() {
        assertThat(parse(RegistryPolicies.dockerHubCredential("me", "dckr_pat_\"x"))).isEqualTo(
                Map.of("username", "me", "accessToken", "dckr_pat_\"x"));
    }

    @Test
    void roleNameComesFromTheArn() {
        assertThat(ImageRegistry.roleName("arn:aws:iam::123456789012:role/milvus-eks-prod-nodes-1a2b"))
                .isEqualTo("milvus-eks-prod-nodes-1a2b");
        assertThat(ImageRegistry.roleName("arn:aws:iam::123456789012:role/some/path/nodes"))
                .isEqualTo("nodes");
        assertThatThrownBy(() -> ImageRegistry.roleName("arn:aws:iam::123456789012:user/nodes"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
