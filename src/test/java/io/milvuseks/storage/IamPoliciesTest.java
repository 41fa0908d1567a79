package io.milvuseks.storage;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IamPoliciesTest {

    static final String BUCKET = "arn:aws:s3:::milvus-data-x";
    static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/abcd";

    static List<JsonObject> statements(String json) {
        var doc = JsonParser.parseString(json).getAsJsonObject();
        assertThat(doc.get("Version").getAsString()).isEqualTo("2012-10-17");
        var out = new ArrayList<JsonObject>();
        doc.getAsJsonArray("Statement").forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    static List<String> strings(JsonObject o, String field) {
        var out = new ArrayList<String>();
        o.getAsJsonArray(field).forEach(e -> out.add(e.getAsString()));
        return out;
    }

    @Test
    void bucketPolicyDeniesEveryNonTlsRequestOnBucketAndObjects() {
        var s = statements(IamPolicies.tlsOnlyBucketPolicy(BUCKET));
        assertThat(s).hasSize(1);
        var deny = s.get(0);
        assertThat(deny.get("Effect").getAsString()).isEqualTo("Deny");
        assertThat(deny.get("Principal").getAsString()).isEqualTo("*");
        assertThat(strings(deny, "Action")).containsExactly("s3:*");
        assertThat(strings(deny, "Resource")).containsExactlyInAnyOrder(BUCKET, BUCKET + "/*");
        assertThat(deny.getAsJsonObject("Condition").getAsJsonObject("Bool").get("aws:SecureTransport")
                .getAsString()).isEqualTo("false");
    }

    @Test
    void irsaTrustNamesExactlyOneServiceAccountOfTheIssuerAndTheStsAudience() {
        var provider = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        // An issuer given with its scheme is normalised: IAM condition keys never carry https://.
        for (var issuer : List.of("oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC")) {
            var s = statements(IamPolicies.irsaTrustPolicy(provider, issuer, "vectors", "milvus"));
            assertThat(s).hasSize(1);
            var trust = s.get(0);
            assertThat(trust.getAsJsonObject("Principal").get("Federated").getAsString()).isEqualTo(provider);
            assertThat(strings(trust, "Action")).containsExactly("sts:AssumeRoleWithWebIdentity");
            var eq = trust.getAsJsonObject("Condition").getAsJsonObject("StringEquals");
            assertThat(eq.keySet()).containsExactlyInAnyOrder("oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub",
                    "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud");
            assertThat(eq.get("oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub").getAsString())
                    .isEqualTo("system:serviceaccount:vectors:milvus");
            assertThat(eq.get("oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud").getAsString())
                    .isEqualTo("sts.amazonaws.com");
        }
    }

    @Test
    void milvusPolicyIsLimitedToItsBucketAndKey() {
        var s = statements(IamPolicies.milvusAccessPolicy(BUCKET, KEY));
        var actions = new ArrayList<String>();
        var resources = new ArrayList<String>();
        for (var st : s) {
            assertThat(st.get("Effect").getAsString()).isEqualTo("Allow");
            actions.addAll(strings(st, "Action"));
            resources.addAll(strings(st, "Resource"));
        }
        assertThat(resources).containsExactlyInAnyOrder(BUCKET, BUCKET + "/*", KEY);
        assertThat(actions).allSatisfy(a -> assertThat(a).doesNotContain("*"));
        assertThat(actions).contains("s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "kms:Decrypt", "kms:GenerateDataKey",
                "kms:Encrypt");
        // Key actions only on the key, object actions only on objects.
        for (var st : s) {
            var acts = strings(st, "Action");
            var res = strings(st, "Resource");
            if (acts.stream().anyMatch(a -> a.startsWith("kms:"))) {
                assertThat(res).containsExactly(KEY);
            }
            if (acts.contains("s3:GetObject")) {
                assertThat(res).containsExactly(BUCKET + "/*");
            }
        }
    }

    @Test
    void logBucketAcceptsOnlyThisBucketsLogsFromThisAccount() {
        var logs = "arn:aws:s3:::milvus-logs-x";
        var s = statements(IamPolicies.logBucketPolicy(logs, BUCKET, "123456789012", "s3-access/"));
        var allow = s.stream().filter(st -> st.get("Effect").getAsString().equals("Allow")).findFirst().orElseThrow();
        assertThat(allow.getAsJsonObject("Principal").get("Service").getAsString())
                .isEqualTo("logging.s3.amazonaws.com");
        assertThat(strings(allow, "Resource")).containsExactly(logs + "/s3-access/*");
        var cond = allow.getAsJsonObject("Condition");
        assertThat(cond.getAsJsonObject("ArnLike").get("aws:SourceArn").getAsString()).isEqualTo(BUCKET);
        assertThat(cond.getAsJsonObject("StringEquals").get("aws:SourceAccount").getAsString())
                .isEqualTo("123456789012");
        assertThat(s).anySatisfy(st -> assertThat(st.get("Effect").getAsString()).isEqualTo("Deny"));
    }

    @Test
    void accountIsReadFromAnArn() {
        assertThat(IamPolicies.accountOf(KEY)).isEqualTo("123456789012");
        assertThatThrownBy(() -> IamPolicies.accountOf("key/abcd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bucketPrefixFitsTheS3Limit() {
        assertThat(ObjectStorage.bucketPrefix("milvus-eks-prod-data")).isEqualTo("milvus-eks-prod-data-");
        var longName = "milvus-eks-a-very-long-stack-name-for-testing-data";
        var prefix = ObjectStorage.bucketPrefix(longName);
        assertThat(prefix).hasSizeLessThanOrEqualTo(37).endsWith("-").doesNotContain("--");
        assertThat(longName).startsWith(prefix.substring(0, prefix.length() - 1));
    }
}
