package io.milvuseks.backup;

import com.google.gson.JsonParser;
import io.milvuseks.StackOutputs;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.plan.Plan;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.milvuseks.backup.BackupPlanTest.ROLE_POLICY;
import static io.milvuseks.backup.BackupPlanTest.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** backup.restoreAccess: the temporary grant a restore needs on the Milvus bucket, absent unless switched on. */
class RestoreAccessTest {

    static final String RESTORE_POLICY = "milvus-eks-prod-backup-job-restore";

    static List<String> grants(Plan plan, String policyName) {
        var doc = JsonParser.parseString((String) one(plan, ROLE_POLICY, policyName).inputs().get("policy"))
                .getAsJsonObject();
        var grants = new ArrayList<String>();
        doc.getAsJsonArray("Statement").forEach(el -> {
            var s = el.getAsJsonObject();
            assertThat(s.get("Effect").getAsString()).isEqualTo("Allow");
            s.getAsJsonArray("Action").forEach(a -> s.getAsJsonArray("Resource").forEach(r ->
                    grants.add(a.getAsString() + " " + r.getAsString())));
        });
        return grants;
    }

    @Test
    void byDefaultTheJobsRoleHasNoWriteOnTheMilvusBucket() {
        assertThat(BackupPlanTest.PROD.find(ROLE_POLICY, RESTORE_POLICY)).isEmpty();
        var data = "arn:aws:s3:::milvus-eks-prod-data-mock";
        assertThat(grants(BackupPlanTest.PROD, "milvus-eks-prod-backup-job-access"))
                .filteredOn(g -> g.contains(data)).allMatch(g -> g.startsWith("s3:ListBucket ")
                        || g.startsWith("s3:GetBucketLocation ") || g.startsWith("s3:GetObject "));
        assertThat(Stacks.settings("prod").backup().restoreAccess()).isFalse();
    }

    @Test
    void switchedOnItGrantsTheRestoreTempPrefixAndTheDataKeyOnly() {
        var plan = Stacks.plan(Stacks.raw("prod", Map.of("backup", "{\"restoreAccess\": true}")));
        var policy = one(plan, ROLE_POLICY, RESTORE_POLICY);
        // on the backup job's own role, beside (not inside) its standing policy
        assertThat(policy.inputs().get("role")).isEqualTo(one(plan, ROLE_POLICY, "milvus-eks-prod-backup-job-access")
                .inputs().get("role"));
        var data = "arn:aws:s3:::milvus-eks-prod-data-mock";
        var dataKey = (String) plan.outputs().get(StackOutputs.KMS_KEY_ARN);
        assertThat(grants(plan, RESTORE_POLICY)).containsExactlyInAnyOrder(
                "s3:PutObject " + data + "/restore-temp-*",
                "s3:AbortMultipartUpload " + data + "/restore-temp-*",
                "s3:DeleteObject " + data + "/restore-temp-*",
                "kms:GenerateDataKey " + dataKey);
        // Milvus' own data (rootPath "milvus") is not writable, nor the bucket as a whole, nor the backup bucket
        assertThat(grants(plan, RESTORE_POLICY)).noneMatch(g -> g.endsWith(data + "/*") || g.contains("/milvus")
                || g.contains("backup-mock"));
        // the standing policy is unchanged by the switch
        assertThat(grants(plan, "milvus-eks-prod-backup-job-access"))
                .isEqualTo(grants(BackupPlanTest.PROD, "milvus-eks-prod-backup-job-access"));
    }

    @Test
    void restoreAccessWithoutBackupsIsOneLine() {
        var ex = catchThrowableOfType(() -> Stacks.settings("staging", Map.of("backup",
                "{\"restoreAccess\": true}")), InvalidConfigException.class);
        assertThat(ex.problems()).extracting(Object::toString).containsExactly(
                "config error: milvus-eks:backup.restoreAccess: true needs backups; accepted: false, or "
                        + "backup.enabled true");
        var notBool = catchThrowableOfType(() -> Stacks.settings("prod", Map.of("backup",
                "{\"restoreAccess\": \"yes\"}")), InvalidConfigException.class);
        assertThat(notBool.problems()).singleElement().asString()
                .startsWith("config error: milvus-eks:backup.restoreAccess:");
        assertThat(Stacks.settings("staging", Map.of("backup", "{\"enabled\": true, \"restoreAccess\": true}"))
                .backup().restoreAccess()).isTrue();
    }
}
