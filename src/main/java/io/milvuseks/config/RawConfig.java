package io.milvuseks.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stack config in Pulumi's wire form: full keys ({@code milvus-eks:vpcCidr}, {@code aws:region}) to strings, with
 * structured values as JSON text - exactly what the Pulumi engine hands a program in {@code PULUMI_CONFIG}, and what
 * the mock engine takes. Both {@code pulumi up} and the offline plan are parsed from this one form.
 *
 * @param keysComplete whether {@code values} lists every key of the stack (false when only the keys the program
 *                     knows could be read, so unknown keys cannot be reported)
 */
public record RawConfig(String project, String stack, Map<String, String> values, Set<String> secretKeys,
                        boolean keysComplete) {

    public RawConfig {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
        secretKeys = Set.copyOf(secretKeys);
    }

    public Optional<String> get(String fullKey) {
        return Optional.ofNullable(values.get(fullKey));
    }

    public boolean isSecret(String fullKey) {
        return secretKeys.contains(fullKey);
    }
}
