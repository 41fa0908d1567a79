package io.milvuseks.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the program would create for a stack, and what it would export.
 *
 * @param preview true when planned as a first preview sees it (computed values unknown), false when the mock engine
 *                made up placeholders for them
 */
public record Plan(String stack, boolean preview, List<PlannedResource> resources, Map<String, Object> outputs) {

    public Plan {
        resources = List.copyOf(resources);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    /** A plan with placeholders (not a preview). */
    public Plan(String stack, List<PlannedResource> resources, Map<String, Object> outputs) {
        this(stack, false, resources, outputs);
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<PlannedResource> find(String type, String name) {
        return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
    }
}
