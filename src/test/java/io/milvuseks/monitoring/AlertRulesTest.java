package io.milvuseks.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each alert rule's expression, run by Prometheus' own rule engine ({@code promtool test rules}) on series shaped like
 * the real exporters': it fires when the condition holds for its {@code for}, and stays silent just below.
 */
class AlertRulesTest {

    static final AlertRules.Inputs INPUTS = new AlertRules.Inputs("milvus", 0.78, 100, 20);
    static final String NS = "namespace=\"milvus\"";

    /** One promtool test case: input series, the time to evaluate at, and which labels the alert fires with. */
    record Case(String alert, List<Map<String, String>> series, String evalTime, Map<String, String> firingLabels) {
    }

    static Map<String, String> s(String series, String values) {
        return Map.of("series", series, "values", values);
    }

    static List<Case> firing() {
        int over = (int) Math.round((INPUTS.queryMemoryShare() + 0.05) * 1000);
        return List.of(
                new Case("MilvusEtcdQuotaFilling", List.of(
                        s("etcd_mvcc_db_total_size_in_bytes{" + NS + ",pod=\"milvus-etcd-0\"}", "7500x20"),
                        s("etcd_server_quota_backend_bytes{" + NS + ",pod=\"milvus-etcd-0\"}", "10000x20")),
                        "10m", Map.of("pod", "milvus-etcd-0")),
                new Case("MilvusQueryNodeMemoryOverShare", List.of(
                        s("container_memory_working_set_bytes{" + NS + ",pod=\"q-0\",container=\"querynode\"}",
                                over + "x30"),
                        s("kube_pod_container_resource_limits{" + NS + ",pod=\"q-0\",container=\"querynode\","
                                + "resource=\"memory\",unit=\"byte\"}", "1000x30")),
                        "20m", Map.of("pod", "q-0")),
                new Case("MilvusIndexBacklog", List.of(
                        s("milvus_datacoord_task_count{" + NS + ",task_type=\"JobTypeIndexJob\","
                                + "task_state=\"JobStateInit\"}", "5x90")),
                        "70m", Map.of()),
                new Case("MilvusCompactionBacklog", List.of(
                        s("milvus_datacoord_compaction_task_num{" + NS + ",node_id=\"-1\","
                                + "compaction_type=\"MixCompaction\",status=\"pending\"}", "3x90")),
                        "70m", Map.of()),
                new Case("MilvusVolumeFilling", List.of(
                        s("kubelet_volume_stats_used_bytes{" + NS + ",persistentvolumeclaim=\"data-bookie-0\"}",
                                "85x30"),
                        s("kubelet_volume_stats_capacity_bytes{" + NS + ",persistentvolumeclaim=\"data-bookie-0\"}",
                                "100x30")),
                        "15m", Map.of("persistentvolumeclaim", "data-bookie-0")),
                new Case("MilvusPodRestarting", List.of(
                        s("kube_pod_container_status_restarts_total{" + NS + ",pod=\"q-1\",container=\"querynode\"}",
                                "0 0 0 1x20")),
                        "10m", Map.of("pod", "q-1")),
                new Case("MilvusSearchLatencyHigh", latency("milvus_proxy_sq_latency_bucket", ",query_type=\"search\"",
                        List.of("64", "128", "256"), "256"), "20m", Map.of()),
                new Case("MilvusLoadLatencyHigh", latency("milvus_querycoord_load_latency_bucket", "",
                        List.of("60000", "600000", "1800000"), "1800000"), "70m", Map.of()));
    }

