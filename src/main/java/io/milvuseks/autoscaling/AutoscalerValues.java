package io.milvuseks.autoscaling;

import io.milvuseks.registry.Mirror;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed values of chart cluster-autoscaler (kubernetes/autoscaler), turned into the values map in one place,
 * {@link #toMap()}; every emitted key path is checked against each pinned chart's values.yaml
 * (AutoscalerValuesKeysTest), because Helm ignores a misspelt key.
 *
 * @param clusterName   the EKS cluster
 * @param dataNodeGroups the data groups' generated names (one, or one per zone group with 2+ replicas):
 *                       discovery is narrowed to their ASGs
 * @param roleArn       the IRSA role ({@link AutoscalerPolicies})
 * @param image         the autoscaler's image, through the stack's registry
 * @param infraSelector the infra pool's node selector
 */
public record AutoscalerValues(String clusterName, String region, List<String> dataNodeGroups, String roleArn,
                               Mirror.Routed image, Map<String, String> infraSelector) {

    public AutoscalerValues {
        dataNodeGroups = List.copyOf(dataNodeGroups);
        if (dataNodeGroups.isEmpty()) {
            throw new IllegalArgumentException("at least one data node group");
        }
    }

    /** One data group (one replica, or the tests' single group). */
    public AutoscalerValues(String clusterName, String region, String dataNodeGroup, String roleArn,
                            Mirror.Routed image, Map<String, String> infraSelector) {
        this(clusterName, region, List.of(dataNodeGroup), roleArn, image, infraSelector);
    }

    public static final String SERVICE_ACCOUNT = "cluster-autoscaler";
    public static final String NAMESPACE = "kube-system";
    /** A tag EKS puts on every managed node group's ASG, with the group's name as value. */
    public static final String NODEGROUP_TAG = "eks:nodegroup-name";
    /** AWS's sizing for the autoscaler pod (EKS best practices, cluster-autoscaler: ~600 Mi up to ~1,000 nodes). */
    static final String MEMORY = "600Mi";

    /**
     * Scale-down that never takes a busy data node. A data pod asks 55% of its node's memory and a streaming pod
     * 35% (MilvusSizing): below 30% a node holds neither, only DaemonSets, so a node running an index build or a
     * streaming node is never a scale-down candidate; the HPA first removes the build's data pods (the newest
     * first), then their emptied nodes go. 20 minutes unneeded, and 20 minutes after a scale-up, keep nodes
     * through the pause between a bulk load's waves (the defaults, 10 minutes, would churn 16 m6in.4xlarge
     * nodes per wave).
     */
    static final double SCALE_DOWN_UTILIZATION = 0.3;
    static final String SCALE_DOWN_UNNEEDED = "20m";
    static final String SCALE_DOWN_DELAY_AFTER_ADD = "20m";

    /**
     * Auto-discovery by the tags EKS puts on a managed node group's ASG ("Nodes launched as part of a managed node
     * group are automatically tagged for auto-discovery by the Kubernetes Cluster Autoscaler": EKS user guide,
     * managed-node-groups), narrowed by {@code eks:nodegroup-name} to the data group: the other groups are sized by
     * the planner and must not move (cluster.NodeGroups#autoscaled). Tags with a value must match it
     * (cloudprovider/aws README, "Auto-Discovery Setup").
     */
    public List<String> discoveryTags() {
        return discoveryTags(dataNodeGroups.get(0));
    }

    private List<String> discoveryTags(String group) {
        return List.of("k8s.io/cluster-autoscaler/enabled", AutoscalerPolicies.clusterTag(clusterName),
                NODEGROUP_TAG + "=" + group);
    }

    /**
     * The discovery flag of each data group after the first (zone groups): the chart renders
     * {@code autoDiscovery.tags} as one {@code --node-group-auto-discovery} and every {@code extraArgs} key up to its
     * first underscore as a flag (templates/deployment.yaml, 9.51.0), and the autoscaler takes that flag several
     * times, each spec adding the groups it matches (its tags are ANDed, the flags ORed: cloudprovider/aws README,
     * "Auto-Discovery Setup").
     */
    Map<String, Object> moreDiscovery() {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 1; i < dataNodeGroups.size(); i++) {
            m.put("node-group-auto-discovery_" + i, "asg:tag=" + String.join(",", discoveryTags(dataNodeGroups.get(i))));
        }
        return m;
    }

    public Map<String, Object> extraArgs() {
        var a = new LinkedHashMap<String, Object>();
        // the chart's own three, kept (Helm merges maps, but the list here is what runs)
        a.put("logtostderr", true);
        a.put("stderrthreshold", "info");
        a.put("v", 4);
        // one data group, or one per zone with 2+ replicas (cluster.NodeGroups): keep the zone groups even
        a.put("balance-similar-node-groups", true);
        // among equal groups, the one that leaves the least CPU and memory idle after the scale-up
        a.put("expander", "least-waste");
        a.put("scale-down-utilization-threshold", SCALE_DOWN_UTILIZATION);
        a.put("scale-down-unneeded-time", SCALE_DOWN_UNNEEDED);
        a.put("scale-down-delay-after-add", SCALE_DOWN_DELAY_AFTER_ADD);
        // the autoscaler's defaults, stated on purpose: a node whose pod has an emptyDir (a data pod's 'tools') or a
        // kube-system pod is never drained, a second guard beside the threshold
        a.put("skip-nodes-with-local-storage", true);
        a.put("skip-nodes-with-system-pods", true);
        a.putAll(moreDiscovery());
        return a;
    }

    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("fullnameOverride", SERVICE_ACCOUNT);
        m.put("cloudProvider", "aws");
        m.put("awsRegion", region);
        m.put("autoDiscovery", Map.of("clusterName", clusterName, "tags", discoveryTags()));
        m.put("rbac", Map.of("create", true, "serviceAccount", Map.of("create", true, "name", SERVICE_ACCOUNT,
                "annotations", Map.of("eks.amazonaws.com/role-arn", roleArn))));
        var img = new LinkedHashMap<String, Object>();
        img.put("repository", image.hostRepository());
        img.put("tag", image.tag());
        img.put("pullPolicy", "IfNotPresent");
        m.put("image", img);
        m.put("nodeSelector", infraSelector);
        m.put("resources", Map.of("requests", Map.of("cpu", "100m", "memory", MEMORY),
                "limits", Map.of("memory", MEMORY)));
        m.put("extraArgs", extraArgs());
        return m;
    }
}
