package io.milvuseks.kube;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small client of the Kubernetes API over java.net.http: bearer token, the API server's own certificate as the
 * only trust anchor, JSON through Gson (whole numbers stay whole, so {@code replicas: 3} is not sent as 3.0).
 * Server-side apply is a PATCH with {@code application/apply-patch+yaml} (JSON is YAML), as
 * {@code kubectl apply --server-side} sends it; {@code fieldValidation=Strict} makes unknown or duplicate fields an
 * error instead of a warning, and {@code dryRun=All} runs admission and validation without storing.
 */
final class KubeApi {

    static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping().serializeNulls().create();
    private static final java.lang.reflect.Type MAP = new TypeToken<Map<String, Object>>() { }.getType();

    /** A resource type as discovery names it. */
    record Resource(String apiVersion, String kind, String plural, boolean namespaced) {
    }

    /**
     * The answer to one request: HTTP status, the decoded body (a Status object on errors), and the server's
     * {@code Warning} headers (deprecations and the like, which do not fail a request).
     */
    record Reply(int code, Map<String, Object> body, List<String> warnings) {
        Reply(int code, Map<String, Object> body) {
            this(code, body, List.of());
        }

        boolean ok() {
            return code >= 200 && code < 300;
        }

        /** The API server's message for a failed request, verbatim. */
        String message() {
            var m = body.get("message");
            return m != null ? m.toString() : "HTTP " + code + " " + body;
        }
    }

    private final String server;
    private final String token;
    private final HttpClient http;
    private final Map<String, Resource> byKind = new HashMap<>();

    private KubeApi(String server, String token, HttpClient http) {
        this.server = server;
        this.token = token;
        this.http = http;
    }

