package io.milvuseks.registry;

import io.milvuseks.render.Canonical;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IAM and KMS policy documents of the pull-through cache, as JSON (pure: known at plan time, unit-tested). */
public final class RegistryPolicies {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private RegistryPolicies() {
    }

    /** {@code arn:<partition>:ecr:<region>:<account>:repository/<prefix>/*}: the cache's repositories only. */
    public static String cacheRepositories(String region, String accountId, String prefix) {
        return "arn:" + Partition.of(region).arn() + ":ecr:" + region + ":" + accountId + ":repository/" + prefix
                + "/*";
    }

    /**
     * The node role's extra grant: on a first pull the kubelet's credentials make ECR create the cache repository
     * and import the image ("ecr:BatchImportUpstreamImage", "ecr:CreateRepository", ECR user guide,
     * pull-through-cache-iam). Pulling itself comes from AmazonEC2ContainerRegistryReadOnly on the node role.
     */
    public static String nodePullThrough(String region, String accountId, String prefix) {
        return nodePullThrough(region, accountId, List.of(prefix));
    }

    /** {@link #nodePullThrough(String, String, String)} over every cache rule's prefix. */
    public static String nodePullThrough(String region, String accountId, List<String> prefixes) {
        return document(statement("PullThroughCacheImport", List.of("ecr:BatchImportUpstreamImage",
                "ecr:CreateRepository"), resources(region, accountId, prefixes)));
    }

    /** One ARN as a string (the single-rule documents stay as they were), several as a list. */
    private static Object resources(String region, String accountId, List<String> prefixes) {
        var arns = prefixes.stream().map(p -> cacheRepositories(region, accountId, p)).toList();
        return arns.size() == 1 ? arns.get(0) : arns;
    }

    /**
     * The role ECR assumes to apply the repository creation template's KMS key and tags (required when a template
     * sets either: ECR user guide, repository-creation-templates-create-iam; scoped here to the cache prefix and
     * the one key).
     */
    public static String templateRole(String region, String accountId, String prefix, String keyArn) {
        return templateRole(region, accountId, List.of(prefix), keyArn);
    }

    /** {@link #templateRole(String, String, String, String)} over every cache rule's prefix. */
    public static String templateRole(String region, String accountId, List<String> prefixes, String keyArn) {
        return document(
                statement("CreateCacheRepositories", List.of("ecr:CreateRepository", "ecr:TagResource"),
                        resources(region, accountId, prefixes)),
                statement("UseTheCacheKey", List.of("kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"),
                        keyArn));
    }

    public static String ecrTrust() {
        var s = new LinkedHashMap<String, Object>();
        s.put("Effect", "Allow");
        s.put("Principal", Map.of("Service", "ecr.amazonaws.com"));
        s.put("Action", "sts:AssumeRole");
        return document(s);
    }

    /**
     * The cache key's policy: the account administers it, and IAM policies grant its use (the template role's
     * kms:CreateGrant, {@link #templateRole}). ECR encrypts the cached repositories through grants it creates with
     * that role. Nobody decrypts the Docker Hub credential with it: that secret stays on aws/secretsmanager (ECR
     * user guide, pull-through-cache-creating-secret).
     */
    public static String cacheKey(String accountId, String region) {
        var admin = new LinkedHashMap<String, Object>();
        admin.put("Sid", "AccountAdministers");
        admin.put("Effect", "Allow");
        admin.put("Principal", Map.of("AWS", "arn:" + Partition.of(region).arn() + ":iam::" + accountId + ":root"));
        admin.put("Action", "kms:*");
        admin.put("Resource", "*");
        return document(admin);
    }

    /** The secret ECR reads: {"username", "accessToken"} (ECR user guide, pull-through-cache-creating-secret). */
    public static String dockerHubCredential(String username, String accessToken) {
        var m = new LinkedHashMap<String, String>();
        m.put("username", username);
        m.put("accessToken", accessToken);
        return GSON.toJson(Canonical.stable(m));
    }

    private static Map<String, Object> statement(String sid, List<String> actions, Object resource) {
        var s = new LinkedHashMap<String, Object>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Action", actions);
        s.put("Resource", resource);
        return s;
    }

    @SafeVarargs
    private static String document(Map<String, Object>... statements) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(statements));
        return GSON.toJson(Canonical.stable(doc));
    }
}
