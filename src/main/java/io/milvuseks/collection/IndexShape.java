package io.milvuseks.collection;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.index.response.DescribeIndexResp;

import java.util.Map;
import java.util.TreeMap;

/** One index as the drift check compares it: field, type, metric (null for scalar) and build params as text. */
public record IndexShape(String field, String type, String metric, Map<String, String> params) {

    public IndexShape {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    public static IndexShape of(IndexParam p) {
        var params = new TreeMap<String, String>();
        if (p.getExtraParams() != null) {
            p.getExtraParams().forEach((k, v) -> params.put(k, String.valueOf(v)));
        }
        return new IndexShape(p.getFieldName(), String.valueOf(p.getIndexType()),
                p.getMetricType() == null ? null : String.valueOf(p.getMetricType()), params);
    }

    public static IndexShape of(DescribeIndexResp.IndexDesc d) {
        var params = new TreeMap<String, String>();
        if (d.getExtraParams() != null) {
            d.getExtraParams().forEach((k, v) -> {
                // Servers differ: some list build params flat, some as one JSON text under "params".
                if (k.equals("params") && v != null && v.trim().startsWith("{")) {
                    JsonObject o = JsonParser.parseString(v).getAsJsonObject();
                    o.entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
                } else if (!k.equals("index_type") && !k.equals("metric_type")) {
                    params.put(k, v);
                }
            });
        }
        var metric = d.getMetricType() == null || d.getMetricType() == IndexParam.MetricType.INVALID
                ? null : String.valueOf(d.getMetricType());
        return new IndexShape(d.getFieldName(), String.valueOf(d.getIndexType()), metric, params);
    }
}
