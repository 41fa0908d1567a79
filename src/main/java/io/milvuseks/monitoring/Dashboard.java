package io.milvuseks.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Milvus dashboard, written here rather than imported: search/insert rate and latency, memory per query node
 * against the planner's share, segment counts, etcd size against its quota, and the message-log lag. Grafana's
 * sidecar (kube-prometheus-stack: label {@code grafana_dashboard: "1"}, every namespace) loads it from a ConfigMap;
 * the datasource uid {@code prometheus} is the one the chart provisions.
 */
public final class Dashboard {

    public static final String UID = "milvus-eks";
    public static final String TITLE = "Milvus (milvus-eks)";
    static final String DATASOURCE_UID = "prometheus";

    /** One time-series panel: its title, unit and queries (PromQL expression, legend). */
    public record Panel(String title, String unit, List<Map.Entry<String, String>> queries) {
    }

    private Dashboard() {
    }

    public static List<Panel> panels(AlertRules.Inputs in) {
        var ns = "namespace=\"" + in.milvusNamespace() + "\"";
        return List.of(
                new Panel("Search rate", "reqps", List.of(Map.entry(
                        "sum(rate(milvus_proxy_sq_latency_count{" + ns + ", query_type=\"search\"}[5m]))", "searches/s"))),
                new Panel("Insert rate", "short", List.of(Map.entry(
                        "sum(rate(milvus_proxy_insert_vectors_count{" + ns + "}[5m]))", "vectors/s"))),
                new Panel("Search latency", "ms", List.of(
                        Map.entry(quantile(0.5, "milvus_proxy_sq_latency_bucket{" + ns + ", query_type=\"search\"}"), "p50"),
                        Map.entry(quantile(0.99, "milvus_proxy_sq_latency_bucket{" + ns + ", query_type=\"search\"}"), "p99"),
                        Map.entry("vector(" + in.searchP99Ms() + ")", "target p99"))),
                new Panel("Insert latency", "ms", List.of(Map.entry(quantile(0.99,
                        "milvus_proxy_mutation_latency_bucket{" + ns + ", msg_type=\"insert\"}"), "p99"))),
                new Panel("Query node memory / limit", "percentunit", List.of(
                        Map.entry("container_memory_working_set_bytes{" + ns + ", container=\"querynode\"} / on "
                                + "(namespace, pod, container) kube_pod_container_resource_limits{" + ns
                                + ", container=\"querynode\", resource=\"memory\"}", "{{pod}}"),
                        Map.entry("vector(" + AlertRules.fmt(in.queryMemoryShare()) + ")", "planner's share"))),
                new Panel("Segments by state", "short", List.of(Map.entry(
                        "sum by (segment_state) (milvus_datacoord_segment_num{" + ns + "})", "{{segment_state}}"))),
                new Panel("Index and compaction backlog", "short", List.of(
                        Map.entry("sum(milvus_datacoord_task_count{" + ns + ", task_type=\"JobTypeIndexJob\", "
                                + "task_state=~\"JobStateInit|JobStateRetry\"})", "index tasks waiting"),
                        Map.entry("sum(milvus_datacoord_compaction_task_num{" + ns + ", status=\"pending\"})",
                                "compactions pending"))),
                new Panel("etcd size / quota", "percentunit", List.of(
                        Map.entry("etcd_mvcc_db_total_size_in_bytes{" + ns + "} / etcd_server_quota_backend_bytes{"
                                + ns + "}", "{{pod}}"),
                        Map.entry("vector(" + AlertRules.fmt(AlertRules.ETCD_QUOTA_SHARE) + ")", "alert"))),
                new Panel("Message log lag (time tick)", "ms", List.of(Map.entry(
                        "max by (channel_name) (milvus_proxy_tt_lag_ms{" + ns + "})", "{{channel_name}}"))));
    }

    private static String quantile(double q, String bucket) {
        return "histogram_quantile(" + q + ", sum by (le) (rate(" + bucket + "[5m])))";
    }

    /** Grafana's dashboard JSON model (schemaVersion 39), two panels a row. */
    public static Map<String, Object> json(AlertRules.Inputs in) {
        var panels = new ArrayList<Map<String, Object>>();
        var list = panels(in);
        for (int i = 0; i < list.size(); i++) {
            var p = list.get(i);
            var targets = new ArrayList<Map<String, Object>>();
            for (int q = 0; q < p.queries().size(); q++) {
                var query = p.queries().get(q);
                targets.add(Map.of("refId", String.valueOf((char) ('A' + q)), "expr", query.getKey(),
                        "legendFormat", query.getValue(), "datasource", datasource()));
            }
            var panel = new LinkedHashMap<String, Object>();
            panel.put("id", i + 1);
            panel.put("type", "timeseries");
            panel.put("title", p.title());
            panel.put("datasource", datasource());
            panel.put("gridPos", Map.of("x", (i % 2) * 12, "y", (i / 2) * 8, "w", 12, "h", 8));
            panel.put("fieldConfig", Map.of("defaults", Map.of("unit", p.unit()), "overrides", List.of()));
            panel.put("targets", targets);
            panels.add(panel);
        }
        var d = new LinkedHashMap<String, Object>();
        d.put("uid", UID);
        d.put("title", TITLE);
        d.put("tags", List.of("milvus", "milvus-eks"));
        d.put("timezone", "utc");
        d.put("schemaVersion", 39);
        d.put("refresh", "1m");
        d.put("time", Map.of("from", "now-6h", "to", "now"));
        d.put("panels", panels);
        return d;
    }

    private static Map<String, Object> datasource() {
        return Map.of("type", "prometheus", "uid", DATASOURCE_UID);
    }
}
