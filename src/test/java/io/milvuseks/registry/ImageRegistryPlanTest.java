package io.milvuseks.registry;

import io.milvuseks.StackOutputs;
import io.milvuseks.config.RawConfig;
import io.milvuseks.plan.Placeholders;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlanJson;
import io.milvuseks.plan.PlanText;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The real program on the mock engine: where the Milvus release's images come from, and what the cache costs. */
class ImageRegistryPlanTest {

    static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    static final String RULE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
    static final String TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
    static final String SECRET = "aws:secretsmanager/secret:Secret";
    static final String SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
    static final String KEY = "aws:kms/key:Key";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    /** Where a stack's Docker Hub images come from: its rule's prefix is docker-hub-<stack> (the default, per stack). */
    static String cache(String stack) {
        return Placeholders.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/docker-hub-" + stack + "/";
    }
    /** Chart sections with images that the chart itself leaves off and the stack never turns on. */
    static final Set<String> OFF_BY_CHART_DEFAULT = Set.of("attu", "tei", "pulsar");

    static Map<String, Object> values(Plan plan) {
        return map(plan.find(RELEASE, "milvus").orElseThrow().inputs().get("values"));
    }

    /** Every image reference in the values: each map with a repository (and the bitnami registry, if set). */
    static List<String> imageReferences(Object node) {
        var out = new ArrayList<String>();
        if (node instanceof Map<?, ?> m) {
            if (m.get("repository") instanceof String repo) {
                var registry = m.get("registry") instanceof String r ? r + "/" : "";
                out.add(registry + repo + ":" + m.get("tag"));
            }
            m.values().forEach(v -> out.addAll(imageReferences(v)));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> out.addAll(imageReferences(v)));
        }
        return out;
    }

    static RawConfig raw(String stack, String queue) {
        return Stacks.raw(stack, queue == null ? Map.of() : Map.of("messageQueue", queue));
    }

    @ParameterizedTest
    @CsvSource({"staging,", "prod,", "prod,pulsar", "staging,woodpecker"})
    void everyImageOfTheReleaseComesFromTheEcrCacheNeverFromDockerHub(String stack, String queue) {
        final String CACHE = cache(stack);
        var plan = Stacks.plan(raw(stack, queue));
        var values = values(plan);
        var refs = imageReferences(values);
        assertThat(refs).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith(CACHE));
        assertThat(String.valueOf(values)).doesNotContain("docker.io");
        assertThat(refs).contains(CACHE + "milvusdb/milvus:v2.6.15", CACHE + "milvusdb/etcd:3.5.25-r1");
        boolean pulsar = "pulsar".equals(plan.outputs().get(StackOutputs.MESSAGE_QUEUE));
        assertThat(refs.stream().filter(r -> r.startsWith(CACHE + "apachepulsar/pulsar:")).count())
                .isEqualTo(pulsar ? 6 : 0);
        // the plan's outputs list the same references (each image once), and the stack's own jobs' and Grafana's
        var outputs = list(plan.outputs().get(StackOutputs.IMAGE_REFERENCES));
        // registry.k8s.io images come through the second rule, <prefix>-k8s, quay.io images through <prefix>-quay
        assertThat(outputs).containsAll(new HashSet<>(refs)).doesNotHaveDuplicates()
                .allSatisfy(r -> assertThat(String.valueOf(r)).matches(java.util.regex.Pattern.quote(
                        CACHE.substring(0, CACHE.length() - 1)) + "(-k8s|-quay)?/.*"))
                .contains(CACHE + "amazon/aws-cli:2.22.35");
    }

    /** The chart's image blocks (chart-keys tsv): each is routed by the stack, or its section is off. */
    @ParameterizedTest
    @CsvSource({"staging,", "prod,", "prod,pulsar", "staging,woodpecker"})
    void everyImageBlockOfTheChartIsRoutedOrItsSectionIsOff(String stack, String queue) throws IOException {
        final String CACHE = cache(stack);
        var values = values(Stacks.plan(raw(stack, queue)));
        var blocks = new HashSet<String>();
        try (var in = getClass().getResourceAsStream("/io/milvuseks/milvus/chart-keys-5.0.19.tsv")) {
            for (var line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                var path = line.split("\t")[0];
                if (!line.startsWith("#") && path.endsWith(".tag") && path.contains("image")) {
                    blocks.add(path.substring(0, path.length() - ".tag".length()));
                }
            }
        }
        assertThat(blocks).contains("image.all", "etcd.image", "pulsarv3.images.broker", "attu.image",
                "minio.image", "kafka.image", "woodpecker.image", "tei.image");
        for (var block : blocks) {
            var section = block.split("\\.")[0];
            Object node = values;
            for (var segment : block.split("\\.")) {
                node = node instanceof Map<?, ?> m ? m.get(segment) : null;
            }
            if (node instanceof Map<?, ?> image) {
                assertThat(imageReferences(image)).as(block).singleElement().asString().startsWith(CACHE);
                continue;
            }
            var sectionValues = values.get(section);
            boolean off = sectionValues instanceof Map<?, ?> sv ? Boolean.FALSE.equals(sv.get("enabled"))
                    : OFF_BY_CHART_DEFAULT.contains(section);
            assertThat(off).as(block + " is neither routed nor off").isTrue();
        }
    }

    @Test
    void theCacheRuleReadsAKmsEncryptedCredentialUnderTheRequiredPrefix() {
        var token = "dckr_pat_SENTINEL_never_in_the_plan";
        var plan = Stacks.plan(Stacks.raw("prod", Map.of("dockerHubAccessToken", token)));
        var rule = one(plan, RULE, "milvus-eks-prod-docker-hub-cache");
        assertThat(rule.inputs()).containsEntry("upstreamRegistryUrl", "registry-1.docker.io")
                .containsEntry("ecrRepositoryPrefix", "docker-hub-prod");
        var secret = one(plan, SECRET, "milvus-eks-prod-docker-hub-credential");
        // the prefix preflight finds the stack's secret by (ChecksTest pins the same string)
        assertThat((String) secret.inputs().get("namePrefix")).startsWith(ImageRegistry.SECRET_PREFIX)
                .isEqualTo("ecr-pullthroughcache/milvus-eks-prod-docker-hub-");
        assertThat(secret.inputs()).doesNotContainKey("name");
        assertThat(rule.inputs().get("credentialArn")).asString().contains(":secretsmanager:")
                .contains("docker-hub-credential");
        // the credential on the AWS-managed aws/secretsmanager key, the only one ECR reads it with (ECR user guide,
        // pull-through-cache-creating-secret); the component's customer key encrypts the cached repositories
        assertThat(secret.inputs()).doesNotContainKey("kmsKeyId");
        var key = one(plan, KEY, "milvus-eks-prod-registry-key");
        assertThat(key.parent()).isEqualTo("milvus-eks-prod-images");
        assertThat(key.inputs()).containsEntry("enableKeyRotation", true);
        assertThat((String) key.inputs().get("policy")).doesNotContain("secretsmanager");
        assertThat(secret.protect()).isTrue();
        assertThat(key.protect()).isTrue();
        // the token: a secret in the plan, nowhere in plain text
        assertThat(one(plan, SECRET_VERSION, "milvus-eks-prod-docker-hub-credential").inputs())
                .containsEntry("secretString", "[secret]");
        assertThat(PlanJson.write(plan)).doesNotContain("SENTINEL");
        assertThat(PlanText.render(plan)).doesNotContain("SENTINEL");
        // cached repositories are encrypted with the same customer key
        var template = one(plan, TEMPLATE, "milvus-eks-prod-docker-hub-cache");
        assertThat(template.inputs()).containsEntry("prefix", "docker-hub-prod")
                .containsEntry("appliedFors", List.of("PULL_THROUGH_CACHE"));
        var enc = map(list(template.inputs().get("encryptionConfigurations")).get(0));
        assertThat(enc).containsEntry("encryptionType", "KMS");
        assertThat(enc.get("kmsKey")).asString().endsWith("/mock-milvus-eks-prod-registry-key");
    }

    @Test
    void theNodeRoleMayImportIntoTheCacheAndAlreadyPulls() {
        var plan = Stacks.plan("prod");
        var policy = one(plan, ROLE_POLICY, "milvus-eks-prod-nodes-pull-through");
        assertThat(policy.inputs().get("role")).asString().endsWith("milvus-eks-prod-nodes");
        var statements = list(RegistryPoliciesTest.parse((String) policy.inputs().get("policy")).get("Statement"));
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(list(map(s).get("Action"))).containsExactlyInAnyOrder("ecr:BatchImportUpstreamImage",
                    "ecr:CreateRepository");
            // and the registry.k8s.io and quay.io rules' prefixes (autoscaling and monitoring on in prod)
            assertThat(map(s).get("Resource")).isEqualTo(List.of("arn:aws:ecr:us-east-1:" + Placeholders.ACCOUNT
                    + ":repository/docker-hub-prod/*", "arn:aws:ecr:us-east-1:" + Placeholders.ACCOUNT
                    + ":repository/docker-hub-prod-k8s/*", "arn:aws:ecr:us-east-1:" + Placeholders.ACCOUNT
                    + ":repository/docker-hub-prod-quay/*"));
        });
        // pulling (GetAuthorizationToken, BatchGetImage, GetDownloadUrlForLayer) is the managed read-only policy
        assertThat(plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).anySatisfy(a -> assertThat(
                a.inputs().get("policyArn")).isEqualTo("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"));
    }

    /** Monitoring's quay.io images come through a third rule, without a credential, encrypted like the others. */
    @Test
    void theQuayRuleCachesMonitoringsImagesAndTheReleaseWaitsForIt() {
        var plan = Stacks.plan("prod");
        var rule = one(plan, RULE, "milvus-eks-prod-quay-cache");
        assertThat(rule.inputs()).containsEntry("upstreamRegistryUrl", "quay.io")
                .containsEntry("ecrRepositoryPrefix", "docker-hub-prod-quay").doesNotContainKey("credentialArn");
        var template = one(plan, TEMPLATE, "milvus-eks-prod-quay-cache");
        assertThat(template.inputs()).containsEntry("prefix", "docker-hub-prod-quay")
                .containsEntry("appliedFors", List.of("PULL_THROUGH_CACHE"));
        assertThat(map(list(template.inputs().get("encryptionConfigurations")).get(0)).get("kmsKey")).asString()
                .endsWith("/mock-milvus-eks-prod-registry-key");
        assertThat(String.valueOf(one(plan, ROLE_POLICY, "milvus-eks-prod-ecr-template").inputs().get("policy")))
                .contains("repository/docker-hub-prod-quay/*");
        var kps = plan.find(RELEASE, "milvus-eks-prod-kube-prometheus-stack").orElseThrow();
        assertThat(kps.dependsOn()).contains(rule.name(), template.name(), one(plan, RULE,
                "milvus-eks-prod-k8s-cache").name());
        assertThat(list(plan.outputs().get(StackOutputs.IMAGE_REFERENCES))).contains(
                Placeholders.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/docker-hub-prod-quay/prometheus/prometheus:v3.14.0-distroless",
                Placeholders.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/docker-hub-prod-k8s/kube-state-metrics/kube-state-metrics:v2.20.0");
        // without monitoring: no quay.io rule (and none for registry.k8s.io without autoscaling either)
        var off = Stacks.plan(Stacks.raw("staging", Map.of("monitoring", "{\"enabled\":false}")));
        assertThat(off.ofType(RULE)).extracting(r -> r.inputs().get("upstreamRegistryUrl"))
                .containsExactly("registry-1.docker.io");
        assertThat(list(off.outputs().get(StackOutputs.IMAGE_REFERENCES))).noneSatisfy(r ->
                assertThat(String.valueOf(r)).contains("-quay/"));
    }

    /** '<prefix>-quay' is the longest rule prefix: with monitoring on, the Docker Hub prefix leaves room for it. */
    @Test
    void anEcrPrefixWithNoRoomForTheQuayRuleIsOneConfigErrorWithMonitoringOn() {
        var registry = "{\"source\":\"ecrPullThroughCache\",\"ecrRepositoryPrefix\":\"" + "a".repeat(26)
                + "\",\"dockerHubUsername\":\"milvusops\"}";
        var ex = org.assertj.core.api.Assertions.catchThrowableOfType(() -> Stacks.settings("prod",
                Map.of("imageRegistry", registry)), io.milvuseks.config.InvalidConfigException.class);
        assertThat(ex.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("imageRegistry.ecrRepositoryPrefix", "'" + "a".repeat(26) + "-quay'",
                        "at most 25 characters with monitoring.enabled"));
        // 25 characters fit every rule
        var fits = registry.replace("a".repeat(26), "a".repeat(25));
        assertThat(Stacks.settings("prod", Map.of("imageRegistry", fits)).imageRegistry().ecrRepositoryPrefix())
                .hasSize(25);
    }

    @Test
    void prodNodesReachTheCacheWithoutTheNat() {
        // ECR's API and registry through interface endpoints, image layers from S3 through the gateway endpoint
        var endpoints = Stacks.plan("prod").ofType("aws:ec2/vpcEndpoint:VpcEndpoint").stream()
                .map(e -> e.inputs().get("serviceName") + " " + e.inputs().get("vpcEndpointType")).toList();
        assertThat(endpoints).contains("com.amazonaws.us-east-1.ecr.api Interface",
                "com.amazonaws.us-east-1.ecr.dkr Interface", "com.amazonaws.us-east-1.s3 Gateway");
    }

    @Test
    void aPrivateRegistryCreatesNothingAndAddressesEveryImageToIt() {
        var raw = Stacks.raw("staging", new java.util.HashMap<>(Map.of(
                "imageRegistry", "{\"source\": \"private\", \"privateRegistry\": \"harbor.example.com/hub\"}",
                "messageQueue", "pulsar")) {{
                    put("dockerHubAccessToken", null);
                }});
        var plan = Stacks.plan(raw);
        assertThat(plan.ofType(RULE)).isEmpty();
        assertThat(plan.ofType(SECRET)).isEmpty();
        assertThat(plan.ofType(TEMPLATE)).isEmpty();
        assertThat(imageReferences(values(plan))).hasSize(9)
                .allSatisfy(r -> assertThat(r).startsWith("harbor.example.com/hub/"))
                .contains("harbor.example.com/hub/apachepulsar/pulsar:3.0.7");
    }

    static PlannedResource one(Plan plan, String type, String name) {
        return plan.find(type, name).orElseThrow(() -> new AssertionError("no " + type + " " + name));
    }
}
