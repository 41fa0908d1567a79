package io.milvuseks.plan;

import com.google.gson.GsonBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plan as JSON for other tools (the policy pack's offline check):
 * {@code {"stack", "preview", "resources": [{"type", "name", "parent", "custom", "protect", "retainOnDelete", "dependsOn",
 * "propertyDependencies", "provider", "inputs"}], "outputs"}}. {@code dependsOn} lists resource names (explicit
 * {@code dependsOn} plus the resources whose outputs feed the inputs, as the engine receives them),
 * {@code propertyDependencies} maps an input to the resources feeding it, {@code provider} is the explicit
 * provider's name or null for the default provider; {@code ignoreChanges} (only where set) the input paths an
 * update keeps from the last state.
 */
public final class PlanJson {

    private PlanJson() {
    }

    public static String write(Plan plan) {
        var root = new LinkedHashMap<String, Object>();
        root.put("stack", plan.stack());
        root.put("preview", plan.preview());
        var resources = new ArrayList<Map<String, Object>>();
        for (var r : plan.resources()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("type", r.type());
            m.put("name", r.name());
            m.put("parent", r.parent());
            m.put("custom", r.custom());
            m.put("protect", r.protect());
            m.put("retainOnDelete", r.retainOnDelete());
            m.put("dependsOn", r.dependsOn());
            m.put("propertyDependencies", r.propertyDependencies());
            m.put("provider", r.provider());
            if (!r.ignoreChanges().isEmpty()) {
                m.put("ignoreChanges", r.ignoreChanges());
            }
            m.put("inputs", r.inputs());
            resources.add(m);
        }
        root.put("resources", resources);
        root.put("outputs", plan.outputs());
        return new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create().toJson(root)
                + "\n";
    }
}
