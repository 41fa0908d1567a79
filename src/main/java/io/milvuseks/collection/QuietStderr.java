package io.milvuseks.collection;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Runs a client call with {@code System.err} discarded. milvus-sdk-java 2.6.22 prints a stack trace to
 * {@code System.err} (and carries on) when describeIndex returns a metric type it has no enum for, such as
 * Milvus Lite's "NONE" on scalar indexes; the operator must see one-line messages only. The CLI is single-threaded
 * and its own writers hold the original stream, so only the client's output is dropped.
 */
final class QuietStderr {

    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private QuietStderr() {
    }

    static synchronized <T> T call(Supplier<T> body) {
        var original = System.err;
        System.setErr(DISCARD);
        try {
            return body.get();
        } finally {
            System.setErr(original);
        }
    }
}
