package io.milvuseks.queue;

import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.storage.ObjectStorage;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pulumi replaces a resource by creating the new one before deleting the old. Any resource whose physical name is
 * fixed then fails with "already exists" (terraform-provider-aws #12724 for MSK configurations) the first time a
 * field that forces replacement changes. These tests pin, per resource of the message log and the IRSA role, the
 * fields that force a replacement (from the provider's ForceNew schema) and that none of them carries a fixed name.
 */
class MskReplacementTest {

    /**
     * The physical-name field and the other replacement-forcing inputs of each type, as terraform-provider-aws
     * (which pulumi-aws 6.x bridges) declares them ForceNew: internal/service/kafka/configuration.go,
     * kafka/cluster.go (kafka_version forces a replacement only on a downgrade), ec2/vpc_security_group.go,
     * iam/role.go, secretsmanager/secret.go.
     */
    static final Map<String, List<String>> FORCES_REPLACEMENT = Map.of(
            MessageLogTest.CONFIGURATION, List.of("name", "kafkaVersions"),
            MessageLogTest.CLUSTER, List.of("clusterName", "brokerNodeGroupInfo.clientSubnets",
                    "brokerNodeGroupInfo.securityGroups", "encryptionInfo.encryptionAtRestKmsKeyArn",
                    "encryptionInfo.encryptionInTransit.inCluster", "kafkaVersion (downgrade)"),
            MessageLogTest.SG, List.of("name", "namePrefix", "description", "vpcId"),
            MessageLogTest.SECRET, List.of("name", "namePrefix"),
            "aws:iam/role:Role", List.of("name", "namePrefix", "path"));

    /** The input that would hold a fixed physical name, per type. */
    static final Map<String, String> NAME_FIELD = Map.of(
            MessageLogTest.CONFIGURATION, "name",
            MessageLogTest.CLUSTER, "clusterName",
            MessageLogTest.SG, "name",
            MessageLogTest.SECRET, "name",
            "aws:iam/role:Role", "name");

    private static Plan mskPlan(String stack, String kafkaVersion) {
        return Stacks.plan(MessageLogTest.withSecrets(Stacks.raw(stack, Map.of("messageQueue", "msk",
                "msk", "{\"kafkaVersion\": \"" + kafkaVersion + "\"}")), Map.of("mskScramPassword",
                MessageLogTest.CANARY)));
    }

    /** The resources whose names this test guards: the message log's children and the Milvus IRSA role. */
    private static List<PlannedResource> guarded(Plan plan) {
        var storage = plan.resources().stream().filter(r -> r.type().equals(ObjectStorage.TYPE)).findFirst()
                .orElseThrow().name();
        var log = plan.resources().stream().filter(r -> r.type().equals(MessageLog.TYPE)).findFirst()
                .orElseThrow().name();
        return plan.resources().stream()
                .filter(r -> log.equals(r.parent()) || (storage.equals(r.parent()) && r.type().equals("aws:iam/role:Role")))
                .filter(r -> NAME_FIELD.containsKey(r.type()))
                .toList();
    }

    @Test
    void everyResourceThatCanBeReplacedIsAutoNamedOrPrefixed() {
        for (var stack : List.of("prod", "staging")) {
            var found = guarded(mskPlan(stack, "3.7.x"));
            assertThat(found).extracting(PlannedResource::type).as(stack)
                    .containsExactlyInAnyOrderElementsOf(NAME_FIELD.keySet());
            for (var r : found) {
                assertThat(FORCES_REPLACEMENT.get(r.type())).as(r.type()).contains(NAME_FIELD.get(r.type()));
                assertThat(r.inputs()).as(stack + " " + r.type() + " must not fix its name")
                        .doesNotContainKey(NAME_FIELD.get(r.type()));
            }
        }
    }

    @Test
    void theScramSecretKeepsTheAmazonMskPrefixMskRequires() {
        var secret = mskPlan("prod", "3.7.x").ofType(MessageLogTest.SECRET).stream()
                .filter(r -> r.parent() != null && r.parent().endsWith("-message-log")).findFirst().orElseThrow();
        var prefix = (String) secret.inputs().get("namePrefix");
        assertThat(prefix).startsWith(KafkaSettings.SCRAM_SECRET_PREFIX).isEqualTo("AmazonMSK_milvus-eks-prod-milvus-");
        // Secrets Manager names are at most 512 characters; the prefix leaves room for AWS's 26-character suffix
        assertThat(prefix.length() + 26).isLessThanOrEqualTo(512);
    }

    @Test
    void aNewKafkaVersionReplacesTheConfigurationWithoutANameToClashOn() {
        var before = mskPlan("prod", "3.7.x");
        var after = mskPlan("prod", "3.8.x");
        var oldConfig = before.ofType(MessageLogTest.CONFIGURATION).get(0);
        var newConfig = after.ofType(MessageLogTest.CONFIGURATION).get(0);
        // kafkaVersions changed: the provider replaces the configuration (create the new one, then delete the old)
        assertThat(list(oldConfig.inputs().get("kafkaVersions"))).containsExactly("3.7.x");
        assertThat(list(newConfig.inputs().get("kafkaVersions"))).containsExactly("3.8.x");
        // and neither side names it, so the engine's auto-name gives the new one a fresh random suffix
        assertThat(oldConfig.inputs()).doesNotContainKey("name");
        assertThat(newConfig.inputs()).doesNotContainKey("name");
        // the cluster upgrades in place (kafkaVersion forces a replacement only on a downgrade) and follows the
        // new configuration through its ARN, never through a name
        var cluster = after.ofType(MessageLogTest.CLUSTER).get(0);
        assertThat(cluster.inputs()).containsEntry("kafkaVersion", "3.8.x").doesNotContainKey("clusterName");
        assertThat((String) map(cluster.inputs().get("configurationInfo")).get("arn"))
                .endsWith(":configuration/mock-" + newConfig.name());
    }

    @Test
    void theClusterFollowsItsReplaceableSecurityGroupById() {
        var plan = mskPlan("staging", "3.7.x");
        var sg = guarded(plan).stream().filter(r -> r.type().equals(MessageLogTest.SG)).findFirst().orElseThrow();
        var cluster = plan.ofType(MessageLogTest.CLUSTER).get(0);
        assertThat(list(map(cluster.inputs().get("brokerNodeGroupInfo")).get("securityGroups")))
                .containsExactly("mock-" + sg.name());
        assertThat(sg.inputs()).doesNotContainKeys("name", "namePrefix");
    }
}
