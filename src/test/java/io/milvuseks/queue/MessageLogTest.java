package io.milvuseks.queue;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.milvuseks.App;
import io.milvuseks.StackOutputs;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.config.RawConfig;
import io.milvuseks.naming.Naming;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.plan.Placeholders;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlanJson;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MessageLogTest {

    static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    static final String CONFIGURATION = "aws:msk/configuration:Configuration";
    static final String CLUSTER = "aws:msk/cluster:Cluster";
    static final String SECRET = "aws:secretsmanager/secret:Secret";
    static final String SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
    static final String ASSOCIATION = "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation";
    static final String CANARY = "canary-scram-Pa55word-7f3a";
    static final String ROOT_CANARY = "canary-root-Pa55word-91c2";

    /** The stack file with overrides, plus secret config values the engine treats as secrets. */
    static RawConfig withSecrets(RawConfig base, Map<String, String> secrets) {
        var values = new HashMap<>(base.values());
        var keys = new HashSet<>(base.secretKeys());
        secrets.forEach((k, v) -> {
            values.put(base.project() + ":" + k, v);
            keys.add(base.project() + ":" + k);
        });
        return new RawConfig(base.project(), base.stack(), values, keys, true);
    }

    static List<PlannedResource> children(Plan plan, String component) {
        return plan.resources().stream().filter(r -> component.equals(r.parent())).toList();
    }

    /** Resources of a type outside the image registry (which keeps its own Docker Hub secret). */
    static List<PlannedResource> ofType(Plan plan, String type) {
        return plan.ofType(type).stream().filter(r -> r.parent() == null || !r.parent().endsWith("-images"))
                .toList();
    }

    static PlannedResource one(Plan plan, String type) {
        var all = ofType(plan, type);
        assertThat(all).as(type).hasSize(1);
        return all.get(0);
    }

    @Test
    void mskInProdIsAPrivateTlsScramClusterWithItsConfigurationSecretAndAssociation() {
        var plan = Stacks.plan("prod");
        var settings = Stacks.settings("prod");
        var log = plan.find(MessageLog.TYPE, "milvus-eks-prod-message-log").orElseThrow();
        assertThat(log.custom()).isFalse();
        assertThat(children(plan, log.name()).stream().map(PlannedResource::type).toList())
                .containsExactlyInAnyOrder(SG, CONFIGURATION, CLUSTER, SECRET, SECRET_VERSION, ASSOCIATION);

        var keyArn = (String) plan.outputs().get(StackOutputs.KMS_KEY_ARN);
        var cluster = one(plan, CLUSTER);
        assertThat(cluster.inputs()).containsEntry("numberOfBrokerNodes", (long) settings.msk().brokerCount())
                .containsEntry("kafkaVersion", settings.msk().kafkaVersion());
        var brokers = map(cluster.inputs().get("brokerNodeGroupInfo"));
        assertThat(brokers).containsEntry("instanceType", settings.msk().brokerInstanceType());
        assertThat(map(map(brokers.get("storageInfo")).get("ebsStorageInfo")))
                .containsEntry("volumeSize", (long) settings.msk().volumeGiB());
        assertThat(list(brokers.get("clientSubnets"))).hasSize(settings.network().availabilityZones().size());
        // the network has its own security group (interface endpoints in prod): take the message log's
        var sg = children(plan, log.name()).stream().filter(r -> r.type().equals(SG)).findFirst().orElseThrow();
        assertThat(list(brokers.get("securityGroups"))).containsExactly("mock-" + sg.name());

        var encryption = map(cluster.inputs().get("encryptionInfo"));
        assertThat(encryption).containsEntry("encryptionAtRestKmsKeyArn", keyArn);
        assertThat(map(encryption.get("encryptionInTransit"))).containsEntry("clientBroker", "TLS")
                .containsEntry("inCluster", true);
        var auth = map(cluster.inputs().get("clientAuthentication"));
        assertThat(auth).containsEntry("unauthenticated", false);
        assertThat(map(auth.get("sasl"))).containsEntry("scram", true).containsEntry("iam", false);

        var configuration = one(plan, CONFIGURATION);
        assertThat((String) configuration.inputs().get("serverProperties"))
                .contains("default.replication.factor=3", "min.insync.replicas=2", "auto.create.topics.enable=true",
                        "unclean.leader.election.enable=false", "message.max.bytes=10485760");
        assertThat(list(configuration.inputs().get("kafkaVersions"))).containsExactly(settings.msk().kafkaVersion());
        assertThat(map(cluster.inputs().get("configurationInfo")))
                .containsEntry("arn", "arn:aws:msk:us-east-1:" + Placeholders.ACCOUNT + ":configuration/mock-"
                        + configuration.name())
                .containsEntry("revision", 1L);

        // Only Kafka SASL/SCRAM port, only from the node security group, no egress.
        var ingress = list(sg.inputs().get("ingress"));
        assertThat(ingress).hasSize(1);
        assertThat(map(ingress.get(0))).containsEntry("fromPort", 9096L).containsEntry("toPort", 9096L)
                .containsEntry("protocol", "tcp").doesNotContainKey("cidrBlocks");
        assertThat(list(map(ingress.get(0)).get("securityGroups"))).hasSize(1);
        assertThat(sg.inputs().get("egress")).isNull();

        var secret = one(plan, SECRET);
        assertThat(secret.inputs()).doesNotContainKey("name")
                .containsEntry("namePrefix", "AmazonMSK_milvus-eks-prod-milvus-");
        assertThat(secret.inputs()).containsEntry("kmsKeyId", keyArn)
                .containsEntry("recoveryWindowInDays", (long) MessageLog.SECRET_RECOVERY_DAYS_PROD);
        assertThat(one(plan, SECRET_VERSION).inputs()).containsEntry("secretString", Placeholders.SECRET)
                .containsEntry("secretId", "mock-" + secret.name());
        assertThat(one(plan, ASSOCIATION).inputs())
                .containsEntry("clusterArn", "arn:aws:msk:us-east-1:" + Placeholders.ACCOUNT + ":cluster/mock-"
                        + cluster.name())
                .containsEntry("secretArn", "arn:aws:secretsmanager:us-east-1:" + Placeholders.ACCOUNT
                        + ":secret/mock-" + secret.name());

        assertThat((String) plan.outputs().get(StackOutputs.MSK_BOOTSTRAP_BROKERS)).contains(":9096");
        assertThat(plan.resources()).noneMatch(r -> r.type().startsWith("aws:iam/accessKey")
                || r.type().startsWith("aws:iam/user"));
    }

    @Test
    void pulsarAndWoodpeckerDeclareNoQueueResourcesButSayWhatTheyChose() {
        for (var queue : List.of("pulsar", "woodpecker")) {
            var plan = Stacks.plan(Stacks.raw("staging", Map.of("messageQueue", queue)));
            var log = plan.find(MessageLog.TYPE, "milvus-eks-staging-message-log").orElseThrow();
            assertThat(children(plan, log.name())).as(queue).isEmpty();
            for (var type : List.of(SG, CONFIGURATION, CLUSTER, SECRET, SECRET_VERSION, ASSOCIATION)) {
                assertThat(ofType(plan, type)).as(queue + " " + type).isEmpty();
            }
            assertThat(plan.outputs()).as(queue).containsEntry(StackOutputs.MESSAGE_QUEUE, queue)
                    .doesNotContainKey(StackOutputs.MSK_BOOTSTRAP_BROKERS)
                    .containsKeys(StackOutputs.BUCKET_NAME, StackOutputs.KMS_KEY_ARN, StackOutputs.MILVUS_ROLE_ARN);
        }
    }

    @Test
    void componentReportsItsChoiceAndOnlyMskHasKafkaOutputs() {
        for (var queue : List.of("msk", "pulsar", "woodpecker")) {
            var raw = withSecrets(Stacks.raw("staging", Map.of("messageQueue", queue)),
                    Map.of("mskScramPassword", CANARY));
            var settings = App.load(raw);
            var naming = new Naming(settings.project(), settings.stack());
            var run = OfflineEngine.run(raw, ctx -> {
                var log = new MessageLog("log", new MessageLogArgs(settings, naming, Output.of("arn:aws:kms:x:1:key/k"),
                        Output.of("vpc-1"), Output.of(List.of("s-a", "s-b", "s-c")), Output.of("sg-nodes"),
                        ctx.config().requireSecret("mskScramPassword")), ComponentResourceOptions.Empty);
                ctx.export("queue", Output.of(log.queue().wire()));
                ctx.export("hasBrokers", Output.of(log.bootstrapBrokersSaslScram().isPresent()));
                log.scramPassword().ifPresent(p -> ctx.export("password", p));
                log.scramUsername().ifPresent(u -> ctx.export("username", u));
                log.scramSecretArn().ifPresent(a -> ctx.export("secretArn", a));
            });
            assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
            assertThat(run.outputs()).containsEntry("queue", queue).containsEntry("hasBrokers", queue.equals("msk"));
            if (queue.equals("msk")) {
                assertThat(run.outputs()).containsEntry("password", Placeholders.SECRET)
                        .containsEntry("username", KafkaSettings.SCRAM_USERNAME).containsKey("secretArn");
                var sg = run.plan("staging").ofType(SG).get(0);
                assertThat(list(map(list(sg.inputs().get("ingress")).get(0)).get("securityGroups")))
                        .containsExactly("sg-nodes");
            } else {
                assertThat(run.outputs()).doesNotContainKeys("password", "username", "secretArn");
                assertThat(run.resources()).filteredOn(PlannedResource::custom).isEmpty();
            }
        }
    }

    @Test
    void noInputOrOutputHoldsTheScramOrRootPasswordInPlainText() {
        var raw = withSecrets(Stacks.raw("prod"), Map.of("mskScramPassword", CANARY,
                "milvusRootPassword", ROOT_CANARY));
        assertThat(raw.values()).containsValue(CANARY); // the canary really reaches the program
        var plan = Stacks.plan(raw);
        var json = PlanJson.write(plan);
        assertThat(json).doesNotContain(CANARY).doesNotContain(ROOT_CANARY);
        assertThat(one(plan, SECRET_VERSION).inputs().get("secretString")).isEqualTo(Placeholders.SECRET);
    }

    @Test
    void secretValueStaysSecretEvenIfThePasswordArrivesAsAPlainOutput() {
        var raw = Stacks.raw("prod");
        var settings = App.load(raw);
        var naming = new Naming(settings.project(), settings.stack());
        var run = OfflineEngine.run(raw, ctx -> {
            var log = new MessageLog("log", new MessageLogArgs(settings, naming, Output.of("arn:aws:kms:x:1:key/k"),
                    Output.of("vpc-1"), Output.of(List.of("s-a", "s-b", "s-c")), Output.of("sg-nodes"),
                    Output.of(CANARY)), ComponentResourceOptions.Empty);
            ctx.export("password", log.scramPassword().orElseThrow());
        });
        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        var plan = run.plan("prod");
        assertThat(one(plan, SECRET_VERSION).inputs().get("secretString")).isEqualTo(Placeholders.SECRET);
        assertThat(run.outputs()).containsEntry("password", Placeholders.SECRET);
        assertThat(PlanJson.write(plan)).doesNotContain(CANARY);
    }

    @Test
    void protectionFlagsInProdButNotInStaging() {
        var prod = Stacks.plan("prod");
        for (var type : List.of(CLUSTER, SECRET)) {
            assertThat(one(prod, type).protect()).as(type).isTrue();
        }
        var staging = Stacks.plan(withSecrets(Stacks.raw("staging", Map.of("messageQueue", "msk")),
                Map.of("mskScramPassword", CANARY)));
        assertThat(staging.ofType(CLUSTER)).hasSize(1);
        assertThat(staging.resources()).noneMatch(PlannedResource::protect);
        // Nothing to recover outside prod: no scheduled-for-deletion secret left behind per destroy.
        assertThat(one(staging, SECRET).inputs()).containsEntry("recoveryWindowInDays", 0L);
        assertThat(staging.ofType("aws:s3/bucketV2:BucketV2")).allMatch(PlannedResource::retainOnDelete);
    }

    @Test
    void mskWithoutScramPasswordIsAConfigErrorNamingTheKey() {
        var overrides = new HashMap<String, String>();
        overrides.put("mskScramPassword", null);
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> App.load(Stacks.raw("prod", overrides)));
        assertThat(ex).isNotNull();
        assertThat(ex.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo(Stacks.PROJECT + ":mskScramPassword");
            assertThat(p.toString()).contains("required", "pulumi config set --secret mskScramPassword");
        });
        // Without msk the password is not needed.
        overrides.put("messageQueue", "woodpecker");
        assertThat(App.load(Stacks.raw("prod", overrides)).secrets().mskScramPassword()).isFalse();
    }
}
