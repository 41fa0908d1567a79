package io.milvuseks;

import io.milvuseks.testing.SilentEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar as the Pulumi language host starts it for `pulumi up`, with an engine that never answers
 * ({@link SilentEngine}): invalid config must stop the program before any resource is registered, with one line per
 * problem and exit code 2.
 */
class RealEngineEntryTest {

    @Test
    void invalidConfigUnderTheEngineIsOneLinePerProblemAndExitTwo() throws Exception {
        var result = SilentEngine.run("prod", "{\"aws:region\":\"us-east-1\",\"milvus-eks:environment\":\"production\","
                + "\"milvus-eks:messageQueue\":\"sqs\",\"milvus-eks:nodepools\":\"{}\"}", "[]");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.lines()).isNotEmpty().allMatch(l -> l.startsWith("config error: "),
                "every line a config error");
        assertThat(result.output()).contains("milvus-eks:environment: 'production' is not accepted; accepted: staging | prod")
                .contains("milvus-eks:messageQueue: 'sqs'")
                .contains("milvus-eks:nodepools: unknown key")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
