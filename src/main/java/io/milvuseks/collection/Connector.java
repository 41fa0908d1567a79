package io.milvuseks.collection;

import io.milvus.v2.client.MilvusClientV2;

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
            client.getServerVersion();
            return client;
        } catch (RuntimeException ex) {
            client.close();
            throw ex;
        }
    };

    /** Sleeps; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

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
                return opener.open(target, Duration.ofSeconds(5));
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
