package io.milvuseks.queue;

import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupIngressArgs;
import com.pulumi.aws.msk.Cluster;
import com.pulumi.aws.msk.ClusterArgs;
import com.pulumi.aws.msk.Configuration;
import com.pulumi.aws.msk.ConfigurationArgs;
import com.pulumi.aws.msk.SingleScramSecretAssociation;
import com.pulumi.aws.msk.SingleScramSecretAssociationArgs;
import com.pulumi.aws.msk.inputs.ClusterBrokerNodeGroupInfoArgs;
import com.pulumi.aws.msk.inputs.ClusterBrokerNodeGroupInfoStorageInfoArgs;
import com.pulumi.aws.msk.inputs.ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgs;
import com.pulumi.aws.msk.inputs.ClusterClientAuthenticationArgs;
import com.pulumi.aws.msk.inputs.ClusterClientAuthenticationSaslArgs;
import com.pulumi.aws.msk.inputs.ClusterConfigurationInfoArgs;
import com.pulumi.aws.msk.inputs.ClusterEncryptionInfoArgs;
import com.pulumi.aws.msk.inputs.ClusterEncryptionInfoEncryptionInTransitArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.naming.Naming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Milvus's write-ahead log, as chosen by {@code messageQueue}. Only {@code msk} creates AWS resources: an MSK
 * cluster reachable from the EKS nodes over TLS + SASL/SCRAM. {@code pulsar} runs in the cluster (the Milvus chart
 * deploys it) and {@code woodpecker} writes the WAL to the object storage bucket, so for them this component only
 * records the choice.
 */
public final class MessageLog extends ComponentResource {

    public static final String TYPE = "milvus-eks:queue:MessageLog";
    /** Secrets Manager's default (and maximum) recovery window, kept in prod. */
    public static final int SECRET_RECOVERY_DAYS_PROD = 30;

    private final MessageQueue queue;
    private final Output<String> bootstrapBrokersSaslScram;
    private final Output<String> scramUsername;
    private final Output<String> scramPassword;
    private final Output<String> scramSecretArn;
    private final Output<String> clusterName;

    public MessageLog(String name, MessageLogArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        this.queue = args.settings().messageQueue();
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("messageQueue", Output.of(queue.wire()));
        if (queue == MessageQueue.MSK) {
            var msk = new Msk(args);
            this.bootstrapBrokersSaslScram = msk.cluster.bootstrapBrokersSaslScram();
            this.scramUsername = Output.of(KafkaSettings.SCRAM_USERNAME);
            this.scramPassword = args.scramPassword().asSecret();
            this.scramSecretArn = msk.secret.arn();
            this.clusterName = msk.cluster.clusterName();
            outputs.put("bootstrapBrokersSaslScram", bootstrapBrokersSaslScram);
            outputs.put("scramUsername", scramUsername);
            outputs.put("scramPassword", scramPassword);
            outputs.put("scramSecretArn", scramSecretArn);
        } else {
            this.bootstrapBrokersSaslScram = null;
            this.scramUsername = null;
            this.scramPassword = null;
            this.scramSecretArn = null;
            this.clusterName = null;
        }
        registerOutputs(outputs);
    }

    /** The MSK resources, declared as children of the component. */
    private final class Msk {
        final Cluster cluster;
        final Secret secret;

