package io.milvuseks.naming;

import java.util.Map;
import java.util.TreeMap;

/**
 * Names and tags of every resource: {@code <project>-<stack>-<part>}, kept short enough for AWS limits (IAM role
 * names 64, EKS cluster 100, MSK cluster 64, S3 bucket 63 and lower case).
 */
public record Naming(String project, String stack) {

    /** Kubernetes service account of every Milvus pod; the IRSA role trusts exactly this account. */
    public static final String MILVUS_SERVICE_ACCOUNT = "milvus";
    /** Helm release name of Milvus; the chart names its objects {@code <release>-milvus-*}. */
    public static final String MILVUS_RELEASE = "milvus";

    public String name(String part) {
        return clip(project + "-" + stack + "-" + part, 63);
    }

    /** The EKS cluster name: also the prefix of its node groups and add-on roles. */
    public String clusterName() {
        return clip(project + "-" + stack, 63);
    }

    /** Tags every AWS resource carries so cost reports and policies can find the stack's resources. */
    public Map<String, String> tags() {
        var tags = new TreeMap<String, String>();
        tags.put("app.kubernetes.io/part-of", "milvus");
        tags.put("pulumi:project", project);
        tags.put("pulumi:stack", stack);
        return tags;
    }

    public Map<String, String> tags(String nameTag) {
        var tags = tags();
        tags.put("Name", nameTag);
        return tags;
    }

    static String clip(String s, int max) {
        var lower = s.toLowerCase().replaceAll("[^a-z0-9-]", "-");
        return lower.length() <= max ? lower : lower.substring(0, max).replaceAll("-+$", "");
    }
}
