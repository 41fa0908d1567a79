package io.milvuseks.plan;

import java.util.List;
import java.util.Map;

/**
 * One resource the program registered, as a reviewer sees it.
 *
 * @param parent               the parent resource's name, or null for top-level resources
 * @param dependsOn            names of every resource the engine waits for before creating this one: the
 *                             registration request's {@code dependencies}, which the Pulumi SDK fills with the
 *                             explicit {@code dependsOn} option plus every resource whose outputs feed an input
 * @param propertyDependencies input name to the names of the resources whose outputs feed that input (the
 *                             request's {@code propertyDependencies}); an entry of {@code dependsOn} that appears in
 *                             none of these was given only as an explicit {@code dependsOn}
 * @param provider             the name of the explicit provider resource, or null for the default provider
 * @param inputs               plain JSON-like values (maps, lists, strings, numbers, booleans); secrets are
 *                             {@code "[secret]"} and values only known after deployment are {@code "[computed]"}
 * @param ignoreChanges        the {@code ignoreChanges} option: input paths an update keeps from the last state
 */
public record PlannedResource(String type, String name, String parent, boolean custom, boolean protect,
                              boolean retainOnDelete, List<String> dependsOn,
                              Map<String, List<String>> propertyDependencies, String provider,
                              Map<String, Object> inputs, List<String> ignoreChanges) {

    public PlannedResource {
        dependsOn = List.copyOf(dependsOn);
        ignoreChanges = List.copyOf(ignoreChanges);
        propertyDependencies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(propertyDependencies));
    }

    /** A resource without dependencies on the default provider (for hand-built plans in tests). */
    public PlannedResource(String type, String name, String parent, boolean custom, boolean protect,
                           boolean retainOnDelete, Map<String, Object> inputs) {
        this(type, name, parent, custom, protect, retainOnDelete, List.of(), Map.of(), null, inputs, List.of());
    }

    /** The resources this one names only through the explicit {@code dependsOn} option. */
    public List<String> explicitDependsOn() {
        var viaInputs = new java.util.HashSet<String>();
        propertyDependencies.values().forEach(viaInputs::addAll);
        return dependsOn.stream().filter(d -> !viaInputs.contains(d)).toList();
    }
}
