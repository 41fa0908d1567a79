package io.milvuseks.upgrade;

import io.milvuseks.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreviousOutputsTest {

    @Test
    void readsWhatPulumiStackOutputJsonPrints(@TempDir Path dir) throws Exception {
        var file = dir.resolve("prev.json");
        Files.writeString(file, """
                {"environment": "prod", "messageQueue": "msk", "milvusNamespace": "milvus",
                 "milvusImageTag": "v2.6.15", "milvusChartVersion": "5.0.19",
                 "milvusRootPassword": "[secret]", "capacity": {"queryNodes": 6}}
                """);
        var prev = PreviousOutputs.read(file, "--previous-outputs");
        assertThat(prev.runsMilvus()).isTrue();
        assertThat(prev.messageQueue()).contains("msk");
        assertThat(prev.milvusImageTag()).contains("v2.6.15");
        assertThat(prev.milvusChartVersion()).contains("5.0.19");
        assertThat(prev.source()).isEqualTo(file.toString());
    }

    @Test
    void aStackWithoutTheMilvusReleaseDoesNotRunMilvus() {
        var prev = PreviousOutputs.parse("{\"messageQueue\": \"pulsar\", \"clusterName\": \"c\"}", "f", "x");
        assertThat(prev.runsMilvus()).isFalse();
        assertThat(prev.milvusImageTag()).isEmpty();
    }

    @Test
    void aMissingOrMalformedFileIsOneConfigLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PreviousOutputs.read(dir.resolve("nope.json"), "--previous-outputs"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("config error: --previous-outputs: ").hasMessageContaining("cannot be read");
        var bad = dir.resolve("bad.json");
        Files.writeString(bad, "Current stack outputs (3):");
        assertThatThrownBy(() -> PreviousOutputs.read(bad, "--previous-outputs"))
                .hasMessageContaining("is not a JSON object; accepted: the output of 'pulumi stack output --json'")
                .hasMessageNotContaining("\n");
    }
}
