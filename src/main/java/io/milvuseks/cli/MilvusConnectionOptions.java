package io.milvuseks.cli;

import io.milvuseks.collection.MilvusFailure;
import picocli.CommandLine.Option;

/** --token / --token-env, shared by bootstrap and verify. The token never appears on a command line by choice. */
final class MilvusConnectionOptions {

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Milvus token (user:password or API key). Prefer --token-env: a command line is visible"
                    + " to other processes.")
    String token;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Read the Milvus token from this env variable.")
    String tokenEnv;

    @Option(names = "--tls", description = "Use TLS with --uri (https:// URIs imply it).")
    boolean tls;

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
