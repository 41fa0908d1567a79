package io.milvuseks.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardTest {

    static final AlertRules.Inputs INPUTS = new AlertRules.Inputs("milvus", 0.78, 100, 20);

    @Test
    void everyPanelQueryIsValidPromQl(@TempDir Path dir) throws Exception {
        // promtool parses each query as a recording rule: a typo in a metric selector or function fails here.
        var rules = new ArrayList<Map<String, Object>>();
        var panels = Dashboard.panels(INPUTS);
        for (int p = 0; p < panels.size(); p++) {
            for (int q = 0; q < panels.get(p).queries().size(); q++) {
                rules.add(Map.of("record", "dashboard:panel" + p + ":q" + q,
                        "expr", panels.get(p).queries().get(q).getKey()));
            }
        }
        Promtool.write(dir, "dashboard.yaml", Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));
        var result = Promtool.run(dir, "check", "rules", "dashboard.yaml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    void coversWhatTheOperatorWatches() {
        var exprs = Dashboard.panels(INPUTS).stream().flatMap(p -> p.queries().stream())
                .map(Map.Entry::getKey).toList();
        assertThat(String.join("\n", exprs)).contains(
                "milvus_proxy_sq_latency_count", "milvus_proxy_insert_vectors_count", "milvus_proxy_sq_latency_bucket",
                "milvus_proxy_mutation_latency_bucket", "container_memory_working_set_bytes",
                "vector(0.78)", "milvus_datacoord_segment_num", "etcd_mvcc_db_total_size_in_bytes",
                "milvus_proxy_tt_lag_ms", "vector(100)");
        assertThat(exprs).allSatisfy(e -> {
            if (!e.startsWith("vector(")) {
                assertThat(e).contains("namespace=\"milvus\"");
            }
        });
    }

    @Test
    void jsonModelIsWhatGrafanasSidecarLoads() {
        var json = Dashboard.json(INPUTS);
        assertThat(json).containsEntry("uid", Dashboard.UID).containsKey("schemaVersion");
        var panels = list(json.get("panels"));
        assertThat(panels).hasSize(Dashboard.panels(INPUTS).size());
        var ids = panels.stream().map(p -> map(p).get("id")).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(panels).allSatisfy(p -> {
            assertThat(map(map(p).get("datasource"))).containsEntry("uid", "prometheus");
            assertThat(list(map(p).get("targets"))).isNotEmpty();
        });
    }
}
