package io.milvuseks.cluster;

import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.storage.v1.StorageClass;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.config.NodeRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The EKS cluster: API-mode access entries, secrets encrypted with its own KMS key, control-plane logs, an IAM OIDC
 * provider for IRSA, managed add-ons, one managed node group per Milvus role (the query role: one per replica, each
 * in its own zone, with 2+ replicas; zones.QueryZones), and a Kubernetes provider with a
 * default encrypted gp3 StorageClass. Each group of resources is declared by its own class in this package, all
 * with this component as parent.
 */
public final class EksCluster extends ComponentResource {

    public static final String TYPE = "milvus-eks:cluster:EksCluster";
    public static final String ROLE_LABEL = "milvus.io/role";
    public static final String DEFAULT_STORAGE_CLASS = "gp3";

    private final Output<String> clusterName;
    private final Output<String> endpoint;
    private final Output<String> oidcProviderArn;
    private final Output<String> oidcIssuer;
    private final Output<String> clusterSecurityGroupId;
    private final Output<String> kubeconfig;
    private final Output<String> secretsKeyArn;
    private final Output<String> nodeRoleArn;
    private final Output<Map<String, String>> nodeGroupNames;
    private final Provider kubernetesProvider;
    private final List<NodeGroup> nodeGroups;
    private final Map<NodeRole, List<NodeGroup>> nodeGroupsByRole;
    private final StorageClass defaultStorageClass;
    private final ControlPlaneLogs controlPlaneLogs;

    public EksCluster(String name, EksClusterArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var scope = new ClusterScope(this, args);

        var controlPlane = new ControlPlane(scope);
        var cluster = controlPlane.cluster;
        secretsKeyArn = controlPlane.secretsKey.arn();
        clusterName = cluster.name();
        endpoint = cluster.endpoint();
        clusterSecurityGroupId = controlPlane.securityGroupId();

        var endpointAccess = new EndpointAccess(scope, clusterSecurityGroupId);
        var access = new ClusterAccess(scope, cluster);
        controlPlaneLogs = controlPlane.logs;

        var issuerUrl = controlPlane.issuerUrl();
        oidcIssuer = issuerUrl.applyValue(ControlPlane::hostPath);
        var oidc = ControlPlane.oidcProvider(scope, issuerUrl);
        oidcProviderArn = oidc.arn();

        var addons = new Addons(scope, cluster);
        var nodes = new NodeGroups(scope, cluster, addons.beforeNodes());
        nodeRoleArn = nodes.nodeRole.arn();
        nodeGroups = nodes.groups;
        nodeGroupNames = nodes.names;
        nodeGroupsByRole = nodes.byRole;
        var ebsCsi = addons.afterNodes(nodeGroups, oidc, oidcIssuer);

        kubeconfig = KubernetesBase.kubeconfig(cluster, args.region());
        if (args.cluster().kubernetesLayer()) {
            // The provider, and so every Kubernetes resource, waits for nodes to schedule on, for the access entries
            // AND their policy associations (an entry alone grants nothing), and for the 443 rules that let the
            // runner reach the private endpoint.
            var providerAfter = new ArrayList<Resource>(nodeGroups);
            providerAfter.addAll(access.resources);
            providerAfter.addAll(endpointAccess.rules);
            var kubernetes = new KubernetesBase(scope, kubeconfig, providerAfter, ebsCsi);
            kubernetesProvider = kubernetes.provider;
            defaultStorageClass = kubernetes.defaultStorageClass;
        } else {
            kubernetesProvider = null;
            defaultStorageClass = null;
        }

        registerOutputs(Map.of(
                "clusterName", clusterName,
                "endpoint", endpoint,
                "oidcProviderArn", oidcProviderArn,
                "oidcIssuer", oidcIssuer,
                "clusterSecurityGroupId", clusterSecurityGroupId,
                "kubeconfig", kubeconfig,
                "nodeGroupNames", nodeGroupNames));
    }

    public Output<String> clusterName() {
        return clusterName;
    }

    public Output<String> endpoint() {
        return endpoint;
    }

    /** ARN of the IAM OIDC provider: the {@code Federated} principal of IRSA trust policies. */
    public Output<String> oidcProviderArn() {
        return oidcProviderArn;
    }

    /** The issuer without scheme ({@code oidc.eks.<region>.amazonaws.com/id/X}): prefix of IRSA condition keys. */
    public Output<String> oidcIssuer() {
        return oidcIssuer;
    }

    /** The security group EKS puts on the control plane and, with no other group in the launch template, every node. */
    public Output<String> clusterSecurityGroupId() {
        return clusterSecurityGroupId;
    }

    /** Secret. */
    public Output<String> kubeconfig() {
        return kubeconfig;
    }

    public Output<String> secretsKeyArn() {
        return secretsKeyArn;
    }

    public Output<String> nodeRoleArn() {
        return nodeRoleArn;
    }

    /**
     * Node group name by role wire name ({@code query}, {@code data}, ...); with zone-pinned query groups the query
     * entries are {@code query-<zone>} instead of {@code query}.
     */
    public Output<Map<String, String>> nodeGroupNames() {
        return nodeGroupNames;
    }

    /** Whether the Kubernetes layer is declared ({@code kubernetesLayer}); without it there is no provider. */
    public boolean kubernetesLayer() {
        return kubernetesProvider != null;
    }

    /** Every Kubernetes resource of the stack uses this provider. Only with {@link #kubernetesLayer()}. */
    public Provider kubernetesProvider() {
        if (kubernetesProvider == null) {
            throw new IllegalStateException("kubernetesLayer is false: the stack declares no Kubernetes provider");
        }
        return kubernetesProvider;
    }

    /** Name, owner, retention of the control-plane log group, and what to run around destroy. */
    public ControlPlaneLogs controlPlaneLogs() {
        return controlPlaneLogs;
    }

    /** For {@code dependsOn}: workloads need nodes to schedule on. */
    public List<NodeGroup> nodeGroups() {
        return nodeGroups;
    }

    /** The groups of each role: one, or for the query role with 2+ replicas one per zone group. */
    public Map<NodeRole, List<NodeGroup>> nodeGroupsByRole() {
        return nodeGroupsByRole;
    }

    /** Only with {@link #kubernetesLayer()}. */
    public StorageClass defaultStorageClass() {
        if (defaultStorageClass == null) {
            throw new IllegalStateException("kubernetesLayer is false: the stack declares no StorageClass");
        }
        return defaultStorageClass;
    }
}