        Msk(MessageLogArgs args) {
            var settings = args.settings();
            var naming = args.naming();
            var msk = settings.msk();
            var prod = settings.prod();

            // No fixed physical names below: each of these resources has fields that force a replacement (see
            // MskReplacementTest), and Pulumi replaces by creating the new one first, which a fixed name turns into
            // "already exists" (terraform-provider-aws #12724). Pulumi auto-names them <logical name>-<random>.
            var securityGroup = new SecurityGroup(naming.name("msk"), SecurityGroupArgs.builder()
                    .description("MSK brokers: SASL/SCRAM over TLS from the EKS nodes only")
                    .vpcId(args.vpcId())
                    .ingress(SecurityGroupIngressArgs.builder()
                            .description("Kafka SASL/SCRAM (TLS) from EKS nodes")
                            .protocol("tcp")
                            .fromPort(KafkaSettings.SASL_SCRAM_PORT)
                            .toPort(KafkaSettings.SASL_SCRAM_PORT)
                            .securityGroups(args.nodeSecurityGroupId().applyValue(List::of))
                            .build())
                    // No egress rule: brokers only answer connections, which the stateful group allows.
                    .tags(naming.tags(naming.name("msk")))
                    .build(), child());

            var configuration = new Configuration(naming.name("kafka-config"), ConfigurationArgs.builder()
                    .description("Milvus message log: RF 3, min ISR 2, topics created by Milvus")
                    .kafkaVersions(List.of(msk.kafkaVersion()))
                    .serverProperties(KafkaSettings.serverPropertiesText())
                    .build(), child());

            this.cluster = new Cluster(naming.name("msk"), ClusterArgs.builder()
                    .kafkaVersion(msk.kafkaVersion())
                    .numberOfBrokerNodes(msk.brokerCount())
                    .brokerNodeGroupInfo(ClusterBrokerNodeGroupInfoArgs.builder()
                            .instanceType(msk.brokerInstanceType())
                            .clientSubnets(args.privateSubnetIds())
                            .securityGroups(securityGroup.id().applyValue(List::of))
                            .storageInfo(ClusterBrokerNodeGroupInfoStorageInfoArgs.builder()
                                    .ebsStorageInfo(ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgs.builder()
                                            .volumeSize(msk.volumeGiB()).build())
                                    .build())
                            .build())
                    .encryptionInfo(ClusterEncryptionInfoArgs.builder()
                            .encryptionAtRestKmsKeyArn(args.kmsKeyArn())
                            .encryptionInTransit(ClusterEncryptionInfoEncryptionInTransitArgs.builder()
                                    .clientBroker("TLS")
                                    .inCluster(true)
                                    .build())
                            .build())
                    .clientAuthentication(ClusterClientAuthenticationArgs.builder()
                            .sasl(ClusterClientAuthenticationSaslArgs.builder().scram(true).iam(false).build())
                            .unauthenticated(false)
                            .build())
                    .configurationInfo(ClusterConfigurationInfoArgs.builder()
                            .arn(configuration.arn())
                            .revision(configuration.latestRevision())
                            .build())
                    .tags(naming.tags(naming.name("msk")))
                    .build(), protectedChild(prod));

            // MSK only accepts SCRAM secrets named AmazonMSK_* and encrypted with a customer managed key. A name
            // prefix keeps AmazonMSK_ and lets AWS add a unique suffix, so a replacement or a destroy + up never
            // meets the old name (still reserved for its recovery window).
            this.secret = new Secret(naming.name("msk-scram"), SecretArgs.builder()
                    .namePrefix(scramSecretPrefix(naming))
                    .description("SASL/SCRAM credentials of Milvus on " + naming.name("msk"))
                    .kmsKeyId(args.kmsKeyArn())
                    // Outside prod nothing is worth recovering (the password lives in the stack config): delete at
                    // once rather than leave a scheduled-for-deletion secret per destroy for 30 days.
                    .recoveryWindowInDays(prod ? SECRET_RECOVERY_DAYS_PROD : 0)
                    .tags(naming.tags(naming.name("msk-scram")))
                    .build(), protectedChild(prod));
            // The JSON is built inside the secret Output, so the password never exists as a plain input.
            var version = new SecretVersion(naming.name("msk-scram-value"), SecretVersionArgs.builder()
                    .secretId(secret.id())
                    .secretString(args.scramPassword()
                            .applyValue(p -> KafkaSettings.scramSecretJson(KafkaSettings.SCRAM_USERNAME, p))
                            .asSecret())
                    .build(), child());
            new SingleScramSecretAssociation(naming.name("msk-scram-association"),
                    SingleScramSecretAssociationArgs.builder()
                            .clusterArn(cluster.arn())
                            .secretArn(secret.arn())
                            .build(),
                    CustomResourceOptions.builder().parent(MessageLog.this).dependsOn(List.of(version)).build());
        }

        private CustomResourceOptions child() {
            return CustomResourceOptions.builder().parent(MessageLog.this).build();
        }

        private CustomResourceOptions protectedChild(boolean protect) {
            return CustomResourceOptions.builder().parent(MessageLog.this).protect(protect).build();
        }
    }

    /** {@code AmazonMSK_<project>-<stack>-milvus-}: Secrets Manager appends the unique suffix. */
    public static String scramSecretPrefix(Naming naming) {
        return KafkaSettings.SCRAM_SECRET_PREFIX + naming.name("milvus") + "-";
    }

    public MessageQueue queue() {
        return queue;
    }

    /** The MSK cluster's name (msk only): the dimension of its CloudWatch metrics. */
    public Optional<Output<String>> clusterName() {
        return Optional.ofNullable(clusterName);
    }

    /** Comma-separated {@code host:9096} list; only for msk. */
    public Optional<Output<String>> bootstrapBrokersSaslScram() {
        return Optional.ofNullable(bootstrapBrokersSaslScram);
    }

    public Optional<Output<String>> scramUsername() {
        return Optional.ofNullable(scramUsername);
    }

    /** The SCRAM password as a Pulumi secret, for the Milvus release; only for msk. */
    public Optional<Output<String>> scramPassword() {
        return Optional.ofNullable(scramPassword);
    }

    public Optional<Output<String>> scramSecretArn() {
        return Optional.ofNullable(scramSecretArn);
    }
}