    static KubeApi connect(ControlPlane cp) throws Exception {
        var certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(cp.serverCert())));
        var trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (var c : certs) {
            trust.setCertificateEntry("apiserver-" + i++, c);
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        var http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        return new KubeApi(cp.server(), cp.token, http);
    }

    /** Waits for /readyz, calling {@code alive} between tries (it throws when a process died). */
    void awaitReady(Duration timeout, Runnable alive) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            alive.run();
            try {
                var r = http.send(request("/readyz").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("kube-apiserver not ready within " + timeout);
            }
            Thread.sleep(300);
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    /** Every item of a list, following continue tokens; each item gets the list's kind and apiVersion. */
    List<Map<String, Object>> list(String path) {
        var items = new ArrayList<Map<String, Object>>();
        String cont = null;
        do {
            var sep = path.contains("?") ? "&" : "?";
            var r = get(path + sep + "limit=500" + (cont == null ? "" : "&continue=" + enc(cont)));
            if (!r.ok()) {
                throw new IllegalStateException("GET " + path + ": " + r.message());
            }
            @SuppressWarnings("unchecked")
            var page = (List<Map<String, Object>>) r.body.getOrDefault("items", List.of());
            // items of a list carry no kind/apiVersion; give them the list's, so each reads on its own
            var listKind = Maps.str(r.body, "kind");
            for (var item : page) {
                if (listKind != null && listKind.endsWith("List")) {
                    item.putIfAbsent("kind", listKind.substring(0, listKind.length() - "List".length()));
                }
                item.putIfAbsent("apiVersion", r.body.get("apiVersion"));
            }
            items.addAll(page);
            cont = Maps.str(r.body, "metadata", "continue");
        } while (cont != null && !cont.isEmpty());
        return items;
    }

    Reply create(String collectionPath, Map<String, Object> object) {
        return send(request(collectionPath).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(object))));
    }

    Reply mergePatch(String path, Map<String, Object> patch) {
        return send(request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(GSON.toJson(patch))));
    }

    /**
     * Server-side apply of {@code body} (YAML or JSON) with strict field validation; with {@code dryRun} nothing is
     * stored.
     */
    Reply apply(Resource res, String namespace, String name, String body, String fieldManager, boolean dryRun) {
        var path = collectionPath(res, namespace) + "/" + enc(name) + "?fieldManager=" + enc(fieldManager)
                + "&force=true&fieldValidation=Strict" + (dryRun ? "&dryRun=All" : "");
        return send(request(path).header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The REST path of an object (its namespace must be set when the kind is namespaced). */
    String objectPath(Map<String, Object> object) {
        var apiVersion = Maps.str(object, "apiVersion");
        var kind = Maps.str(object, "kind");
        var res = resource(apiVersion, kind).orElseThrow(() -> new IllegalArgumentException(
                "the API server serves no " + kind + " in " + apiVersion));
        var ns = res.namespaced ? Maps.str(object, "metadata", "namespace") : null;
        return collectionPath(res, ns) + "/" + enc(Maps.str(object, "metadata", "name"));
    }

    static String collectionPath(Resource res, String namespace) {
        var base = res.apiVersion.contains("/") ? "/apis/" + res.apiVersion : "/api/" + res.apiVersion;
        return base + (namespace != null ? "/namespaces/" + enc(namespace) : "") + "/" + res.plural;
    }

    Optional<Resource> resource(String apiVersion, String kind) {
        if (byKind.isEmpty()) {
            refreshDiscovery();
        }
        var r = byKind.get(apiVersion + "/" + kind);
        if (r == null) {
            refreshDiscovery(); // a CRD established since the last look
            r = byKind.get(apiVersion + "/" + kind);
        }
        return Optional.ofNullable(r);
    }

    boolean namespaced(String apiVersion, String kind) {
        return resource(apiVersion, kind).map(Resource::namespaced).orElse(true);
    }

    /**
     * Reads every served group version. One that does not answer (an APIService whose pods cannot run here, such
     * as metrics-server's v1beta1.metrics.k8s.io) is left out, as kubectl's discovery does.
     */
    synchronized void refreshDiscovery() {
        byKind.clear();
        var versions = new ArrayList<String>();
        versions.add("v1");
        var groups = get("/apis");
        @SuppressWarnings("unchecked")
        var list = (List<Map<String, Object>>) groups.body.getOrDefault("groups", List.of());
        for (var g : list) {
            for (var v : Maps.list(g, "versions")) {
                @SuppressWarnings("unchecked")
                var gv = ((Map<String, Object>) v).get("groupVersion").toString();
                versions.add(gv);
            }
        }
        for (var gv : versions) {
            var r = get(gv.contains("/") ? "/apis/" + gv : "/api/" + gv);
            if (!r.ok()) {
                continue;
            }
            for (var o : Maps.list(r.body, "resources")) {
                @SuppressWarnings("unchecked")
                var m = (Map<String, Object>) o;
                var name = m.get("name").toString();
                if (name.contains("/")) {
                    continue; // subresources
                }
                byKind.putIfAbsent(gv + "/" + m.get("kind"),
                        new Resource(gv, m.get("kind").toString(), name, Boolean.TRUE.equals(m.get("namespaced"))));
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private Reply send(HttpRequest.Builder req) {
        try {
            var r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> body;
            try {
                body = r.body().isBlank() ? new LinkedHashMap<>() : GSON.fromJson(r.body(), MAP);
            } catch (RuntimeException notJson) {
                body = new LinkedHashMap<>(Map.of("message", r.body()));
            }
            // RFC 7234 warn-text as the API server writes it: 299 - "message"
            var warnings = r.headers().allValues("Warning").stream()
                    .map(w -> w.replaceFirst("^299 - \"", "").replaceFirst("\"$", "")).toList();
            return new Reply(r.statusCode(), body == null ? new LinkedHashMap<>() : body, warnings);
        } catch (IOException ex) {
            throw new IllegalStateException("request to " + server + " failed: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, Object> parse(String json) {
        return GSON.fromJson(json, MAP);
    }
}
