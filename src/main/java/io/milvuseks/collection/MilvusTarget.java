package io.milvuseks.collection;

import io.milvus.v2.client.ConnectConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how to reach Milvus. {@link #toString()} never shows the token.
 *
 * <p>TLS: milvus-sdk-java 2.6.22 ({@code ClientUtils.getChannel}) applies {@code serverName} only on the branches
 * that build their own SSL context, an SSLContext, {@code serverPemPath} or mTLS; with plain {@code secure(true)}
 * it verifies the URI's host against the JVM's trust store and ignores {@code serverName}. So a private CA and a
 * tunnel (port-forward to 127.0.0.1, certificate for the service's DNS name) need the CA file as
 * {@code serverPemPath} (netty's trust manager takes any CA bundle there) and {@code serverName}: a server name
 * without a CA file is refused here rather than silently not checked.
 *
 * @param token        "user:password" or an API key; null for a server without auth
 * @param serverName   TLS server name to verify when the address is a tunnel (port-forward); null to use the host
 * @param caPem        PEM file of the CA that signed the proxy's certificate; null for the JVM's trust store
 * @param callDeadline deadline of every RPC: a hung call (etcd full, coordinator failover) fails instead of
 *                     blocking forever
 * @param insecure     allow a token over plain http to a non-loopback address
 */
public record MilvusTarget(String uri, String token, boolean tls, String serverName, Path caPem,
                           Duration callDeadline, boolean insecure) {

    /** Default per-call deadline: generous for DDL on a loaded cluster, far below "forever". */
    public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(60);

    public MilvusTarget {
        if (uri == null || uri.isBlank()) {
            throw new MilvusFailure("no Milvus address: pass --uri or --outputs with the stack outputs");
        }
        if (caPem != null && !tls && !uri.startsWith("https://")) {
            tls = true; // a CA file means TLS
        }
        if (tls && uri.startsWith("http://")) {
            uri = "https://" + uri.substring("http://".length());
        }
        if (callDeadline == null || callDeadline.isZero() || callDeadline.isNegative()) {
            throw new MilvusFailure("the call deadline must be positive, got " + callDeadline);
        }
        if (caPem != null && !Files.isReadable(caPem)) {
            throw new MilvusFailure("--ca-pem " + caPem + ": not a readable file");
        }
        if (serverName != null && tls && caPem == null) {
            throw new MilvusFailure("TLS to " + uri + " as " + serverName + " needs the CA bundle (--ca-pem FILE, "
                    + "or the stack output milvusCaPem): without it the client would not check the server name");
        }
        boolean hasToken = token != null && !token.isEmpty();
        if (hasToken && !tls && !insecure && !loopback(uri)) {
            throw new MilvusFailure("refusing to send the token in clear to " + uri + ": use TLS (https://, --tls, "
                    + "--ca-pem FILE), a port-forward (--outputs), or --insecure to accept it");
        }
    }

    public MilvusTarget(String uri, String token, boolean tls, String serverName) {
        this(uri, token, tls, serverName, null, DEFAULT_CALL_DEADLINE, false);
    }

    public ConnectConfig connectConfig(Duration connectTimeout) {
        var b = ConnectConfig.builder()
                .uri(uri)
                .connectTimeoutMs(connectTimeout.toMillis())
                .rpcDeadlineMs(callDeadline.toMillis());
        if (token != null && !token.isEmpty()) {
            b.token(token);
        }
        if (tls) {
            b.secure(true);
            if (caPem != null) {
                b.serverPemPath(caPem.toString());
            }
            if (serverName != null) {
                b.serverName(serverName);
            }
        }
        return b.build();
    }

    /** 127.0.0.0/8, ::1 or localhost: a port-forward's local end, never on the network. */
    static boolean loopback(String uri) {
        String host;
        try {
            host = URI.create(uri.contains("://") ? uri : "http://" + uri).getHost();
        } catch (IllegalArgumentException ex) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.replace("[", "").replace("]", "");
        return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || host.equals("::1");
    }

    @Override
    public String toString() {
        return uri + (tls ? " (TLS" + (caPem != null ? ", CA " + caPem.getFileName() : "")
                + (serverName != null ? ", as " + serverName : "") + ")" : "")
                + (token == null || token.isEmpty() ? "" : " (token set)");
    }
}
