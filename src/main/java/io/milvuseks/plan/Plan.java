package io.milvuseks.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the program would create for a stack, and what it would export. */
public record Plan(String stack, List<PlannedResource> resources, Map<String, Object> outputs) {

    public Plan {
        resources = List.copyOf(resources);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<PlannedResource> find(String type, String name) {
        return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
    }
}
