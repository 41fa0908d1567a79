package io.milvuseks.monitoring;

import io.milvuseks.StackOutputs;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The monitoring stack as the program declares it, run on the mock engine from the real stack files. */
class MonitoringPlanTest {

    static final String RELEASE = "kubernetes:helm.sh/v3:Release";
    static final String TOPIC = "aws:sns/topic:Topic";
    static final String SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

    static final Plan PROD = Stacks.plan("prod");

    static PlannedResource release(Plan plan, String chart) {
        return plan.ofType(RELEASE).stream().filter(r -> chart.equals(r.inputs().get("chart"))).findFirst()
                .orElseThrow(() -> new AssertionError("no release of chart " + chart));
    }

    static Map<String, Object> values(PlannedResource release) {
        return map(release.inputs().get("values"));
    }

    @Test
    void prodRunsThePinnedChartOnTheInfraNodesWithItsRulesAndVolumes() {
        var kps = release(PROD, Monitoring.CHART);
        assertThat(kps.inputs()).containsEntry("version", Monitoring.CHART_VERSION)
                .containsEntry("namespace", Monitoring.NAMESPACE);
        var v = values(kps);
        var spec = map(map(v.get("prometheus")).get("prometheusSpec"));
        assertThat(map(spec.get("nodeSelector"))).containsEntry("milvus.io/role", "infra");
        assertThat(spec).containsEntry("replicas", 2L).containsEntry("retention", "15d")
                .containsEntry("serviceMonitorSelectorNilUsesHelmValues", false);
        var storage = map(map(map(map(map(spec.get("storageSpec")).get("volumeClaimTemplate")).get("spec"))
                .get("resources")).get("requests"));
        var sizing = map(PROD.outputs().get(StackOutputs.MONITORING));
        assertThat(storage).containsEntry("storage", ((Number) sizing.get("prometheusVolumeGiB")).longValue() + "Gi");
        var groups = list(map(map(v.get("additionalPrometheusRulesMap")).get(AlertRules.GROUP)).get("groups"));
        var alerts = list(map(groups.get(0)).get("rules")).stream().map(r -> map(r).get("alert")).toList();
        assertThat(alerts).containsExactlyInAnyOrder("MilvusEtcdQuotaFilling", "MilvusQueryNodeMemoryOverShare",
                "MilvusIndexBacklog", "MilvusCompactionBacklog", "MilvusVolumeFilling", "MilvusPodRestarting",
                "MilvusSearchLatencyHigh", "MilvusLoadLatencyHigh", "MilvusBackupStale");
        assertThat(list(map(v.get("prometheus-node-exporter")).get("tolerations")))
                .containsExactly(Map.of("operator", "Exists"));
    }

