package io.milvuseks.milvus;

import com.pulumi.core.Output;
import io.milvuseks.config.StackSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Helm values with the deploy-time inputs (bucket name, role ARN, brokers) as Outputs at their own leaves.
 *
 * <p>Built in one {@code apply} over those three, the whole values map would be unknown on a first preview (they
 * are computed by AWS), and no policy could read a single static value. Instead the values are built once with
 * marker strings in their place, and each leaf holding a marker becomes an Output of the real value. Pulumi Java's
 * serializer awaits Outputs nested in a map input and sends an unknown (or secret) only at that leaf, recording
 * its resource as a dependency of the input (com.pulumi.serialization.internal.Serializer#serializeAsync).
 */
final class ComputedLeaves {

    static final String BUCKET = "\u0000milvus-eks:bucketName\u0000";
    static final String ROLE_ARN = "\u0000milvus-eks:milvusRoleArn\u0000";
    static final String BROKERS = "\u0000milvus-eks:kafkaBrokers\u0000";

    private ComputedLeaves() {
    }

    static Output<Map<String, Object>> values(StackSettings s, MilvusSizing sizing, Output<String> bucketName,
                                              Output<String> roleArn, Optional<Output<String>> brokers) {
        var template = MilvusValuesFactory.build(s, sizing,
                new DeployInputs(BUCKET, ROLE_ARN, brokers.map(b -> BROKERS))).toMap();
        var outputs = new LinkedHashMap<String, Output<String>>();
        outputs.put(BUCKET, bucketName);
        outputs.put(ROLE_ARN, roleArn);
        brokers.ifPresent(b -> outputs.put(BROKERS, b));
        @SuppressWarnings("unchecked")
        var values = (Map<String, Object>) substitute(template, outputs);
        return Output.of(values);
    }

    static Object substitute(Object node, Map<String, Output<String>> outputs) {
        if (node instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> {
                if (outputs.keySet().stream().anyMatch(String.valueOf(k)::contains)) {
                    throw new IllegalStateException("a deploy-time value became a Helm values key: " + k);
                }
                out.put(String.valueOf(k), substitute(v, outputs));
            });
            return out;
        }
        if (node instanceof List<?> list) {
            var out = new ArrayList<Object>();
            list.forEach(v -> out.add(substitute(v, outputs)));
            return out;
        }
        if (node instanceof String str) {
            return leaf(str, outputs);
        }
        return node;
    }

    private static Object leaf(String str, Map<String, Output<String>> outputs) {
        Object result = str;
        for (var e : outputs.entrySet()) {
            if (result instanceof String plain && plain.equals(e.getKey())) {
                return e.getValue();
            }
            var marker = e.getKey();
            if (result instanceof String plain && plain.contains(marker)) {
                result = e.getValue().applyValue(v -> plain.replace(marker, v));
            } else if (result instanceof Output<?> partial) {
                @SuppressWarnings("unchecked")
                var p = (Output<String>) partial;
                result = Output.tuple(p, e.getValue()).applyValue(t -> t.t1.replace(marker, t.t2));
            }
        }
        return result;
    }
}
