package io.milvuseks.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered JSON objects: policy documents and kubeconfig must render byte-identical on every run, or they diff. */
final class Json {

    private Json() {
    }

    static Map<String, Object> obj(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
