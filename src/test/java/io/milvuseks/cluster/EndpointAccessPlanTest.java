package io.milvuseks.cluster;

import io.milvuseks.StackOutputs;
import io.milvuseks.config.ConfigProblem;
import io.milvuseks.plan.PlanText;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.milvuseks.cluster.ConfigErrors.problems;
import static io.milvuseks.cluster.ConfigErrors.with;
import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12.1: who reaches the private API endpoint, and how a new private prod gets its first apply. */
class EndpointAccessPlanTest {

    static final String INGRESS = ClusterAccessPlanTest.INGRESS;

    @Test
    void byDefaultTheVpcReachesThePrivateEndpointOn443OfTheClusterSecurityGroup() {
        // prod's file leaves the key out; listing the VPC's CIDR gives the same rule
        var explicit = Stacks.plan(Stacks.raw("prod", with("privateEndpointSources", "[\"10.40.0.0/16\"]")));
        for (var plan : List.of(Stacks.plan("prod"), explicit)) {
            var cluster = EksClusterPlanTest.cluster(plan);
            assertThat(plan.ofType(INGRESS)).singleElement().satisfies(rule -> {
                assertThat(rule.inputs()).containsEntry("cidrIpv4", "10.40.0.0/16")
                        .containsEntry("ipProtocol", "tcp").containsEntry("fromPort", 443L)
                        .containsEntry("toPort", 443L).doesNotContainKey("referencedSecurityGroupId");
                // the group EKS made for the cluster (vpcConfig.clusterSecurityGroupId), no other
                assertThat((String) rule.inputs().get("securityGroupId")).isEqualTo("sg-mock-" + cluster.name());
                assertThat(rule.propertyDependencies().get("securityGroupId")).containsExactly(cluster.name());
            });
        }
        assertThat(Stacks.settings("staging").cluster().privateEndpointSources()).containsExactly("10.41.0.0/16");
    }

    @Test
    void oneRulePerSourceCidrOrSecurityGroup() {
        var plan = Stacks.plan(Stacks.raw("prod", with("privateEndpointSources",
                "[\"10.40.0.0/16\",\"sg-0123456789abcdef0\",\"172.20.8.0/24\"]")));
        var rules = plan.ofType(INGRESS);
        assertThat(rules).hasSize(3).allSatisfy(r -> assertThat(r.inputs()).containsEntry("fromPort", 443L)
                .containsEntry("toPort", 443L));
        assertThat(rules).map(r -> r.inputs().get("cidrIpv4")).containsExactlyInAnyOrder("10.40.0.0/16",
                "172.20.8.0/24", null);
        assertThat(rules).filteredOn(r -> r.inputs().containsKey("referencedSecurityGroupId")).singleElement()
                .satisfies(r -> assertThat(r.inputs()).containsEntry("referencedSecurityGroupId",
                        "sg-0123456789abcdef0").doesNotContainKey("cidrIpv4"));
        assertThat(rules).map(PlannedResource::name).doesNotHaveDuplicates();
    }

    @Test
    void badSourcesAreRefusedAllAtOnce() {
        var lines = problems("prod", with("privateEndpointSources", "[\"10.0.0.0/33\",\"sg-xyz\",\"0.0.0.0/0\","
                + "\"0.0.0.0/1\",\"10.0.0.0/7\",\"198.51.100.0/24\",\"198.18.4.0/24\",\"10.1.0.1/16\","
                + "\"10.40.0.0/16\",\"10.40.0.0/16\"]")).stream().map(ConfigProblem::toString).toList();
        assertThat(lines).hasSize(9).allSatisfy(l -> assertThat(l)
                .startsWith("config error: milvus-eks:privateEndpointSources: ").contains("accepted: "));
        assertThat(lines).filteredOn(l -> l.contains("neither an IPv4 CIDR nor a security group id")).hasSize(3);
        assertThat(lines).filteredOn(l -> l.contains("broader than /8")).hasSize(3);
        assertThat(lines).filteredOn(l -> l.contains("documentation or benchmark range")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.contains("twice")).hasSize(1);
        // /8 itself and security groups of any id length AWS hands out are fine
        assertThat(Stacks.settings("prod", with("privateEndpointSources", "[\"10.0.0.0/8\",\"sg-12345678\"]"))
                .cluster().privateEndpointSources()).containsExactly("10.0.0.0/8", "sg-12345678");
    }

