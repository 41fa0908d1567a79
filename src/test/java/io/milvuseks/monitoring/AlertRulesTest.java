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
