package io.milvuseks.config;

import com.google.gson.Gson;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code Pulumi.<stack>.yaml} into the wire form the Pulumi engine would hand the program. Values stored with
 * {@code secure:} cannot be decrypted without the stack's secrets provider: they become the placeholder
 * {@value #SECRET_PLACEHOLDER} and are marked secret, so the offline plan runs and never shows a secret.
 */
public final class StackFile {

    public static final String SECRET_PLACEHOLDER = "[secret]";
    // serializeNulls: `metric:` inside a map must stay visible as null, so the parser can report it as empty
    // (Gson drops null map entries by default, which would silently apply the default).
    private static final Gson GSON = new com.google.gson.GsonBuilder().serializeNulls().create();

    private StackFile() {
    }

    /** Thrown when the file cannot be read or is not a Pulumi stack file. */
    public static final class UnreadableStackFile extends RuntimeException {
        public UnreadableStackFile(String message) {
            super(message, null, false, false);
        }
    }

    public static Path pathFor(Path projectDir, String stack) {
        return projectDir.resolve("Pulumi." + stack + ".yaml");
    }

    public static RawConfig read(Path file, String project, String stack) {
        String text;
        try {
            text = decodeUtf8(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException ex) {
            throw new UnreadableStackFile("stack file " + file + " not found (is --stack right? the file is "
                    + "Pulumi.<stack>.yaml in --dir)");
        } catch (IOException ex) {
            throw new UnreadableStackFile("cannot read stack file " + file + ": " + ex.getClass().getSimpleName()
                    + " " + ex.getMessage());
        }
        return parse(text, file.toString(), project, stack);
    }

    /**
     * The file as UTF-8 (what the Pulumi CLI reads), or one line naming where it is not: a stack file saved as
     * Latin-1 or UTF-16 by an editor would otherwise fail as "MalformedInputException Input length = 1".
     */
    static String decodeUtf8(byte[] bytes, String source) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') { // never part of a multi-byte UTF-8 sequence
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new UnreadableStackFile(source + " is not UTF-8: line " + line + ", byte " + (at - lineStart + 1)
                    + " of the line (0x" + String.format("%02X", bytes[at] & 0xFF) + ") is not valid UTF-8; save "
                    + "the file as UTF-8, as the Pulumi CLI reads it");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    public static RawConfig parse(String text, String source, String project, String stack) {
        Object doc;
        try {
            // YAML 1.2 core schema, as the Pulumi CLI reads stack files: `no`/`off` stay strings, 030 is thirty,
            // and a key given twice is an error rather than a silent "last one wins".
            doc = new Load(LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build())
                    .loadFromString(text);
        } catch (MarkedYamlEngineException ex) {
            var where = ex.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                    .orElse("");
            throw new UnreadableStackFile(source + " is not valid YAML" + where + ": " + ex.getProblem());
        } catch (YamlEngineException ex) {
            var first = String.valueOf(ex.getMessage()).lines().findFirst().orElse("");
            throw new UnreadableStackFile(source + " is not valid YAML: " + first);
        }
        if (!(doc instanceof Map<?, ?> top) || !(top.get("config") instanceof Map<?, ?> config)) {
            throw new UnreadableStackFile(source + " has no 'config:' map; a stack file looks like: config: {"
                    + project + ":environment: prod, ...}");
        }
        var values = new LinkedHashMap<String, String>();
        var secrets = new HashSet<String>();
        for (var entry : config.entrySet()) {
            var key = String.valueOf(entry.getKey());
            if (!key.contains(":")) {
                key = project + ":" + key; // Pulumi qualifies bare keys with the project name
            }
            var value = entry.getValue();
            if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("secure")) {
                values.put(key, SECRET_PLACEHOLDER);
                secrets.add(key);
            } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
                values.put(key, GSON.toJson(value));
            } else if (value instanceof String stated && PlaceholderValues.isSecretPlaceholder(stated)) {
                // a committed secret stand-in: a secret in the offline plan ([secret]), named by PlaceholderValues
                values.put(key, stated);
                secrets.add(key);
            } else {
                // an empty value stays visible, so the parser can say so instead of applying a default
                values.put(key, value == null ? "" : String.valueOf(value));
            }
        }
        return new RawConfig(project, stack, values, secrets, true);
    }
}
