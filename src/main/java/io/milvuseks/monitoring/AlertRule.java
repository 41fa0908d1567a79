package io.milvuseks.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Prometheus alerting rule, as a PrometheusRule (and {@code promtool}) reads it.
 *
 * @param forDuration how long the expression must hold before the alert fires (Prometheus duration, e.g. "10m")
 * @param severity    {@code critical} (acts now: data at risk) or {@code warning}
 */
public record AlertRule(String alert, String expr, String forDuration, String severity, String summary) {

    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("alert", alert);
        m.put("expr", expr);
        m.put("for", forDuration);
        m.put("labels", Map.of("severity", severity));
        m.put("annotations", Map.of("summary", summary));
        return m;
    }
}
