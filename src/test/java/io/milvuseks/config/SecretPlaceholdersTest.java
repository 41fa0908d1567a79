package io.milvuseks.config;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed secrets are plain-text placeholders: a `secure: v1:placeholder-...` value stops the real CLI at
 * "validating stack config: bad value" naming no key, before the program runs (issue 22). A plain value reaches
 * the program, which names each key with the command that replaces it; the offline plan keeps them secret.
 */
class SecretPlaceholdersTest {

    static final String NS = Stacks.PROJECT + ":";

    /** What the Pulumi engine hands the program for this stack file: every key, no placeholder marked secret. */
    static RawConfig asTheEngineSeesIt(String stack) {
        var file = Stacks.raw(stack);
        var secrets = new java.util.HashSet<>(file.secretKeys());
        file.values().forEach((k, v) -> {
            if (PlaceholderValues.isSecretPlaceholder(v)) {
                secrets.remove(k);
            }
        });
        return new RawConfig(file.project(), file.stack(), new HashMap<>(file.values()), secrets, true);
    }

    @Test
    void theCommittedStackFilesCarryPlainPlaceholdersNotMadeUpCiphertext() throws Exception {
        for (var stack : Set.of("prod", "staging")) {
            var text = Files.readString(Stacks.PROJECT_DIR.resolve("Pulumi." + stack + ".yaml"));
            assertThat(text).as(stack).doesNotContain("secure:")
                    .contains("milvus-eks:milvusRootPassword: placeholder-run-pulumi-config-set-secret-milvusRootPassword");
        }
    }

    @Test
    void theProgramNamesEveryPlaceholderKeyWithItsCommand() {
        var raw = asTheEngineSeesIt("prod");
        // no "stored in plain text" for them: the placeholder line is the one problem per key
        var settings = SettingsParser.parse(raw);
        assertThat(PlaceholderValues.problems(raw, settings)).extracting(ConfigProblem::toString).containsExactly(
                "config error: " + NS + "milvusRootPassword: still holds the committed placeholder, not a secret; "
                        + "accepted: a secret value, set with: pulumi config set --secret milvusRootPassword --stack prod",
                "config error: " + NS + "mskScramPassword: still holds the committed placeholder, not a secret; "
                        + "accepted: a secret value, set with: pulumi config set --secret mskScramPassword --stack prod",
                "config error: " + NS + "dockerHubAccessToken: still holds the committed placeholder, not a secret; "
                        + "accepted: a secret value, set with: pulumi config set --secret dockerHubAccessToken --stack prod");
        // staging: its two secrets, then its documentation-range CIDR
        var staging = asTheEngineSeesIt("staging");
        assertThat(PlaceholderValues.problems(staging, SettingsParser.parse(staging))).extracting(ConfigProblem::key)
                .containsExactly(NS + "milvusRootPassword", NS + "dockerHubAccessToken", NS + "publicAccessCidrs");
    }

    @Test
    void aRealSecretIsNoPlaceholderAndAPlainRealValueIsStillRefused() {
        var raw = asTheEngineSeesIt("prod");
        var values = new HashMap<>(raw.values());
        values.put(NS + "milvusRootPassword", "correct-horse-battery");
        var secrets = new java.util.HashSet<>(raw.secretKeys());
        secrets.add(NS + "milvusRootPassword");
        var set = new RawConfig(raw.project(), raw.stack(), values, secrets, true);
        assertThat(PlaceholderValues.problems(set, SettingsParser.parse(set))).extracting(ConfigProblem::key)
                .doesNotContain(NS + "milvusRootPassword").hasSize(2);
        secrets.remove(NS + "milvusRootPassword");
        var plain = new RawConfig(raw.project(), raw.stack(), values, secrets, true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettingsParser.parse(plain))
                .hasMessageContaining(NS + "milvusRootPassword: is stored in plain text");
    }

    @Test
    void theOfflinePlanReadsThemAsSecrets() {
        var raw = Stacks.raw("prod");
        assertThat(raw.secretKeys()).contains(NS + "milvusRootPassword", NS + "mskScramPassword",
                NS + "dockerHubAccessToken");
    }
}