    @Test
    void alertsGoToAnEncryptedTopicThroughAlertmanagersOwnRole() {
        var topic = PROD.ofType(TOPIC);
        assertThat(topic).hasSize(1);
        assertThat(String.valueOf(topic.get(0).inputs().get("kmsMasterKeyId"))).startsWith("arn:aws:kms:");
        assertThat(topic.get(0).inputs()).doesNotContainKey("name"); // generated: no clash on replacement

        var am = map(values(release(PROD, Monitoring.CHART)).get("alertmanager"));
        var receivers = list(map(am.get("config")).get("receivers"));
        var sns = map(list(map(receivers.get(1)).get("sns_configs")).get(0));
        assertThat(sns.get("topic_arn")).isEqualTo(PROD.outputs().get(StackOutputs.ALERT_TOPIC_ARN));
        var roleArn = map(map(am.get("serviceAccount")).get("annotations")).get("eks.amazonaws.com/role-arn");

        var role = PROD.ofType(ROLE).stream().filter(r -> r.name().endsWith("-alertmanager")).findFirst().orElseThrow();
        assertThat(String.valueOf(roleArn)).contains(role.name());
        assertThat(String.valueOf(role.inputs().get("assumeRolePolicy")))
                .contains("system:serviceaccount:monitoring:" + MonitoringValues.ALERTMANAGER_SERVICE_ACCOUNT);
        var policy = PROD.ofType(ROLE_POLICY).stream().filter(r -> r.name().endsWith("-alertmanager-publish"))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(policy.inputs().get("policy"))).contains("sns:Publish")
                .doesNotContain("\"Resource\":\"*\"");
    }

    @Test
    void eachMskBrokerDiskHasAnAlarmOnTheTopic() {
        var alarms = PROD.ofType(ALARM);
        assertThat(alarms).hasSize(3); // prod: 3 brokers
        assertThat(alarms).allSatisfy(a -> {
            assertThat(a.inputs()).containsEntry("metricName", Monitoring.MSK_DISK_METRIC)
                    .containsEntry("namespace", "AWS/Kafka").containsEntry("threshold", 80L);
            assertThat(map(a.inputs().get("dimensions"))).containsKeys("Cluster Name", "Broker ID");
            assertThat(list(a.inputs().get("alarmActions"))).containsExactly(
                    PROD.outputs().get(StackOutputs.ALERT_TOPIC_ARN));
        });
    }

    @Test
    void milvusIsScrapedAndWaitsForTheOperatorsCrds() {
        var milvus = release(PROD, "milvus");
        var metrics = map(values(milvus).get("metrics"));
        assertThat(map(metrics.get("serviceMonitor"))).containsEntry("enabled", true);
        var kps = release(PROD, Monitoring.CHART);
        assertThat(milvus.dependsOn()).contains(kps.name());
        var dashboard = PROD.ofType("kubernetes:core/v1:ConfigMap").stream()
                .filter(c -> c.name().endsWith("milvus-dashboard")).findFirst().orElseThrow();
        assertThat(map(map(dashboard.inputs().get("metadata")).get("labels")))
                .containsEntry(Monitoring.DASHBOARD_LABEL, "1");
    }

    @Test
    void stagingIsOffByDefaultAndTheEmailSubscriptionFollowsConfig() {
        var staging = Stacks.plan(Stacks.raw("staging", Map.of("monitoring", "{}")));
        assertThat(staging.ofType(TOPIC)).isEmpty();
        assertThat(map(map(values(release(staging, "milvus")).get("metrics")).get("serviceMonitor")))
                .containsEntry("enabled", false);
        assertThat(staging.outputs()).doesNotContainKey(StackOutputs.ALERT_TOPIC_ARN);

        var on = Stacks.plan(Stacks.raw("staging", Map.of("monitoring",
                "{\"enabled\": true, \"alertEmail\": \"oncall@example.com\"}")));
        var subscription = on.ofType(SUBSCRIPTION);
        assertThat(subscription).singleElement().satisfies(s -> assertThat(s.inputs())
                .containsEntry("protocol", "email").containsEntry("endpoint", "oncall@example.com"));
        assertThat(on.ofType(ALARM)).isEmpty(); // Pulsar in staging: its bookies are alerted on through Prometheus
        assertThat(map(map(values(release(on, Monitoring.CHART)).get("prometheus")).get("prometheusSpec")))
                .containsEntry("replicas", 1L);
    }

    @Test
    void badMonitoringSettingsAreOneLineEach() {
        var ex = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("monitoring",
                "{\"alertEmail\": \"not-an-address\", \"loadP99Minutes\": 30, \"retentionDays\": 0, \"paging\": 1}")),
                InvalidConfigException.class);
        assertThat(ex.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "config error: milvus-eks:monitoring.paging: unknown key; accepted keys: alertEmail, enabled, "
                        + "loadP99Minutes, retentionDays, searchP99Ms",
                "config error: milvus-eks:monitoring.alertEmail: 'not-an-address' is not valid; accepted: an e-mail "
                        + "address, e.g. oncall@example.com",
                "config error: milvus-eks:monitoring.loadP99Minutes: 30 is out of range; accepted: 1..29",
                "config error: milvus-eks:monitoring.retentionDays: 0 is out of range; accepted: 1..365");
        var off = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("monitoring",
                "{\"enabled\": false, \"alertEmail\": \"oncall@example.com\"}")), InvalidConfigException.class);
        assertThat(off.problems()).extracting(Object::toString).containsExactly(
                "config error: milvus-eks:monitoring.alertEmail: needs monitoring.enabled: true (alerts come from "
                        + "its Alertmanager); accepted: remove alertEmail, or enable monitoring");
    }

    @Test
    void sizingGrowsWithTheClusterAndRetention() {
        var small = MonitoringSizing.plan(10, 10, 15, true, 3);
        var big = MonitoringSizing.plan(200, 300, 15, true, 3);
        var longer = MonitoringSizing.plan(10, 10, 60, true, 3);
        assertThat(big.series()).isGreaterThan(small.series());
        assertThat(big.prometheusGiB()).isGreaterThan(small.prometheusGiB());
        assertThat(big.prometheusMemGiB()).isGreaterThanOrEqualTo(small.prometheusMemGiB());
        assertThat(longer.prometheusGiB()).isGreaterThan(small.prometheusGiB());
        assertThat(big.monthlyUsd()).isGreaterThan(small.monthlyUsd());
        assertThat(List.of(small, big, longer)).allSatisfy(s ->
                assertThat(s.retentionSize()).matches("\\d+GB"));
    }
}
