package io.milvuseks.backup;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;
import io.milvuseks.storage.IamPolicies;

import java.util.Map;
import java.util.Objects;

/**
 * The IRSA role of the backup job's service account: read the Milvus bucket and its key, write the backup bucket
 * and its key ({@link BackupPolicies}); with {@code backup.restoreAccess}, for the time of a restore, also write
 * milvus-backup's temporary restore files into the Milvus bucket. Auto-named, as the Milvus role: a replacement
 * creates the new role first.
 */
public final class BackupAccess extends ComponentResource {

    public static final String TYPE = "milvus-eks:backup:BackupAccess";

    /**
     * @param milvusBucketArn the Milvus data bucket the job reads (storage.ObjectStorage)
     * @param milvusKeyArn    its KMS key, which the job may only decrypt with
     */
    public record Args(StackSettings settings, Naming naming, Output<String> oidcProviderArn,
                       Output<String> oidcIssuer, Output<String> milvusBucketArn, Output<String> milvusKeyArn,
                       BackupStorage backup) {
        public Args {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(naming, "naming");
            Objects.requireNonNull(oidcProviderArn, "oidcProviderArn");
            Objects.requireNonNull(oidcIssuer, "oidcIssuer");
            Objects.requireNonNull(milvusBucketArn, "milvusBucketArn");
            Objects.requireNonNull(milvusKeyArn, "milvusKeyArn");
            Objects.requireNonNull(backup, "backup");
        }
    }

    private final Output<String> roleArn;

    public BackupAccess(String name, Args args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var s = args.settings();
        var naming = args.naming();
        var child = CustomResourceOptions.builder().parent(this).build();
        var role = new Role(naming.name("backup-job"), RoleArgs.builder()
                .description("IRSA role of the milvus-backup CronJob: read the Milvus bucket, write the backup bucket")
                .assumeRolePolicy(Output.tuple(args.oidcProviderArn(), args.oidcIssuer()).applyValue(t ->
                        IamPolicies.irsaTrustPolicy(t.t1, t.t2, s.milvus().namespace(), BackupJob.SERVICE_ACCOUNT)))
                .tags(naming.tags(naming.name("backup-job")))
                .build(), child);
        new RolePolicy(naming.name("backup-job-access"), RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(args.milvusBucketArn(), args.milvusKeyArn(), args.backup().bucketArn(),
                        args.backup().kmsKeyArn()).applyValue(t -> BackupPolicies.backupJobPolicy(t.t1, t.t2, t.t3,
                        t.t4, BackupStorage.objectLock(s) ? java.util.OptionalInt.of(s.backup().retentionDays())
                                : java.util.OptionalInt.empty())))
                .build(), child);
        if (s.backup().restoreAccess()) {
            // A separate policy, so turning the switch off again removes exactly this grant.
            new RolePolicy(naming.name("backup-job-restore"), RolePolicyArgs.builder()
                    .role(role.id())
                    .policy(Output.tuple(args.milvusBucketArn(), args.milvusKeyArn()).applyValue(t ->
                            BackupPolicies.restorePolicy(t.t1, t.t2)))
                    .build(), child);
        }
        this.roleArn = role.arn();
        registerOutputs(Map.of("roleArn", roleArn));
    }

    public Output<String> roleArn() {
        return roleArn;
    }
}
