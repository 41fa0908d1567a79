package io.milvuseks.collection;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Connects, waiting with bounded backoff until the proxy answers (a fresh deploy takes minutes). An auth refusal
 * ends the wait at once: retrying will not fix a wrong password.
 */
public final class Connector {

    /** Opens a client; throws if the server does not answer. Replaced in tests. */
    @FunctionalInterface
    public interface Opener<C> {
        C open(MilvusTarget target, Duration connectTimeout) throws Exception;
    }

    public static final Opener<MilvusClientV2> REAL = (target, timeout) -> {
        var client = new MilvusClientV2(target.connectConfig(timeout));
        try {
            client.retryConfig(retryConfig(target));
            client.getServerVersion();
            return client;
        } catch (RuntimeException ex) {
            client.close();
            throw ex;
        }
    };

    /**
     * The SDK's own retry of one call (UNAVAILABLE, rate limited), bounded: 3 retries, backing off 0.5 s to 3 s,
     * and never longer than four call deadlines in all. Its default is 75 retries. Together with the per-call
     * deadline ({@link MilvusTarget#callDeadline()}) no single call can hold bootstrap for long.
     */
    static RetryConfig retryConfig(MilvusTarget target) {
        return RetryConfig.builder()
                .maxRetryTimes(3)
                .initialBackOffMs(500)
                .maxBackOffMs(3000)
                .backOffMultiplier(2)
                .retryOnRateLimit(true)
                .maxRetryTimeoutMs(target.callDeadline().toMillis() * 4)
                .build();
    }

    /** Sleeps; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private Connector() {
    }

    public static MilvusClientV2 connect(MilvusTarget target, Backoff backoff, PrintWriter progress) {
        return connect(target, backoff, progress::println, REAL, d -> Thread.sleep(d.toMillis()));
    }

    public static <C> C connect(MilvusTarget target, Backoff backoff, Consumer<String> progress,
                                Opener<C> opener, Sleeper sleeper) {
        long waited = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                // the handshake gets 5 s, or the call deadline when that is shorter
                var timeout = target.callDeadline().compareTo(CONNECT_TIMEOUT) < 0 ? target.callDeadline()
                        : CONNECT_TIMEOUT;
                return opener.open(target, timeout);
            } catch (Exception ex) {
                var kind = MilvusErrors.kind(ex);
                if (kind == MilvusErrors.Kind.AUTH_REFUSED) {
                    throw new MilvusFailure(MilvusErrors.describe("connecting to " + target.uri(), ex));
                }
                var delay = backoff.delay(attempt);
                if (waited + delay.toMillis() > backoff.total().toMillis()) {
                    throw new MilvusFailure(MilvusErrors.describe("connecting to " + target.uri() + " (gave up after "
                            + attempt + " attempts, " + Duration.ofMillis(waited).toSeconds() + "s)", ex));
                }
                progress.accept("waiting for Milvus at " + target.uri() + ": attempt " + attempt + " failed ("
                        + MilvusErrors.detail(ex) + "); retrying in " + delay.toSeconds() + "s");
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new MilvusFailure("interrupted while waiting for Milvus at " + target.uri());
                }
                waited += delay.toMillis();
            }
        }
    }
}
