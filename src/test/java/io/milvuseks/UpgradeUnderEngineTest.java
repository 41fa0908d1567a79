package io.milvuseks;

import com.google.gson.Gson;
import io.milvuseks.testing.SilentEngine;
import io.milvuseks.testing.Stacks;
import io.milvuseks.upgrade.PreviousOutputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as {@code pulumi up} starts it, with {@value PreviousOutputs#ENV} naming the file the deploy workflow writes
 * with {@code pulumi stack output --json}: a refused upgrade stops before any resource (the engine never answers, so
 * a program that went on would time out here), one line, exit 2.
 */
class UpgradeUnderEngineTest {

    private static SilentEngine.Result prodWith(Path previous) throws Exception {
        var values = new HashMap<>(Stacks.raw("prod").values());
        values.put("milvus-eks:milvusRootPassword", "a-real-password");
        values.put("milvus-eks:dockerHubAccessToken", "dckr_pat_real-token");
        values.put("milvus-eks:mskScramPassword", "a-real-scram-password");
        return SilentEngine.run("prod", new Gson().toJson(values), "[\"milvus-eks:milvusRootPassword\", "
                + "\"milvus-eks:dockerHubAccessToken\", \"milvus-eks:mskScramPassword\"]",
                Map.of(PreviousOutputs.ENV, previous.toString()));
    }

    @Test
    void aQueueSwitchIsRefusedUnderTheEngine(@TempDir Path tmp) throws Exception {
        var prev = tmp.resolve("outputs.json");
        Files.writeString(prev, "{\"messageQueue\": \"woodpecker\", \"milvusNamespace\": \"milvus\", "
                + "\"milvusImageTag\": \"v2.6.15\", \"milvusChartVersion\": \"5.0.19\"}");
        var result = prodWith(prev);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.lines()).singleElement().asString()
                .startsWith("config error: milvus-eks:messageQueue: the running Milvus writes its log to woodpecker");
    }

    @Test
    void aMissingOutputsFileIsOneLineNotAPass(@TempDir Path tmp) throws Exception {
        var result = prodWith(tmp.resolve("absent.json"));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.lines()).singleElement().asString()
                .startsWith("config error: " + PreviousOutputs.ENV + ": ").contains("cannot be read");
    }
}