    /** The same series just below each threshold (or without the condition): nothing may fire. */
    static List<Case> silent() {
        int under = (int) Math.round((INPUTS.queryMemoryShare() - 0.05) * 1000);
        return List.of(
                new Case("MilvusEtcdQuotaFilling", List.of(
                        s("etcd_mvcc_db_total_size_in_bytes{" + NS + ",pod=\"milvus-etcd-0\"}", "6900x20"),
                        s("etcd_server_quota_backend_bytes{" + NS + ",pod=\"milvus-etcd-0\"}", "10000x20")),
                        "10m", null),
                new Case("MilvusQueryNodeMemoryOverShare", List.of(
                        s("container_memory_working_set_bytes{" + NS + ",pod=\"q-0\",container=\"querynode\"}",
                                under + "x30"),
                        s("kube_pod_container_resource_limits{" + NS + ",pod=\"q-0\",container=\"querynode\","
                                + "resource=\"memory\",unit=\"byte\"}", "1000x30")),
                        "20m", null),
                new Case("MilvusIndexBacklog", List.of(
                        s("milvus_datacoord_task_count{" + NS + ",task_type=\"JobTypeIndexJob\","
                                + "task_state=\"JobStateFinished\"}", "5x90")),
                        "70m", null),
                new Case("MilvusCompactionBacklog", List.of(
                        s("milvus_datacoord_compaction_task_num{" + NS + ",node_id=\"-1\","
                                + "compaction_type=\"MixCompaction\",status=\"pending\"}", "3x40 0x50")),
                        "70m", null),
                new Case("MilvusVolumeFilling", List.of(
                        s("kubelet_volume_stats_used_bytes{" + NS + ",persistentvolumeclaim=\"data-bookie-0\"}",
                                "79x30"),
                        s("kubelet_volume_stats_capacity_bytes{" + NS + ",persistentvolumeclaim=\"data-bookie-0\"}",
                                "100x30")),
                        "15m", null),
                new Case("MilvusPodRestarting", List.of(
                        s("kube_pod_container_status_restarts_total{" + NS + ",pod=\"q-1\",container=\"querynode\"}",
                                "3x30")),
                        "10m", null),
                new Case("MilvusSearchLatencyHigh", latency("milvus_proxy_sq_latency_bucket", ",query_type=\"search\"",
                        List.of("64", "128", "256"), "64"), "20m", null),
                new Case("MilvusLoadLatencyHigh", latency("milvus_querycoord_load_latency_bucket", "",
                        List.of("60000", "600000", "1800000"), "60000"), "70m", null));
    }

    /** A histogram whose every observation lands in bucket {@code hit}: 10 a minute, cumulative as Prometheus'. */
    static List<Map<String, String>> latency(String metric, String extra, List<String> bounds, String hit) {
        var series = new ArrayList<Map<String, String>>();
        boolean reached = false;
        for (var le : bounds) {
            reached |= le.equals(hit);
            series.add(s(metric + "{" + NS + extra + ",le=\"" + le + "\"}", reached ? "0+10x90" : "0x90"));
        }
        series.add(s(metric + "{" + NS + extra + ",le=\"+Inf\"}", "0+10x90"));
        return series;
    }

    static Map<String, Object> testFile(List<Case> cases, List<AlertRule> rules) {
        var tests = new ArrayList<Map<String, Object>>();
        for (var c : cases) {
            var rule = rules.stream().filter(r -> r.alert().equals(c.alert())).findFirst().orElseThrow();
            var expected = new ArrayList<Map<String, Object>>();
            if (c.firingLabels() != null) {
                var labels = new LinkedHashMap<String, String>(c.firingLabels());
                labels.put("severity", rule.severity());
                expected.add(Map.of("exp_labels", labels, "exp_annotations", Map.of("summary", rule.summary())));
            }
            tests.add(Map.of("interval", "1m", "input_series", c.series(), "alert_rule_test",
                    List.of(Map.of("eval_time", c.evalTime(), "alertname", c.alert(), "exp_alerts", expected))));
        }
        return Map.of("rule_files", List.of("rules.yaml"), "evaluation_interval", "1m", "tests", tests);
    }

