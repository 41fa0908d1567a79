package io.milvuseks.config;

import com.google.gson.Gson;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Pulumi.yaml declares the program's flat keys with the right types, and its defaults are the program's. */
class ProjectConfigSchemaTest {

    /**
     * Flat keys Pulumi.yaml cannot declare: their default depends on other keys, or they are optional without a
     * default (see the comment there).
     */
    private static final Set<ConfigKey> CONDITIONAL = Set.of(ConfigKey.BUCKET_ACCESS_LOGGING,
            ConfigKey.MSK_SCRAM_PASSWORD, ConfigKey.DOCKER_HUB_ACCESS_TOKEN, ConfigKey.PRIVATE_ENDPOINT_SOURCES,
            ConfigKey.DEPLOY_ROLE_ARN, ConfigKey.PREVIEW_ROLE_ARN, ConfigKey.SERVICE_MONITOR,
            ConfigKey.PROD_PREVIEW_ROLE_ARN);

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> declared() throws IOException {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Path.of("Pulumi.yaml")));
        return (Map<String, Map<String, Object>>) doc.get("config");
    }

    private static String pulumiType(ConfigKey key) {
        return switch (key.kind()) {
            case STRING, SECRET -> "string";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> null;
        };
    }

    @Test
    void everyFlatKeyIsDeclaredWithItsTypeAndADescription() throws IOException {
        var declared = declared();
        for (var key : ConfigKey.values()) {
            var type = pulumiType(key);
            if (type == null || CONDITIONAL.contains(key)) {
                assertThat(declared).as(key.key() + " cannot be typed by Pulumi").doesNotContainKey(key.key());
                continue;
            }
            assertThat(declared).as(key.key()).containsKey(key.key());
            var decl = declared.get(key.key());
            assertThat(decl.get("type")).as(key.key()).isEqualTo(type);
            assertThat((String) decl.get("description")).as(key.key()).isNotBlank();
            // no `secret: true`, not even on secrets: the CLI would stop at the committed plain placeholder one key
            // at a time; the program refuses placeholders and plain-text secrets itself, naming every key
            assertThat(decl.get("secret")).as(key.key()).isNull();
        }
        assertThat(declared.keySet()).allMatch(k -> ConfigKey.byKey(k).isPresent());
    }

    /** Removing a key and setting it to Pulumi.yaml's default must give the same settings. */
    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void pulumiYamlDefaultsAreTheProgramsDefaults(String stack) throws IOException {
        for (var entry : declared().entrySet()) {
            if (!entry.getValue().containsKey("default")) {
                continue;
            }
            var value = entry.getValue().get("default");
            var wire = value instanceof List<?> ? new Gson().toJson(value) : String.valueOf(value);
            var absent = new HashMap<String, String>();
            absent.put(entry.getKey(), null);
            assertThat(Stacks.settings(stack, absent)).as(entry.getKey())
                    .isEqualTo(Stacks.settings(stack, Map.of(entry.getKey(), wire)));
        }
    }
}
