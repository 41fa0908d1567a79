package io.milvuseks.collection;

import io.milvus.v2.client.ConnectConfig;

import java.time.Duration;

/**
 * Where and how to reach Milvus. {@link #toString()} never shows the token.
 *
 * @param token      "user:password" or an API key; null for a server without auth
 * @param serverName TLS server name to verify when the address is a tunnel (port-forward); null to use the host
 */
public record MilvusTarget(String uri, String token, boolean tls, String serverName) {

    public MilvusTarget {
        if (uri == null || uri.isBlank()) {
            throw new MilvusFailure("no Milvus address: pass --uri or --outputs with the stack outputs");
        }
        if (tls && uri.startsWith("http://")) {
            uri = "https://" + uri.substring("http://".length());
        }
    }

    public ConnectConfig connectConfig(Duration connectTimeout) {
        var b = ConnectConfig.builder()
                .uri(uri)
                .connectTimeoutMs(connectTimeout.toMillis())
                .rpcDeadlineMs(0);
        if (token != null && !token.isEmpty()) {
            b.token(token);
        }
        if (tls) {
            b.secure(true);
            if (serverName != null) {
                b.serverName(serverName);
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        return uri + (tls ? " (TLS)" : "") + (token == null || token.isEmpty() ? "" : " (token set)");
    }
}
