package io.milvuseks.config;

import com.google.gson.Gson;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** `pulumi up` reads ctx.config(); `plan` reads the stack file: both must yield the same settings. */
class ConfigSourcesTest {

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void stackFileAndPulumiConfigGiveEqualSettings(String stack) {
        var raw = Stacks.raw(stack);
        var fromFile = SettingsParser.parse(raw);

        var fromCtx = new AtomicReference<StackSettings>();
        var run = OfflineEngine.run(raw, ctx -> fromCtx.set(SettingsParser.parse(PulumiConfigSource.read(ctx,
                Map.of()))));

        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        assertThat(fromCtx.get()).isEqualTo(fromFile);
    }

    @Test
    void withTheEnginesKeyListUnknownKeysArePlaintextSecretsAreCaught() {
        // a real password set without --secret (the committed placeholder is named by PlaceholderValues instead)
        var raw = Stacks.raw("staging", Map.of("milvusRootPassword", "correct-horse-battery"));
        var all = new HashMap<>(raw.values());
        all.put("milvus-eks:nodepools", "{}"); // a typo of nodePools
        var env = Map.of("PULUMI_CONFIG", new Gson().toJson(all), "PULUMI_CONFIG_SECRET_KEYS", "[]");

        var seen = new AtomicReference<RawConfig>();
        OfflineEngine.run(raw, ctx -> seen.set(PulumiConfigSource.read(ctx, env)));

        assertThat(seen.get().keysComplete()).isTrue();
        var problems = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidConfigException.class,
                () -> SettingsParser.parse(seen.get())).problems();
        assertThat(problems).extracting(ConfigProblem::key)
                .contains("milvus-eks:nodepools", "milvus-eks:milvusRootPassword");
    }
}
