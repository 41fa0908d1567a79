package io.milvuseks.storage;

import com.google.gson.JsonParser;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.milvuseks.App;
import io.milvuseks.config.RawConfig;
import io.milvuseks.naming.Naming;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

class ObjectStorageTest {

    static final String PROVIDER = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/T1";
    static final String ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/T1";

    static final String KEY = "aws:kms/key:Key";
    static final String ALIAS = "aws:kms/alias:Alias";
    static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    static final String SSE = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
    static final String VERSIONING = "aws:s3/bucketVersioningV2:BucketVersioningV2";
    static final String PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    static final String POLICY = "aws:s3/bucketPolicy:BucketPolicy";
    static final String LIFECYCLE = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
    static final String LOGGING = "aws:s3/bucketLoggingV2:BucketLoggingV2";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

    /** Runs only the component, with the stack's settings, under the mock engine. */
    static Plan storage(RawConfig raw) {
        var settings = App.load(raw);
        var naming = new Naming(settings.project(), settings.stack());
        var run = OfflineEngine.run(raw, ctx -> {
            var s = new ObjectStorage("storage", new ObjectStorageArgs(settings, naming, Output.of(PROVIDER),
                    Output.of(ISSUER)), ComponentResourceOptions.Empty);
            ctx.export("bucketName", s.bucketName());
            ctx.export("bucketArn", s.bucketArn());
            ctx.export("kmsKeyArn", s.kmsKeyArn());
            ctx.export("milvusRoleArn", s.milvusRoleArn());
        });
        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        return run.plan(raw.stack());
    }

    static PlannedResource one(Plan plan, String type, String name) {
        return plan.find(type, name).orElseThrow(() -> new AssertionError("no " + type + " " + name + " in "
                + plan.resources().stream().map(r -> r.type() + " " + r.name()).toList()));
    }

    static List<String> types(Plan plan) {
        return plan.resources().stream().filter(PlannedResource::custom).map(PlannedResource::type).sorted().toList();
    }

    @Test
    void prodDeclaresExactlyTheEncryptedVersionedPrivateBucketWithLogsAndTheIrsaRole() {
        var plan = storage(Stacks.raw("prod"));
        assertThat(types(plan)).containsExactlyInAnyOrder(KEY, ALIAS, BUCKET, BUCKET, SSE, SSE, VERSIONING, PAB, PAB,
                POLICY, POLICY, LIFECYCLE, LIFECYCLE, LOGGING, ROLE, ROLE_POLICY);
        assertThat(plan.resources()).filteredOn(PlannedResource::custom)
                .allSatisfy(r -> assertThat(r.parent()).isEqualTo("storage"));

        var key = one(plan, KEY, "milvus-eks-prod-data-key");
        assertThat(key.inputs()).containsEntry("enableKeyRotation", true).containsEntry("deletionWindowInDays", 30L);
        var keyArn = (String) plan.outputs().get("kmsKeyArn");
        assertThat(one(plan, ALIAS, "milvus-eks-prod-data-key-alias").inputs()).containsEntry("targetKeyId", keyArn);

        var bucket = one(plan, BUCKET, "milvus-eks-prod-data");
        assertThat(bucket.inputs()).containsEntry("forceDestroy", false).doesNotContainKey("acl");
        var bucketId = "mock-milvus-eks-prod-data";

        var sse = map(list(one(plan, SSE, "milvus-eks-prod-data-sse").inputs().get("rules")).get(0));
        assertThat(sse).containsEntry("bucketKeyEnabled", true);
        assertThat(map(sse.get("applyServerSideEncryptionByDefault")))
                .containsEntry("sseAlgorithm", "aws:kms").containsEntry("kmsMasterKeyId", keyArn);
        assertThat(one(plan, SSE, "milvus-eks-prod-data-sse").inputs()).containsEntry("bucket", bucketId);

        var versioning = one(plan, VERSIONING, "milvus-eks-prod-data-versioning").inputs();
        assertThat(versioning).containsEntry("bucket", bucketId);
        assertThat(map(versioning.get("versioningConfiguration"))).containsEntry("status", "Enabled");

        for (var pab : plan.ofType(PAB)) {
            assertThat(pab.inputs()).containsEntry("blockPublicAcls", true).containsEntry("blockPublicPolicy", true)
                    .containsEntry("ignorePublicAcls", true).containsEntry("restrictPublicBuckets", true);
        }
        assertThat(one(plan, PAB, "milvus-eks-prod-data-public-access").inputs()).containsEntry("bucket", bucketId);

        var rule = map(list(one(plan, LIFECYCLE, "milvus-eks-prod-data-lifecycle").inputs().get("rules")).get(0));
        assertThat(rule).containsEntry("status", "Enabled");
        assertThat(map(rule.get("noncurrentVersionExpiration"))).containsEntry("noncurrentDays", 30L);
        assertThat(map(rule.get("abortIncompleteMultipartUpload"))).containsEntry("daysAfterInitiation", 7L);

        // Access logs go to a second private bucket with SSE-S3 (S3 cannot deliver logs into an SSE-KMS bucket).
        var logging = one(plan, LOGGING, "milvus-eks-prod-data-logging").inputs();
        assertThat(logging).containsEntry("bucket", bucketId)
                .containsEntry("targetBucket", "mock-milvus-eks-prod-access-logs")
                .containsEntry("targetPrefix", ObjectStorage.ACCESS_LOG_PREFIX);
        var logSse = map(list(one(plan, SSE, "milvus-eks-prod-access-logs-sse").inputs().get("rules")).get(0));
        assertThat(map(logSse.get("applyServerSideEncryptionByDefault"))).containsEntry("sseAlgorithm", "AES256");
        // and expire, or the log bucket outgrows the data it describes
        var logLifecycle = one(plan, LIFECYCLE, "milvus-eks-prod-access-logs-lifecycle").inputs();
        assertThat(logLifecycle).containsEntry("bucket", "mock-milvus-eks-prod-access-logs");
        var logRule = map(list(logLifecycle.get("rules")).get(0));
        assertThat(logRule).containsEntry("status", "Enabled");
        assertThat(map(logRule.get("filter"))).containsEntry("prefix", ObjectStorage.ACCESS_LOG_PREFIX);
        assertThat(map(logRule.get("expiration"))).containsEntry("days", (long) ObjectStorage.ACCESS_LOG_RETENTION_DAYS);

        assertThat(plan.outputs()).containsKeys("bucketName", "bucketArn", "kmsKeyArn", "milvusRoleArn");
    }

