package io.milvuseks.cluster;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.aws.eks.ClusterArgs;
import com.pulumi.aws.eks.inputs.ClusterAccessConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigProviderArgs;
import com.pulumi.aws.eks.inputs.ClusterUpgradePolicyArgs;
import com.pulumi.aws.eks.inputs.ClusterVpcConfigArgs;
import com.pulumi.aws.eks.outputs.ClusterIdentity;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.OpenIdConnectProviderArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomTimeouts;
import com.pulumi.resources.Resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The control plane: secrets key, service role, log group, the EKS cluster itself. */
final class ControlPlane {

    static final List<String> LOG_TYPES = List.of("api", "audit", "authenticator", "controllerManager", "scheduler");
    /**
     * The provider waits 30 min to create a cluster and 60 to update it; creation with encryption and logging
     * sometimes needs longer than 30, and a version upgrade of the control plane can take most of an hour.
     */
    static final CustomTimeouts CLUSTER_TIMEOUTS = CustomTimeouts.builder()
            .create(Duration.ofMinutes(60)).update(Duration.ofMinutes(60)).build();

    static final String CREATOR_ADMIN_PROPERTY = "accessConfig.bootstrapClusterCreatorAdminPermissions";

    final Key secretsKey;
    final ControlPlaneLogs logs;
    final Cluster cluster;

    ControlPlane(ClusterScope s) {
        var args = s.args();
        var name0 = args.naming().clusterName();

        // Envelope encryption of Kubernetes secrets: losing this key makes them unreadable, so prod protects it.
        secretsKey = new Key(s.n("eks-secrets"), KeyArgs.builder()
                .description("Envelope encryption of Kubernetes secrets in EKS cluster " + name0)
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .tags(s.tags("eks-secrets"))
                .build(), s.options().protect(args.prod()).build());

        var clusterRole = new Role(s.n("cluster"), RoleArgs.builder()
                .assumeRolePolicy(IamPolicies.serviceTrust("eks.amazonaws.com", "sts:TagSession"))
                .tags(s.tags("cluster"))
                .build(), s.child());
        var clusterPolicy = new RolePolicyAttachment(s.n("cluster"), RolePolicyAttachmentArgs.builder()
                .role(clusterRole.name())
                .policyArn("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy")
                .build(), s.child());

        // EKS creates this group on its first log line, with no expiry. Who owns it, and why: ControlPlaneLogs.
        logs = ControlPlaneLogs.of(name0, args.prod(), args.region());
        var before = new ArrayList<Resource>(List.of(clusterPolicy));
        if (logs.managedByStack()) {
            before.add(new LogGroup(s.n("control-plane"), LogGroupArgs.builder()
                    .name(logs.name())
                    .retentionInDays(logs.retentionDays())
                    .tags(s.tags("control-plane"))
                    .build(), s.child()));
        }

        var vpc = ClusterVpcConfigArgs.builder()
                .subnetIds(args.privateSubnetIds())
                .endpointPrivateAccess(true)
                .endpointPublicAccess(args.cluster().publicEndpoint());
        if (args.cluster().publicEndpoint()) {
            vpc.publicAccessCidrs(args.cluster().publicAccessCidrs());
        }
        cluster = new Cluster(name0, ClusterArgs.builder()
                .name(name0)
                .version(args.cluster().kubernetesVersion())
                .roleArn(clusterRole.arn())
                .vpcConfig(vpc.build())
                // Access entries only, no aws-auth ConfigMap. No creator grant: EKS would make whoever created the
                // cluster admin through an access entry that is not in Pulumi state (invisible to review, kept after
                // that person leaves), and declaring an entry for the same role (deployRoleArn) would then fail as
                // a duplicate. Every grant is a ClusterAccess entry instead, which the Kubernetes provider waits for.
                .accessConfig(ClusterAccessConfigArgs.builder()
                        .authenticationMode("API")
                        .bootstrapClusterCreatorAdminPermissions(false)
                        .build())
                .encryptionConfig(ClusterEncryptionConfigArgs.builder()
                        .resources("secrets")
                        .provider(ClusterEncryptionConfigProviderArgs.builder().keyArn(secretsKey.arn()).build())
                        .build())
                .enabledClusterLogTypes(LOG_TYPES)
                // Chosen, not left to EKS's default EXTENDED, under which a cluster drifts into paid extended
                // support ($0.60 instead of $0.10 per cluster-hour) when its version leaves standard support; an
                // in-place update (config.KubernetesSupport)
                .upgradePolicy(ClusterUpgradePolicyArgs.builder()
                        .supportType(args.cluster().kubernetesSupport().supportType()).build())
                // The managed add-ons are the only copies: no unmanaged defaults to drift from.
                .bootstrapSelfManagedAddons(false)
                .tags(s.tags("cluster"))
                .build(), s.options().protect(args.prod())
                .customTimeouts(CLUSTER_TIMEOUTS)
                // EKS reads the flag only in CreateCluster and the provider replaces the cluster when it changes:
                // a cluster created with another value keeps it rather than being replaced.
                .ignoreChanges(CREATOR_ADMIN_PROPERTY)
                .dependsOn(before).build());
    }

    Output<String> securityGroupId() {
        return cluster.vpcConfig().applyValue(v -> v.clusterSecurityGroupId().orElseThrow());
    }

    /** The IAM OIDC provider for IRSA, trusting the cluster's issuer. */
    static OpenIdConnectProvider oidcProvider(ClusterScope s, Output<String> issuerUrl) {
        return new OpenIdConnectProvider(s.n("oidc"), OpenIdConnectProviderArgs.builder()
                .url(issuerUrl)
                .clientIdLists("sts.amazonaws.com")
                .tags(s.tags("oidc"))
                .build(), s.child());
    }

    Output<String> issuerUrl() {
        return cluster.identities().applyValue(ControlPlane::issuerOf);
    }

    static String issuerOf(List<ClusterIdentity> identities) {
        return identities.get(0).oidcs().get(0).issuer().orElseThrow();
    }

    /** The issuer as IAM condition keys spell it: no scheme. */
    static String hostPath(String issuerUrl) {
        return issuerUrl.replaceFirst("^https://", "");
    }
}
