package io.milvuseks.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/** The monitoring sizing as the stack output {@code monitoring} and the plan show it. */
public final class MonitoringReport {

    private MonitoringReport() {
    }

    public static Map<String, Object> output(MonitoringSizing s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("chart", Monitoring.CHART + " " + Monitoring.CHART_VERSION);
        m.put("seriesEstimate", (double) s.series());
        m.put("prometheusReplicas", s.replicas());
        m.put("prometheusVolumeGiB", s.prometheusGiB());
        m.put("prometheusMemoryGiB", s.prometheusMemGiB());
        m.put("volumesGiB", s.volumesGiB());
        m.put("usdPerMonth", Math.round(s.monthlyUsd() * 100) / 100.0);
        return m;
    }
}
