package io.milvuseks.testing;

import java.util.List;
import java.util.Map;

/** Casts for the plain JSON-like values of {@code PlannedResource.inputs()}. */
public final class Inputs {

    private Inputs() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
