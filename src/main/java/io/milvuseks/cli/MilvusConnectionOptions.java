package io.milvuseks.cli;

import io.milvuseks.collection.MilvusFailure;
import io.milvuseks.collection.MilvusTarget;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * --token / --token-env, TLS (--tls, --ca-pem, --server-name), the per-call deadline and --insecure, shared by
 * bootstrap and verify. The token never appears on a command line by choice, and never goes over plain http to a
 * non-loopback address unless --insecure says so.
 */
final class MilvusConnectionOptions {

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Milvus token (user:password or API key). Prefer --token-env: a command line is visible"
                    + " to other processes.")
    String token;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Read the Milvus token from this env variable.")
    String tokenEnv;

    @Option(names = "--tls", description = "Use TLS with --uri (https:// URIs imply it).")
    boolean tls;

    @Option(names = "--ca-pem", paramLabel = "FILE", description = "CA bundle (PEM) that signed the proxy's "
            + "certificate; implies TLS. With --outputs the stack output milvusCaPem is used when this is absent.")
    Path caPem;

    @Option(names = "--server-name", paramLabel = "NAME", description = "TLS name to verify (default: the URI's "
            + "host; with --outputs the proxy service's cluster DNS name). Needs a CA (--ca-pem).")
    String serverName;

    @Option(names = "--call-deadline-seconds", defaultValue = "60", paramLabel = "S",
            description = "Deadline of every Milvus call (retried at most 3 times). Default: ${DEFAULT-VALUE}.")
    long callDeadlineSeconds;

    @Option(names = "--insecure", description = "Allow sending the token over plain http to a non-loopback address.")
    boolean insecure;

    /** The target for a direct --uri. */
    MilvusTarget target(String uri) {
        boolean secure = tls || caPem != null || uri.startsWith("https://");
        String name = serverName;
        if (name == null && caPem != null) {
            // the SDK's CA-file path overrides the authority with serverName: default it to the URI's host
            name = java.net.URI.create(uri.contains("://") ? uri : "http://" + uri).getHost();
        }
        return new MilvusTarget(uri, token(), secure, secure ? name : null, caPem, callDeadline(), insecure);
    }

    Duration callDeadline() {
        if (callDeadlineSeconds < 1 || callDeadlineSeconds > 3600) {
            throw new MilvusFailure("--call-deadline-seconds " + callDeadlineSeconds + ": accepted 1..3600");
        }
        return Duration.ofSeconds(callDeadlineSeconds);
    }

    /** The explicit token, or null when neither option is given. */
    String token() {
        if (token != null && tokenEnv != null) {
            throw new MilvusFailure("give --token or --token-env, not both");
        }
        if (tokenEnv != null) {
            var v = System.getenv(tokenEnv);
            if (v == null || v.isEmpty()) {
                throw new MilvusFailure("--token-env " + tokenEnv + ": the variable is not set or empty");
            }
            return v;
        }
        return token;
    }
}
