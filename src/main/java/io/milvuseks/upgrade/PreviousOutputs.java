package io.milvuseks.upgrade;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.milvuseks.config.ConfigProblem;
import io.milvuseks.config.InvalidConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the stack's last apply exported, as far as the upgrade rules need it: the JSON printed by
 * {@code pulumi stack output --json} (without --show-secrets; none of these is a secret). Output names are those of
 * {@code io.milvuseks.StackOutputs}; they are repeated here so this package stays free of the program.
 *
 * @param source       where it came from (a file path), for the lines that name it
 * @param environment  the stack's {@code environment} output (staging | prod), to catch another stack's file
 * @param runsMilvus   the last apply declared the Milvus release (it exported {@code milvusNamespace})
 */
public record PreviousOutputs(String source, Optional<String> environment, boolean runsMilvus,
                              Optional<String> messageQueue,
                              Optional<String> milvusImageTag, Optional<String> milvusChartVersion) {

    /** The env var {@code pulumi up} reads: a file holding {@code pulumi stack output --json} of this stack. */
    public static final String ENV = "MILVUS_EKS_PREVIOUS_OUTPUTS";

    /** Reads a file; an unreadable or malformed file is one config problem naming it (never a silent pass). */
    public static PreviousOutputs read(Path file, String what) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException ex) {
            throw problem(what, file + " cannot be read (" + ex.getClass().getSimpleName() + "); accepted: the "
                    + "file 'pulumi stack output --json' writes");
        }
        return parse(text, file.toString(), what);
    }

    static PreviousOutputs parse(String json, String source, String what) {
        JsonObject obj;
        try {
            JsonElement el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new JsonParseException("not an object");
            }
            obj = el.getAsJsonObject();
        } catch (JsonParseException ex) {
            throw problem(what, source + " is not a JSON object; accepted: the output of 'pulumi stack output --json'");
        }
        return new PreviousOutputs(source, string(obj, "environment"), obj.has("milvusNamespace") || obj.has("milvusImageTag"),
                string(obj, "messageQueue"), string(obj, "milvusImageTag"), string(obj, "milvusChartVersion"));
    }

    /** The env var's file when set; empty when not (the caller says the check was skipped). */
    public static Optional<PreviousOutputs> fromEnvironment() {
        var path = System.getenv(ENV);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(read(Path.of(path), ENV));
    }

    private static Optional<String> string(JsonObject obj, String key) {
        var el = obj.get(key);
        return el != null && el.isJsonPrimitive() ? Optional.of(el.getAsString()) : Optional.empty();
    }

    private static InvalidConfigException problem(String what, String message) {
        return new InvalidConfigException(List.of(new ConfigProblem(what, message)));
    }
}
