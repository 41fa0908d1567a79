package io.milvuseks.autoscaling;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.milvuseks.cluster.IamPolicies;
import io.milvuseks.naming.Naming;

import java.util.List;
import java.util.Map;

/**
 * The autoscaler's IRSA role, AWS only: declared with the AWS layer (like the alert topic), so the AWS-only first
 * apply of a private prod already holds every AWS resource and the second apply adds only Kubernetes objects.
 */
public final class AutoscalerAccess extends ComponentResource {

    public static final String TYPE = "milvus-eks:autoscaling:AutoscalerAccess";

    private final Output<String> roleArn;

    /**
     * @param clusterName       the EKS cluster (its ASG tag names it)
     * @param dataNodeGroupNames the data groups' generated names (the IAM condition): one, or one per zone group
     * @param dataNodeGroupArns  their ARNs (eks:DescribeNodegroup)
     */
    public AutoscalerAccess(String name, Naming naming, Output<String> oidcProviderArn, Output<String> oidcIssuer,
                            Output<String> clusterName, Output<List<String>> dataNodeGroupNames,
                            Output<List<String>> dataNodeGroupArns, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var child = CustomResourceOptions.builder().parent(this).build();
        var role = new Role(naming.name("cluster-autoscaler"), RoleArgs.builder()
                .description("IRSA role of Cluster Autoscaler: scale the data node group only")
                .assumeRolePolicy(Output.tuple(oidcProviderArn, oidcIssuer).applyValue(t ->
                        IamPolicies.irsaTrust(t.t1, t.t2, AutoscalerValues.NAMESPACE, AutoscalerValues.SERVICE_ACCOUNT)))
                .tags(naming.tags(naming.name("cluster-autoscaler")))
                .build(), child);
        var policy = new RolePolicy(naming.name("cluster-autoscaler"), RolePolicyArgs.builder()
                .role(role.id())
                .policy(Output.tuple(clusterName, dataNodeGroupNames, dataNodeGroupArns)
                        .applyValue(t -> AutoscalerPolicies.policy(t.t1, t.t2, t.t3)))
                .build(), child);
        // the role's permission is in place before the pod can use the role
        this.roleArn = Output.tuple(role.arn(), policy.id()).applyValue(t -> t.t1);
        registerOutputs(Map.of("roleArn", roleArn));
    }

    public Output<String> roleArn() {
        return roleArn;
    }
}
