package io.milvuseks.plan;

import com.google.gson.GsonBuilder;
import io.milvuseks.StackOutputs;
import io.milvuseks.capacity.CapacityReport;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The plan for a person: the resource tree with the inputs a reviewer checks, Helm values, outputs. */
public final class PlanText {

    /** Inputs that are noise in a review: tags repeat on every resource, Helm values get their own section. */
    private static final Set<String> HIDDEN = Set.of("tagsAll", "__defaults", "values");
    /** Tags every resource carries (naming.Naming#tags): shown once here, not on each resource. */
    private static final Set<String> COMMON_TAGS = Set.of("app.kubernetes.io/part-of", "pulumi:project",
            "pulumi:stack");
    /** Long enough for a full IAM or bucket policy, which a reviewer must read whole. */
    private static final int MAX_VALUE = 4000;
    private static final com.google.gson.Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls()
            .registerTypeAdapter(Double.class, (com.google.gson.JsonSerializer<Double>) (d, t, c) ->
                    d == Math.rint(d) && Math.abs(d) < 1e18 ? new com.google.gson.JsonPrimitive(d.longValue())
                            : new com.google.gson.JsonPrimitive(d))
            .create();
    private static final String HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

    private PlanText() {
    }

    public static String render(Plan plan) {
        var out = new StringBuilder();
        out.append("Plan for stack '").append(plan.stack())
                .append("' (offline: Pulumi mock engine, nothing was created; ids and ARNs marked 'mock')\n\n");
        out.append("Resources (").append(plan.resources().size()).append("):\n");
        var children = new LinkedHashMap<String, List<PlannedResource>>();
        for (var r : plan.resources()) {
            children.computeIfAbsent(r.parent() == null ? "" : r.parent(), k -> new ArrayList<>()).add(r);
        }
        tree(out, children, "", 1);
        out.append("  (every AWS resource also carries the tags ").append(COMMON_TAGS.stream().sorted().toList())
                .append(")\n");
        for (var release : plan.ofType(HELM_RELEASE)) {
            out.append("\nHelm values of ").append(release.name()).append(" (secrets shown as ")
                    .append(Placeholders.SECRET).append("):\n");
            var values = release.inputs().get("values");
            out.append(indent(yaml(values == null ? Map.of() : values), "  "));
        }
        if (plan.outputs().get(StackOutputs.CAPACITY) instanceof Map<?, ?> capacity) {
            @SuppressWarnings("unchecked")
            var c = (Map<String, ?>) capacity;
            out.append("\nCapacity (").append(StackOutputs.CAPACITY).append(" output):\n")
                    .append(CapacityReport.text(c));
        }
        out.append("\nOutputs:\n");
        plan.outputs().forEach((k, v) -> out.append("  ").append(k).append(": ").append(inline(v)).append('\n'));
        return out.toString();
    }

    private static void tree(StringBuilder out, Map<String, List<PlannedResource>> children, String parent,
                             int depth) {
        for (var r : children.getOrDefault(parent, List.of())) {
            var pad = "  ".repeat(depth);
            out.append(pad).append(r.custom() ? "+ " : "* ").append(r.type()).append("  ").append(r.name());
            if (r.protect()) {
                out.append("  [protected]");
            }
            if (r.retainOnDelete()) {
                out.append("  [retain on delete]");
            }
            out.append('\n');
            if (r.provider() != null) {
                out.append(pad).append("    (provider) ").append(r.provider()).append('\n');
            }
            if (!r.dependsOn().isEmpty()) {
                out.append(pad).append("    (depends on) ").append(String.join(", ", r.dependsOn()));
                var explicit = r.explicitDependsOn();
                if (!explicit.isEmpty()) {
                    out.append("  (explicitly: ").append(String.join(", ", explicit)).append(')');
                }
                out.append('\n');
            }
            r.inputs().forEach((k, v) -> {
                if (k.equals("tags") && v instanceof Map<?, ?> tags) {
                    var own = new java.util.TreeMap<String, Object>();
                    tags.forEach((tk, tv) -> {
                        if (!COMMON_TAGS.contains(String.valueOf(tk))) {
                            own.put(String.valueOf(tk), tv);
                        }
                    });
                    v = own.isEmpty() ? null : own;
                }
                if (k.equals("userData") && v instanceof String b64) {
                    v = decodedUserData(b64); // base64 hides what a reviewer must read: show it decoded
                }
                if (!HIDDEN.contains(k) && v != null) {
                    out.append(pad).append("    ").append(k).append(": ")
                            .append(inline(v).replace("\n", "\n" + pad + "      ")).append('\n');
                }
            });
            if (!r.name().equals(parent)) {
                tree(out, children, r.name(), depth + 1);
            }
        }
    }

    static String decodedUserData(String b64) {
        try {
            return "(decoded from base64)\n" + new String(java.util.Base64.getDecoder().decode(b64),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return b64;
        }
    }

    static String inline(Object v) {
        var s = v instanceof String str ? (str.contains("\n") ? "|\n" + str.strip() : str) : GSON.toJson(v);
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "... (" + s.length() + " chars)" : s;
    }

    static String yaml(Object value) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(value);
    }

    private static String indent(String text, String pad) {
        var sb = new StringBuilder();
        text.lines().forEach(l -> sb.append(pad).append(l).append('\n'));
        return sb.toString();
    }
}
