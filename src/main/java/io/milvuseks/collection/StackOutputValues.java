package io.milvuseks.collection;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.milvuseks.StackOutputs;

/**
 * The stack outputs the bootstrap step reads, from {@code pulumi stack output --json --show-secrets}.
 * {@link #toString()} never shows the kubeconfig or the password.
 */
public record StackOutputValues(String kubeconfig, String namespace, String proxyService, int proxyPort,
                                boolean tls, String rootPassword, String caPem) {

    /** The CA bundle of the proxy's certificate (PEM), exported by the Milvus release when TLS is on (h-milvus). */
    public static final String CA_PEM_OUTPUT = "milvusCaPem";

    public static StackOutputValues parse(String json) {
        JsonObject o;
        try {
            var el = JsonParser.parseString(json);
            if (!el.isJsonObject()) {
                throw new MilvusFailure("stack outputs: expected a JSON object (pulumi stack output --json "
                        + "--show-secrets)");
            }
            o = el.getAsJsonObject();
        } catch (JsonParseException ex) {
            throw new MilvusFailure("stack outputs are not JSON (pulumi stack output --json --show-secrets): "
                    + MilvusErrors.detail(ex));
        }
        var kubeconfig = text(o, StackOutputs.KUBECONFIG);
        var namespace = text(o, StackOutputs.MILVUS_NAMESPACE);
        var service = text(o, StackOutputs.MILVUS_PROXY_SERVICE);
        int port;
        try {
            port = Integer.parseInt(text(o, StackOutputs.MILVUS_PROXY_PORT));
        } catch (NumberFormatException ex) {
            throw new MilvusFailure("stack output " + StackOutputs.MILVUS_PROXY_PORT + " is not a port number");
        }
        boolean tls = o.has(StackOutputs.MILVUS_TLS) && Boolean.parseBoolean(text(o, StackOutputs.MILVUS_TLS));
        var password = text(o, StackOutputs.MILVUS_ROOT_PASSWORD);
        if (password.equals("[secret]")) {
            throw new MilvusFailure("stack output " + StackOutputs.MILVUS_ROOT_PASSWORD
                    + " is masked; run pulumi stack output --json --show-secrets");
        }
        String caPem = o.has(CA_PEM_OUTPUT) && !o.get(CA_PEM_OUTPUT).isJsonNull() ? text(o, CA_PEM_OUTPUT) : null;
        if (caPem != null && !caPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new MilvusFailure("stack output " + CA_PEM_OUTPUT + " is not a PEM certificate bundle");
        }
        return new StackOutputValues(kubeconfig, namespace, service, port, tls, password, caPem);
    }

    private static String text(JsonObject o, String key) {
        JsonElement el = o.get(key);
        if (el == null || el.isJsonNull()) {
            throw new MilvusFailure("stack output " + key + " is missing; is the stack deployed with the Milvus "
                    + "release? (pulumi stack output --json --show-secrets)");
        }
        // A kubeconfig exported as an object is valid YAML once written as JSON.
        return el.isJsonPrimitive() ? el.getAsString() : el.toString();
    }

    /** In-cluster DNS name of the proxy service: the name its TLS certificate is issued for. */
    public String proxyHost() {
        return proxyService + "." + namespace + ".svc.cluster.local";
    }

    @Override
    public String toString() {
        return "service " + namespace + "/" + proxyService + ":" + proxyPort + (tls ? " (TLS)" : "");
    }
}
