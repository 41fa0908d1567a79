package io.milvuseks.collection;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorTest {

    private final MilvusTarget target = new MilvusTarget("http://127.0.0.1:19530", null, false, null);
    private final List<String> progress = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();

    @Test
    void backoffDoublesUpToItsCap() {
        var b = Backoff.standard(Duration.ofMinutes(10));
        assertThat(List.of(b.delay(1), b.delay(2), b.delay(3), b.delay(4), b.delay(5), b.delay(9)))
                .extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 15L, 15L);
    }

    @Test
    void waitsWithAProgressLineUntilTheProxyAnswers() {
        int[] attempts = {0};
        String client = Connector.connect(target, Backoff.standard(Duration.ofMinutes(1)), progress::add,
                (t, timeout) -> {
                    if (++attempts[0] < 3) {
                        throw new RuntimeException("UNAVAILABLE: io exception");
                    }
                    return "client";
                }, slept::add);
        assertThat(client).isEqualTo("client");
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(progress).hasSize(2).allMatch(l -> l.startsWith("waiting for Milvus at http://127.0.0.1:19530"));
        assertThat(progress.get(1)).contains("attempt 2 failed (UNAVAILABLE: io exception); retrying in 2s");
    }

    @Test
    void givesUpWithinTheBoundWithOneLine() {
        assertThatThrownBy(() -> Connector.connect(target, Backoff.standard(Duration.ofSeconds(20)), progress::add,
                (t, timeout) -> {
                    throw new RuntimeException("UNAVAILABLE: Connection refused");
                }, slept::add))
                .isInstanceOf(MilvusFailure.class)
                .hasMessageStartingWith("connecting to http://127.0.0.1:19530 (gave up after 5 attempts, 15s): "
                        + "Milvus unreachable");
        assertThat(slept.stream().mapToLong(Duration::toSeconds).sum()).isLessThanOrEqualTo(20);
    }

    @Test
    void anAuthRefusalIsNotRetried() {
        assertThatThrownBy(() -> Connector.connect(target, Backoff.standard(Duration.ofMinutes(5)), progress::add,
                (t, timeout) -> {
                    throw new RuntimeException("UNAUTHENTICATED: auth check failure");
                }, slept::add))
                .isInstanceOf(MilvusFailure.class).hasMessageContaining("authentication refused");
        assertThat(slept).isEmpty();
    }
}