    @Test
    void bucketPolicyOfTheDataBucketDeniesNonTls() {
        var plan = storage(Stacks.raw("prod"));
        var bucketArn = (String) plan.outputs().get("bucketArn");
        var policy = one(plan, POLICY, "milvus-eks-prod-data-policy").inputs();
        assertThat(policy).containsEntry("bucket", "mock-milvus-eks-prod-data");
        var deny = JsonParser.parseString((String) policy.get("policy")).getAsJsonObject()
                .getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(deny.get("Effect").getAsString()).isEqualTo("Deny");
        assertThat(deny.getAsJsonObject("Condition").getAsJsonObject("Bool").get("aws:SecureTransport")
                .getAsString()).isEqualTo("false");
        assertThat(deny.getAsJsonArray("Resource").toString()).contains("\"" + bucketArn + "\"",
                "\"" + bucketArn + "/*\"");
    }

    @Test
    void irsaRoleTrustsOnlyTheMilvusServiceAccountOfTheConfiguredNamespace() {
        var plan = storage(Stacks.raw("staging", Map.of("milvusNamespace", "vectors")));
        var role = one(plan, ROLE, "milvus-eks-staging-milvus-s3").inputs();
        var trust = JsonParser.parseString((String) role.get("assumeRolePolicy")).getAsJsonObject()
                .getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(trust.getAsJsonObject("Principal").get("Federated").getAsString()).isEqualTo(PROVIDER);
        var eq = trust.getAsJsonObject("Condition").getAsJsonObject("StringEquals");
        assertThat(eq.get(ISSUER + ":sub").getAsString())
                .isEqualTo("system:serviceaccount:vectors:" + Naming.MILVUS_SERVICE_ACCOUNT);
        assertThat(eq.get(ISSUER + ":aud").getAsString()).isEqualTo("sts.amazonaws.com");

        var access = one(plan, ROLE_POLICY, "milvus-eks-staging-milvus-s3-access").inputs();
        assertThat(access).containsEntry("role", "mock-milvus-eks-staging-milvus-s3");
        var doc = (String) access.get("policy");
        var bucketArn = (String) plan.outputs().get("bucketArn");
        var keyArn = (String) plan.outputs().get("kmsKeyArn");
        var resources = new java.util.ArrayList<String>();
        JsonParser.parseString(doc).getAsJsonObject().getAsJsonArray("Statement").forEach(s ->
                s.getAsJsonObject().getAsJsonArray("Resource").forEach(r -> resources.add(r.getAsString())));
        assertThat(resources).containsExactlyInAnyOrder(bucketArn, bucketArn + "/*", keyArn);
    }

    @Test
    void stagingWithoutAccessLoggingHasNoLogBucketAndItsOwnRetention() {
        var plan = storage(Stacks.raw("staging"));
        assertThat(types(plan)).containsExactlyInAnyOrder(KEY, ALIAS, BUCKET, SSE, VERSIONING, PAB, POLICY,
                LIFECYCLE, ROLE, ROLE_POLICY);
        var rule = map(list(one(plan, LIFECYCLE, "milvus-eks-staging-data-lifecycle").inputs().get("rules")).get(0));
        assertThat(map(rule.get("noncurrentVersionExpiration"))).containsEntry("noncurrentDays", 7L);
        assertThat(map(rule.get("expiration"))).containsOnlyKeys("expiredObjectDeleteMarker")
                .containsEntry("expiredObjectDeleteMarker", true);
    }

    @Test
    void protectionInProdRetentionEverywhere() {
        var prod = storage(Stacks.raw("prod"));
        assertThat(one(prod, KEY, "milvus-eks-prod-data-key").protect()).isTrue();
        assertThat(one(prod, KEY, "milvus-eks-prod-data-key").retainOnDelete()).isTrue();
        for (var bucket : prod.ofType(BUCKET)) {
            assertThat(bucket.protect()).as(bucket.name()).isTrue();
            assertThat(bucket.retainOnDelete()).as(bucket.name()).isTrue();
        }
        var staging = storage(Stacks.raw("staging", Map.of("bucketAccessLogging", "true")));
        assertThat(staging.ofType(BUCKET)).hasSize(2);
        assertThat(staging.resources()).noneMatch(PlannedResource::protect);
        for (var bucket : staging.ofType(BUCKET)) {
            assertThat(bucket.retainOnDelete()).as(bucket.name()).isTrue();
        }
        // The retained buckets stay readable only if their key is retained too.
        assertThat(one(staging, KEY, "milvus-eks-staging-data-key").retainOnDelete()).isTrue();
        assertThat(one(staging, KEY, "milvus-eks-staging-data-key").inputs())
                .containsEntry("deletionWindowInDays", 30L);
    }
}
