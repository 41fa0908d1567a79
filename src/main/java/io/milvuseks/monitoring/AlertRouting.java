package io.milvuseks.monitoring;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.inputs.GetPartitionArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.milvuseks.cluster.IamPolicies;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where alerts go, all in AWS: an SNS topic (KMS-encrypted with its own key, optional e-mail subscription), the IRSA
 * role Alertmanager publishes with, and CloudWatch alarms on the MSK broker disks, which no Prometheus in the cluster
 * can see. Declared with the AWS layer, so a first apply with {@code kubernetesLayer: false} already creates it and the
 * second apply only adds Kubernetes objects.
 */
public final class AlertRouting extends ComponentResource {

    public static final String TYPE = "milvus-eks:monitoring:AlertRouting";

    /**
     * @param mskClusterName with messageQueue=msk: the cluster whose broker disks get alarms
     */
    public record Args(StackSettings settings, Naming naming, Output<String> oidcProviderArn,
                       Output<String> oidcIssuer, Optional<Output<String>> mskClusterName, int mskBrokers) {
    }

    private final Output<String> topicArn;
    private final Output<String> alertmanagerRoleArn;
    private final int alarms;

    public AlertRouting(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var naming = args.naming();
        var m = args.settings().monitoring();
        var child = CustomResourceOptions.builder().parent(this).build();
        var identity = AwsFunctions.getCallerIdentity();
        var partition = AwsFunctions.getPartition(GetPartitionArgs.Empty);
        var key = new Key(naming.name("alerts-key"), KeyArgs.builder()
                .description("Encrypts the alert topic of " + naming.clusterName())
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .policy(Output.tuple(identity, partition).applyValue(t ->
                        AlertPolicies.keyPolicy(t.t1.accountId(), t.t2.partition())))
                .tags(naming.tags(naming.name("alerts-key")))
                // protected in prod like every key of the stack (policy data-protect): its deletion would leave the
                // topic unusable until replaced
                .build(), CustomResourceOptions.builder().parent(this).protect(args.settings().prod()).build());
        // Generated name: a replacement creates the new topic before deleting the old one without a clash.
        var topic = new Topic(naming.name("alerts"), TopicArgs.builder()
                .kmsMasterKeyId(key.arn())
                .tags(naming.tags(naming.name("alerts")))
                .build(), child);
        this.topicArn = topic.arn();
        m.alertEmail().ifPresent(email -> new TopicSubscription(naming.name("alerts-email"),
                TopicSubscriptionArgs.builder().topic(topic.arn()).protocol("email").endpoint(email).build(), child));

        var role = new Role(naming.name("alertmanager"), RoleArgs.builder()
                .description("IRSA role of Alertmanager: publish to the alert topic only")
                .assumeRolePolicy(Output.tuple(args.oidcProviderArn(), args.oidcIssuer()).applyValue(t ->
                        IamPolicies.irsaTrust(t.t1, t.t2, Monitoring.NAMESPACE, MonitoringValues.ALERTMANAGER_SERVICE_ACCOUNT)))
                .tags(naming.tags(naming.name("alertmanager")))
                .build(), child);
        var publish = new RolePolicy(naming.name("alertmanager-publish"), RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(topic.arn(), key.arn()).applyValue(t -> AlertPolicies.publishPolicy(t.t1, t.t2)))
                .build(), child);

        // the role's permission is in place before anything can use the role
        this.alertmanagerRoleArn = Output.tuple(role.arn(), publish.id()).applyValue(t -> t.t1);
        this.alarms = args.mskClusterName().isPresent() ? args.mskBrokers() : 0;
        args.mskClusterName().ifPresent(cluster -> {
            for (int broker = 1; broker <= args.mskBrokers(); broker++) {
                var id = String.valueOf(broker);
                new MetricAlarm(naming.name("msk-disk-" + broker), MetricAlarmArgs.builder()
                        .alarmDescription("MSK broker " + id + " data-log disk over " + AlertRules.pct(
                                AlertRules.VOLUME_FULL_SHARE) + ": expand the broker volume before the log stops")
                        .namespace("AWS/Kafka")
                        .metricName(Monitoring.MSK_DISK_METRIC)
                        .dimensions(cluster.applyValue(c -> Map.of("Cluster Name", c, "Broker ID", id)))
                        .statistic("Maximum")
                        .period(300)
                        .evaluationPeriods(2)
                        .threshold(AlertRules.VOLUME_FULL_SHARE * 100)
                        .comparisonOperator("GreaterThanThreshold")
                        .alarmActions(topic.arn().applyValue(List::of))
                        .okActions(topic.arn().applyValue(List::of))
                        .tags(naming.tags(naming.name("msk-disk-" + broker)))
                        .build(), child);
            }
        });

        registerOutputs(Map.of("topicArn", topicArn, "alertmanagerRoleArn", alertmanagerRoleArn));
    }

    public Output<String> topicArn() {
        return topicArn;
    }

    public Output<String> alertmanagerRoleArn() {
        return alertmanagerRoleArn;
    }

    /** CloudWatch alarms this declares (costed with the monitoring). */
    public int alarms() {
        return alarms;
    }
}
