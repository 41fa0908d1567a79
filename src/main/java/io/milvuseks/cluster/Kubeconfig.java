package io.milvuseks.cluster;

import com.google.gson.GsonBuilder;

import java.util.List;

/**
 * A kubeconfig for an EKS cluster that holds no credential: kubectl (and the Pulumi Kubernetes provider) run
 * {@code aws eks get-token} for a short-lived token of whoever is signed in to AWS. JSON, which is valid YAML.
 */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    public static String render(String clusterName, String endpoint, String caData, String region) {
        var cluster = Json.obj("server", endpoint, "certificate-authority-data", caData);
        var exec = Json.obj(
                "apiVersion", "client.authentication.k8s.io/v1beta1",
                "command", "aws",
                "args", List.of("eks", "get-token", "--cluster-name", clusterName, "--region", region,
                        "--output", "json"),
                "interactiveMode", "Never");
        var doc = Json.obj(
                "apiVersion", "v1",
                "kind", "Config",
                "clusters", List.of(Json.obj("name", clusterName, "cluster", cluster)),
                "contexts", List.of(Json.obj("name", clusterName,
                        "context", Json.obj("cluster", clusterName, "user", clusterName))),
                "current-context", clusterName,
                "users", List.of(Json.obj("name", clusterName, "user", Json.obj("exec", exec))),
                "preferences", Json.obj());
        return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(doc);
    }
}
