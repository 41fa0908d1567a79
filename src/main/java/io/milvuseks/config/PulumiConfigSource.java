package io.milvuseks.config;

import com.google.gson.JsonParser;
import com.pulumi.Context;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads the stack config the way a running Pulumi program sees it: through {@code ctx.config()}, the same values
 * the offline plan reads from the stack file. Unknown keys and plaintext secrets can be reported only when the
 * engine's full key list ({@code PULUMI_CONFIG}, {@code PULUMI_CONFIG_SECRET_KEYS}) is in the environment, as it is
 * under {@code pulumi up}.
 */
public final class PulumiConfigSource {

    private PulumiConfigSource() {
    }

    public static RawConfig read(Context ctx) {
        return read(ctx, System.getenv());
    }

    static RawConfig read(Context ctx, Map<String, String> env) {
        var project = ctx.projectName();
        var config = ctx.config();
        var values = new HashMap<String, String>();
        for (var key : ConfigKey.values()) {
            config.get(key.key()).ifPresent(v -> values.put(key.full(project), v));
        }
        ctx.config("aws").get("region").ifPresent(v -> values.put("aws:region", v));

        var secretKeys = new HashSet<String>();
        boolean complete = false;
        var all = env.get("PULUMI_CONFIG");
        if (all != null && !all.isBlank()) {
            complete = true;
            var json = JsonParser.parseString(all).getAsJsonObject();
            for (var key : json.keySet()) {
                values.putIfAbsent(key, json.get(key).isJsonPrimitive() ? json.get(key).getAsString()
                        : json.get(key).toString());
            }
            var secretJson = env.get("PULUMI_CONFIG_SECRET_KEYS");
            if (secretJson != null && !secretJson.isBlank()) {
                JsonParser.parseString(secretJson).getAsJsonArray().forEach(k -> secretKeys.add(k.getAsString()));
            }
        }
        return new RawConfig(project, ctx.stackName(), values, secretKeys, complete);
    }

    /** Keys of a raw config that Pulumi treats as secret. */
    public static Set<String> secretKeys(RawConfig raw) {
        return raw.secretKeys();
    }
}
