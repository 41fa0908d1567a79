package io.milvuseks.cluster;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KubeconfigTest {

    @Test
    void authenticatesWithAwsEksGetTokenForTheClusterAndRegion() {
        var text = Kubeconfig.render("milvus-eks-prod", "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "Q0E=",
                "eu-west-1");
        var doc = JsonParser.parseString(text).getAsJsonObject();
        var cluster = doc.getAsJsonArray("clusters").get(0).getAsJsonObject().getAsJsonObject("cluster");
        assertThat(cluster.get("server").getAsString()).isEqualTo("https://ABC.gr7.eu-west-1.eks.amazonaws.com");
        assertThat(cluster.get("certificate-authority-data").getAsString()).isEqualTo("Q0E=");
        var exec = doc.getAsJsonArray("users").get(0).getAsJsonObject().getAsJsonObject("user")
                .getAsJsonObject("exec");
        // v1alpha1 is gone from client-go (kubectl >= 1.24 and the Pulumi provider refuse it); v1beta1 is what
        // `aws eks get-token` prints.
        assertThat(exec.get("apiVersion").getAsString()).isEqualTo("client.authentication.k8s.io/v1beta1");
        assertThat(exec.get("command").getAsString()).isEqualTo("aws");
        assertThat(exec.getAsJsonArray("args").asList()).map(e -> e.getAsString()).containsSubsequence(
                "eks", "get-token", "--cluster-name", "milvus-eks-prod", "--region", "eu-west-1");
        assertThat(doc.get("current-context").getAsString()).isEqualTo("milvus-eks-prod");
        assertThat(text).doesNotContain("token:").doesNotContain("password");
    }

    @Test
    void rendersIdenticallyEveryTime() {
        // A kubeconfig that reorders between runs would make every `pulumi up` replace the Kubernetes provider.
        var a = Kubeconfig.render("c", "https://e", "ca", "us-east-1");
        assertThat(Kubeconfig.render("c", "https://e", "ca", "us-east-1")).isEqualTo(a);
        assertThat(a.indexOf("\"apiVersion\"")).isLessThan(a.indexOf("\"clusters\""));
    }
}
