package io.milvuseks.storage;

import io.milvuseks.render.Canonical;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM and bucket policy documents of the data layer, built as JSON in Java (no provider invoke), so they are
 * known at plan time and unit-testable without the engine.
 */
public final class IamPolicies {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    static final String VERSION = "2012-10-17";

    private IamPolicies() {
    }

    /** Denies every S3 request to the bucket and its objects that does not come over TLS. */
    public static String tlsOnlyBucketPolicy(String bucketArn) {
        return GSON.toJson(Canonical.stable(document(denyInsecureTransport(bucketArn))));
    }

    /**
     * The access-log bucket: S3's log delivery service may write logs of {@code sourceBucketArn} (and nothing
     * else, from this account only) under {@code prefix}; TLS only like the data bucket.
     */
    public static String logBucketPolicy(String logBucketArn, String sourceBucketArn, String accountId,
                                         String prefix) {
        return logBucketPolicy(logBucketArn, List.of(sourceBucketArn), accountId, prefix);
    }

    /** The same for several source buckets (the data bucket and, with backups on, the backup bucket). */
    public static String logBucketPolicy(String logBucketArn, List<String> sourceBucketArns, String accountId,
                                         String prefix) {
        var allow = statement("AllowS3ServerAccessLogs", "Allow",
                Map.of("Service", "logging.s3.amazonaws.com"), List.of("s3:PutObject"),
                List.of(logBucketArn + "/" + prefix + "*"));
        allow.put("Condition", Map.of(
                "ArnLike", Map.of("aws:SourceArn", sourceBucketArns.size() == 1 ? sourceBucketArns.get(0)
                        : sourceBucketArns),
                "StringEquals", Map.of("aws:SourceAccount", accountId)));
        return GSON.toJson(Canonical.stable(document(allow, denyInsecureTransport(logBucketArn))));
    }

    /**
     * IRSA trust: only the given Kubernetes service account, presenting a token from this cluster's OIDC issuer
     * with the STS audience, may assume the role.
     *
     * @param oidcIssuer issuer host and path without {@code https://}, e.g. {@code oidc.eks.us-east-1.amazonaws.com/id/X}
     */
    public static String irsaTrustPolicy(String oidcProviderArn, String oidcIssuer, String namespace,
                                         String serviceAccount) {
        var issuer = oidcIssuer.replaceFirst("^https://", "");
        var trust = statement("MilvusServiceAccount", "Allow", Map.of("Federated", oidcProviderArn),
                List.of("sts:AssumeRoleWithWebIdentity"), null);
        var equals = new LinkedHashMap<String, String>();
        equals.put(issuer + ":sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
        equals.put(issuer + ":aud", "sts.amazonaws.com");
        trust.put("Condition", Map.of("StringEquals", equals));
        return GSON.toJson(Canonical.stable(document(trust)));
    }

    /**
     * What Milvus needs on its bucket (segments, indexes, and the Woodpecker WAL) and key, and nothing more:
     * list, object read/write/delete, multipart upload, and SSE-KMS data keys.
     */
    public static String milvusAccessPolicy(String bucketArn, String kmsKeyArn) {
        // GetBucketLocation: the MinIO client Milvus uses asks for the bucket's region before its first request.
        var bucket = statement("Bucket", "Allow", null,
                List.of("s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"),
                List.of(bucketArn));
        var objects = statement("Objects", "Allow", null,
                List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts"),
                List.of(bucketArn + "/*"));
        var key = statement("Key", "Allow", null, List.of("kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"),
                List.of(kmsKeyArn));
        return GSON.toJson(Canonical.stable(document(bucket, objects, key)));
    }

    /** The account id inside an ARN ({@code arn:partition:service:region:account:resource}). */
    public static String accountOf(String arn) {
        var parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            throw new IllegalArgumentException("not an ARN: " + arn);
        }
        return parts[4];
    }

    private static Map<String, Object> denyInsecureTransport(String arn) {
        var deny = statement("DenyInsecureTransport", "Deny", "*", List.of("s3:*"), List.of(arn, arn + "/*"));
        deny.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        return deny;
    }

    private static LinkedHashMap<String, Object> statement(String sid, String effect, Object principal,
                                                           List<String> actions, List<String> resources) {
        var s = new LinkedHashMap<String, Object>();
        s.put("Sid", sid);
        s.put("Effect", effect);
        if (principal != null) {
            s.put("Principal", principal);
        }
        s.put("Action", actions);
        if (resources != null) {
            s.put("Resource", resources);
        }
        return s;
    }

    @SafeVarargs
    private static Map<String, Object> document(Map<String, Object>... statements) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", VERSION);
        doc.put("Statement", List.of(statements));
        return doc;
    }
}