    @Test
    void nobodyCanReachAPrivateOnlyEndpointWithNoSourcesSoThatIsRefused() {
        assertThat(problems("prod", with("privateEndpointSources", "[]"))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("milvus-eks:privateEndpointSources");
            assertThat(p.message()).contains("nothing outside the cluster that can reach its API");
        });
        // with a public endpoint (staging), or nothing Kubernetes to apply, [] is a choice
        assertThat(Stacks.plan(Stacks.raw("staging", with("privateEndpointSources", "[]"))).ofType(INGRESS)).isEmpty();
        assertThat(Stacks.settings("prod", with("privateEndpointSources", "[]", "kubernetesLayer", "false"))
                .cluster().privateEndpointSources()).isEmpty();
    }

    @Test
    void thePlanSaysWhichPathTheApplyTakes() {
        var prod = Stacks.plan("prod");
        var access = map(prod.outputs().get(StackOutputs.KUBERNETES_API_ACCESS));
        assertThat(access).containsEntry("path", "private");
        assertThat(list(access.get("privateEndpointSources"))).containsExactly("10.40.0.0/16");
        assertThat((String) access.get("note")).contains("run pulumi up from 10.40.0.0/16")
                .contains("first apply with kubernetesLayer: false");
        assertThat(PlanText.render(prod)).contains(StackOutputs.KUBERNETES_API_ACCESS + ":")
                .contains("run pulumi up from 10.40.0.0/16");

        var staging = map(Stacks.plan("staging").outputs().get(StackOutputs.KUBERNETES_API_ACCESS));
        assertThat(staging).containsEntry("path", "public");
        assertThat((String) staging.get("note")).contains("public endpoint, open to "
                + Stacks.settings("staging").cluster().publicAccessCidrs().get(0));
    }

    @Test
    void theReadmeWalkThroughNamesThePathsAndKeysTheCodeUses() throws Exception {
        var readme = java.nio.file.Files.readString(java.nio.file.Path.of("docs/first-prod.md"));
        // the notes send the reader to this heading
        assertThat(ApiAccessPath.PRIVATE.explanation(Stacks.settings("prod").cluster()))
                .contains("docs/first-prod.md: First apply of a new prod");
        assertThat(readme).contains("## First apply of a new prod");
        var walkThrough = readme.substring(readme.indexOf("## First apply of a new prod"));
        int end = walkThrough.indexOf("\n## ", 5);
        walkThrough = end < 0 ? walkThrough : walkThrough.substring(0, end);
        for (var path : ApiAccessPath.values()) {
            assertThat(walkThrough).contains("`path: " + path.wire() + "`");
        }
        assertThat(walkThrough).contains("pulumi config set kubernetesLayer false --stack prod",
                "pulumi config set kubernetesLayer true --stack prod", "`" + StackOutputs.KUBERNETES_API_ACCESS + "`",
                "`privateEndpointSources`", "`deployRoleArn`", "`previewRoleArn`", "`adminRoleArns`");
    }

    @Test
    void theFirstApplyOfANewPrivateProdDeclaresTheAwsLayerOnlyAndSaysWhatComesNext() {
        var plan = Stacks.plan(Stacks.raw("prod", with("kubernetesLayer", "false")));
        var full = Stacks.plan("prod");
        // nothing that needs the API server: no provider, no Kubernetes object, no Helm release
        assertThat(plan.resources()).noneSatisfy(r -> assertThat(r.type()).startsWith("kubernetes:"));
        assertThat(plan.ofType("pulumi:providers:kubernetes")).isEmpty();
        assertThat(plan.outputs()).doesNotContainKeys(StackOutputs.MILVUS_NAMESPACE, StackOutputs.MILVUS_PROXY_SERVICE,
                StackOutputs.MILVUS_ROOT_PASSWORD);
        // ... but every AWS resource of the full stack is there, so the second up only adds the Kubernetes layer
        var awsOnly = plan.resources().stream().filter(r -> r.type().startsWith("aws:"))
                .map(r -> r.type() + " " + r.name()).toList();
        var awsFull = full.resources().stream().filter(r -> r.type().startsWith("aws:"))
                .map(r -> r.type() + " " + r.name()).toList();
        assertThat(awsOnly).containsExactlyInAnyOrderElementsOf(awsFull);
        assertThat(plan.ofType(INGRESS)).hasSize(1);
        // deploy, PR preview and the post-merge preview (prodPreviewRoleArn)
        assertThat(plan.ofType(ClusterAccessPlanTest.ENTRY)).hasSize(3);
        var access = map(plan.outputs().get(StackOutputs.KUBERNETES_API_ACCESS));
        assertThat(access).containsEntry("path", "aws-only");
        assertThat((String) access.get("note")).contains("set kubernetesLayer: true and run pulumi up from it")
                .contains("Never set it false on a stack that has the Kubernetes layer");
    }
}
