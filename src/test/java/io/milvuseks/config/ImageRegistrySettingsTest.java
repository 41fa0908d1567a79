package io.milvuseks.config;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Config key imageRegistry and secret dockerHubAccessToken: every bad setting is one line naming its key. */
class ImageRegistrySettingsTest {

    static final String NS = Stacks.PROJECT + ":";

    static List<String> problems(Map<String, String> overrides) {
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> Stacks.settings("prod", overrides));
        assertThat(ex).as("expected config errors").isNotNull();
        ex.problems().forEach(p -> assertThat(p.toString()).startsWith("config error: ").doesNotContain("\n"));
        return ex.problems().stream().map(ConfigProblem::toString).toList();
    }

    static Map<String, String> with(String key, String value) {
        var m = new HashMap<String, String>();
        m.put(key, value);
        return m;
    }

    /** source private: the Docker Hub token must then be absent. */
    static Map<String, String> privateSource(String json) {
        var m = with("imageRegistry", json);
        m.put("dockerHubAccessToken", null);
        return m;
    }

    @Test
    void theStacksUseTheEcrCacheWithTheirDockerId() {
        var r = Stacks.settings("prod").imageRegistry();
        // neither stack file sets ecrRepositoryPrefix: each gets its own default, so both fit one account
        assertThat(r).isEqualTo(new ImageRegistrySettings(ImageSource.ECR_PULL_THROUGH_CACHE, "docker-hub-prod",
                Optional.of("milvuseks"), Optional.empty()));
        assertThat(Stacks.settings("staging").imageRegistry().ecrRepositoryPrefix()).isEqualTo("docker-hub-staging");
        // absent ecrRepositoryPrefix: the per-stack default; an explicit one is kept (a stack created with it)
        var noPrefix = Stacks.settings("prod", Map.of("imageRegistry", "{\"dockerHubUsername\": \"someone1\"}"));
        assertThat(noPrefix.imageRegistry().ecrRepositoryPrefix()).isEqualTo("docker-hub-prod");
        var kept = Stacks.settings("prod", Map.of("imageRegistry",
                "{\"dockerHubUsername\": \"someone1\", \"ecrRepositoryPrefix\": \"docker-hub\"}"));
        assertThat(kept.imageRegistry().ecrRepositoryPrefix()).isEqualTo("docker-hub");
    }

    @Test
    void aStackNameEcrCannotTakeAsAPrefixAsksForOneInsteadOfRewritingIt() {
        // 11 + 15 characters: 26, one more than monitoring leaves room for (<prefix>-quay within 30)
        var raw = Stacks.raw("prod", Map.of());
        var renamed = new io.milvuseks.config.RawConfig(raw.project(), "production-east", raw.values(),
                raw.secretKeys(), raw.keysComplete());
        var ex = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidConfigException.class,
                () -> SettingsParser.parse(renamed));
        assertThat(ex.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("imageRegistry.ecrRepositoryPrefix", "the default docker-hub-<stack> 'docker-hub-production"
                        + "-east' leaves no room", "at most 25"));
        var odd = new io.milvuseks.config.RawConfig(raw.project(), "prod--1", raw.values(), raw.secretKeys(),
                raw.keysComplete());
        var ex2 = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidConfigException.class,
                () -> SettingsParser.parse(odd));
        assertThat(ex2.problems()).singleElement().satisfies(p -> assertThat(p.toString())
                .contains("the default docker-hub-<stack> is 'docker-hub-prod--1', which ECR refuses"));
    }

    @Test
    void theEcrCacheNeedsADockerHubLogin() {
        assertThat(problems(with("imageRegistry", null))).anySatisfy(p -> assertThat(p)
                .contains(NS + "imageRegistry.dockerHubUsername: is required; accepted: a Docker ID"));
        assertThat(problems(with("dockerHubAccessToken", null))).anySatisfy(p -> assertThat(p)
                .contains(NS + "dockerHubAccessToken: is required and missing; accepted: a secret value"));
        // in plain text: refused, value never echoed
        var raw = Stacks.raw("prod");
        var secrets = new HashSet<>(raw.secretKeys());
        secrets.remove(NS + "dockerHubAccessToken");
        var values = new HashMap<>(raw.values());
        values.put(NS + "dockerHubAccessToken", "dckr_pat_plain");
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> SettingsParser.parse(
                new RawConfig(raw.project(), raw.stack(), values, secrets, true)));
        assertThat(ex.problems()).singleElement().asString()
                .contains(NS + "dockerHubAccessToken: is stored in plain text").doesNotContain("dckr_pat_plain");
    }

    @Test
    void badValuesAreAllReportedAtOnce() {
        var p = problems(Map.of("imageRegistry", "{\"source\": \"quay\", \"ecrRepositoryPrefix\": \"Docker_Hub/\", "
                + "\"dockerHubUsername\": \"Me\", \"registry\": \"x\"}"));
        assertThat(p).anySatisfy(s -> assertThat(s).contains(NS + "imageRegistry.source: 'quay' is not accepted; "
                        + "accepted: ecrPullThroughCache | private"))
                .anySatisfy(s -> assertThat(s).contains(NS + "imageRegistry.ecrRepositoryPrefix: 'Docker_Hub/' is "
                        + "not valid"))
                .anySatisfy(s -> assertThat(s).contains(NS + "imageRegistry.dockerHubUsername: 'Me' is not valid"))
                .anySatisfy(s -> assertThat(s).contains(NS + "imageRegistry.registry: unknown key"));
        assertThat(problems(Map.of("imageRegistry", "{\"dockerHubUsername\": \"someone1\", "
                + "\"ecrRepositoryPrefix\": \"a-very-long-prefix-over-thirty-chars\"}")))
                .singleElement().asString().contains("has 36 characters; accepted: 2..30");
    }

    @Test
    void aPrivateRegistryIsAHostWithOptionalPortAndPathAndNotDockerHub() {
        var ok = Stacks.settings("prod", privateSource("{\"source\": \"private\", "
                + "\"privateRegistry\": \"harbor.example.com:8443/hub\"}"));
        assertThat(ok.imageRegistry().privateRegistry()).contains("harbor.example.com:8443/hub");
        for (var bad : List.of("https://harbor.example.com", "harbor", "harbor.example.com/hub:latest",
                "Harbor.Example.com")) {
            var p = problems(privateSource("{\"source\": \"private\", \"privateRegistry\": \"" + bad + "\"}"));
            assertThat(p).as(bad).singleElement().asString().contains(NS + "imageRegistry.privateRegistry: '" + bad
                    + "' is not valid; accepted: host[:port][/path]");
        }
        var hub = problems(privateSource("{\"source\": \"private\", \"privateRegistry\": \"docker.io/x\"}"));
        assertThat(hub).singleElement().asString().contains("is Docker Hub itself");
    }

    @Test
    void settingsOfTheOtherSourceAreRefusedNotIgnored() {
        var p = problems(Map.of("imageRegistry", "{\"source\": \"private\", \"privateRegistry\": \"r.example.com\", "
                + "\"dockerHubUsername\": \"someone1\", \"ecrRepositoryPrefix\": \"hub\"}"));
        assertThat(p).hasSize(3)
                .anySatisfy(s -> assertThat(s).contains(NS + "imageRegistry.dockerHubUsername: is only read with "
                        + "source ecrPullThroughCache"))
                .anySatisfy(s -> assertThat(s).contains(NS + "imageRegistry.ecrRepositoryPrefix: is only read"))
                .anySatisfy(s -> assertThat(s).contains(NS + "dockerHubAccessToken: is only read with"));
        assertThat(problems(Map.of("imageRegistry", "{\"dockerHubUsername\": \"someone1\", "
                + "\"privateRegistry\": \"r.example.com\"}"))).singleElement().asString()
                .contains(NS + "imageRegistry.privateRegistry: is only read with source private");
        assertThat(problems(privateSource("{\"source\": \"private\"}"))).singleElement().asString()
                .contains(NS + "imageRegistry.privateRegistry: is required");
    }
}