    @Test
    void everyRuleFiresOnItsConditionAndStaysSilentBelowIt(@TempDir Path dir) throws Exception {
        var rules = AlertRules.rules(INPUTS);
        assertThat(firing()).extracting(Case::alert)
                .containsExactlyInAnyOrderElementsOf(rules.stream().map(AlertRule::alert).toList());
        Promtool.write(dir, "rules.yaml", AlertRules.ruleGroups(rules));
        var cases = new ArrayList<>(firing());
        cases.addAll(silent());
        Promtool.write(dir, "tests.yaml", testFile(cases, rules));

        var check = Promtool.run(dir, "check", "rules", "rules.yaml");
        assertThat(check.exit()).as(check.output()).isZero();
        var result = Promtool.run(dir, "test", "rules", "tests.yaml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theHarnessCanFailAWrongExpectation(@TempDir Path dir) throws Exception {
        // The silent etcd series (69 %) asserted as firing: promtool must say FAILED, or the test above proves nothing.
        var rules = AlertRules.rules(INPUTS);
        var wrong = silent().get(0);
        Promtool.write(dir, "rules.yaml", AlertRules.ruleGroups(rules));
        Promtool.write(dir, "tests.yaml", testFile(List.of(new Case(wrong.alert(), wrong.series(), wrong.evalTime(),
                Map.of("pod", "milvus-etcd-0"))), rules));
        var result = Promtool.run(dir, "test", "rules", "tests.yaml");
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("FAILED");
    }

    /** The daily default: 24 h between runs, 12 h deadline, 1 h slack. */
    static final long BACKUP_LIMIT = 37 * 3600;
    /** promtool's runs use a 3 h limit: the rule does not depend on the magnitude, and fewer samples run faster. */
    static final AlertRules.Inputs WITH_BACKUP = new AlertRules.Inputs("milvus", 0.78, 100, 20,
            java.util.OptionalLong.of(3 * 3600));
    static final String CRON = NS + ",cronjob=\"milvus-backup\"";
    static final String KSM = ",job=\"kube-state-metrics\",instance=\"10.0.3.4:8080\"";

    /** Successes and creation as kube-state-metrics exports them: Unix seconds (promtool's clock starts at 0). */
    static List<Case> backupCases() {
        var labels = Map.of("namespace", "milvus", "cronjob", "milvus-backup");
        var at = "0x220"; // one sample a minute for 3 h 40 m, all 0: created / succeeded at time 0
        return List.of(
                // last success at 0, now 3 h 20 m later: older than 3 h for over the rule's 10 minutes
                new Case("MilvusBackupStale", List.of(
                        s("kube_cronjob_created{" + CRON + KSM + "}", at),
                        s("kube_cronjob_status_last_successful_time{" + CRON + KSM + "}", at)), "3h20m", labels),
                // never a success, the CronJob created 3 h 20 m ago
                new Case("MilvusBackupStale", List.of(s("kube_cronjob_created{" + CRON + KSM + "}", at)), "3h20m",
                        labels),
                // last success 2 h 50 m ago: within the allowance
                new Case("MilvusBackupStale", List.of(
                        s("kube_cronjob_created{" + CRON + KSM + "}", at),
                        s("kube_cronjob_status_last_successful_time{" + CRON + KSM + "}", at)), "2h50m", null),
                // a fresh success (at 2 h) after the old one: silent at 3 h 20 m
                new Case("MilvusBackupStale", List.of(
                        s("kube_cronjob_created{" + CRON + KSM + "}", at),
                        s("kube_cronjob_status_last_successful_time{" + CRON + KSM + "}", "0x120 7200x100")),
                        "3h20m", null),
                // never a success yet, the CronJob created at 1 h: 2 h 20 m old
                new Case("MilvusBackupStale", List.of(s("kube_cronjob_created{" + CRON + KSM + "}", "3600x220")),
                        "3h20m", null),
                // another CronJob's old success is not the backup's
                new Case("MilvusBackupStale", List.of(
                        s("kube_cronjob_created{" + NS + ",cronjob=\"milvus-etcd-snapshot\"" + KSM + "}", at),
                        s("kube_cronjob_status_last_successful_time{" + NS + ",cronjob=\"milvus-etcd-snapshot\""
                                + KSM + "}", at)), "3h20m", null));
    }

    @Test
    void theBackupRuleFiresWhenTheLastSuccessIsOlderThanTheScheduleAllowsOrNoneCameAfterTheGrace(@TempDir Path dir)
            throws Exception {
        var rules = AlertRules.rules(WITH_BACKUP);
        assertThat(rules).extracting(AlertRule::alert).contains("MilvusBackupStale");
        assertThat(AlertRules.rules(INPUTS)).extracting(AlertRule::alert).doesNotContain("MilvusBackupStale");
        Promtool.write(dir, "rules.yaml", AlertRules.ruleGroups(rules));
        Promtool.write(dir, "tests.yaml", testFile(backupCases(), rules));
        var check = Promtool.run(dir, "check", "rules", "rules.yaml");
        assertThat(check.exit()).as(check.output()).isZero();
        var result = Promtool.run(dir, "test", "rules", "tests.yaml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
        // and the harness sees a wrong expectation: the silent 2 h 50 m case asserted as firing
        var wrong = backupCases().get(2);
        Promtool.write(dir, "tests.yaml", testFile(List.of(new Case(wrong.alert(), wrong.series(), wrong.evalTime(),
                Map.of("namespace", "milvus", "cronjob", "milvus-backup"))), rules));
        var failed = Promtool.run(dir, "test", "rules", "tests.yaml");
        assertThat(failed.exit()).as(failed.output()).isNotZero();
    }

    @Test
    void theBackupRulesLimitIsTheStacksScheduleAllowanceAndOnlyWithBackupsOn() {
        var prod = io.milvuseks.testing.Stacks.plan("prod");
        assertThat(backupRule(prod)).hasValueSatisfying(r -> assertThat(r.get("expr").toString())
                .contains("> " + BACKUP_LIMIT + ")").contains("cronjob=\"milvus-backup\""));
        var weekdays = io.milvuseks.testing.Stacks.plan(io.milvuseks.testing.Stacks.raw("prod",
                Map.of("backup", "{\"schedule\": \"0 2 * * 1-5\"}")));
        // Friday 02:00 to Monday 02:00, plus 13 h
        assertThat(backupRule(weekdays)).hasValueSatisfying(r -> assertThat(r.get("expr").toString())
                .contains("> " + (72 + 13) * 3600 + ")"));
        var noBackup = io.milvuseks.testing.Stacks.plan(io.milvuseks.testing.Stacks.raw("prod",
                Map.of("backup", "{\"enabled\": false}")));
        assertThat(backupRule(noBackup)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static java.util.Optional<Map<String, Object>> backupRule(io.milvuseks.plan.Plan plan) {
        var values = MonitoringPlanTest.values(MonitoringPlanTest.release(plan, Monitoring.CHART));
        var groups = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) values
                .get("additionalPrometheusRulesMap")).get(AlertRules.GROUP)).get("groups");
        var rules = (List<Object>) ((Map<String, Object>) groups.get(0)).get("rules");
        return rules.stream().map(r -> (Map<String, Object>) r)
                .filter(r -> "MilvusBackupStale".equals(r.get("alert"))).findFirst();
    }

    @Test
    void thresholdsFollowTheInputs() {
        var rules = AlertRules.rules(new AlertRules.Inputs("vectors", 0.66, 250, 12));
        assertThat(rules).allSatisfy(r -> assertThat(r.expr()).contains("namespace=\"vectors\""));
        assertThat(rules).filteredOn(r -> r.alert().equals("MilvusQueryNodeMemoryOverShare"))
                .singleElement().satisfies(r -> assertThat(r.expr()).endsWith("> 0.66"));
        assertThat(rules).filteredOn(r -> r.alert().equals("MilvusSearchLatencyHigh"))
                .singleElement().satisfies(r -> assertThat(r.expr()).endsWith("> 250"));
        assertThat(rules).filteredOn(r -> r.alert().equals("MilvusLoadLatencyHigh"))
                .singleElement().satisfies(r -> assertThat(r.expr()).endsWith("> 720000"));
    }
}
