package io.milvuseks;

import com.google.gson.Gson;
import io.milvuseks.testing.SilentEngine;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staging's committed documentation-range CIDR under the real engine (as {@code pulumi up} starts the jar): refused
 * as a config error with exit 2 before any resource, where {@code plan} only prints a placeholder line. The engine
 * accepts connections and never answers ({@link SilentEngine}), so a program that went on to declare resources would
 * hang (and fail here on the timeout) instead of passing by accident.
 */
class PlaceholderUnderEngineTest {

    @Test
    void theStagingPlaceholderCidrIsRefusedByTheRealEngine() throws Exception {
        var values = new HashMap<>(Stacks.raw("staging").values());
        values.put("milvus-eks:milvusRootPassword", "a-real-password"); // decrypted, as the engine hands it over
        values.put("milvus-eks:dockerHubAccessToken", "dckr_pat_real-token");
        var result = SilentEngine.run("staging", new Gson().toJson(values),
                "[\"milvus-eks:milvusRootPassword\", \"milvus-eks:dockerHubAccessToken\"]");
        assertThat(result.exitCode()).as("the program went on to declare resources: " + result.output())
                .isEqualTo(2);
        assertThat(result.lines()).singleElement().asString()
                .startsWith("config error: milvus-eks:publicAccessCidrs: 203.0.113.0/24 is a reserved range "
                        + "(RFC 5737 documentation)")
                .contains("no client connects from", "accepted:");
    }
}
