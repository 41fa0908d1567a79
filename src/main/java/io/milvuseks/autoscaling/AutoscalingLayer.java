package io.milvuseks.autoscaling;

import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.milvus.DataNodeHpa;
import io.milvuseks.naming.Naming;
import io.milvuseks.registry.ImageRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** How App wires the autoscaler: a few lines there, the arguments here. */
public final class AutoscalingLayer {

    private AutoscalingLayer() {
    }

    /** With autoscaling.enabled: the IRSA role, with the AWS layer (also on an AWS-only first apply). */
    public static Optional<AutoscalerAccess> access(StackSettings s, Naming naming, EksCluster cluster) {
        if (!s.autoscaling().enabled()) {
            return Optional.empty();
        }
        var data = cluster.nodeGroupsByRole().get(NodeRole.DATA); // one group, or one per zone with 2+ replicas
        return Optional.of(new AutoscalerAccess(naming.name("autoscaler-access"), naming, cluster.oidcProviderArn(),
                cluster.oidcIssuer(), cluster.clusterName(), all(data, NodeGroup::nodeGroupName),
                all(data, NodeGroup::arn), ComponentResourceOptions.Empty));
    }

    /** The autoscaler itself (Kubernetes layer), once the nodes and the image cache exist. */
    public static Optional<ClusterAutoscaler> declare(StackSettings s, Naming naming, EksCluster cluster,
                                                      ImageRegistry registry, Optional<AutoscalerAccess> access) {
        if (access.isEmpty()) {
            return Optional.empty();
        }
        var data = cluster.nodeGroupsByRole().get(NodeRole.DATA); // one group, or one per zone with 2+ replicas
        List<Resource> deps = new ArrayList<>(cluster.nodeGroups());
        deps.addAll(registry.pullPrerequisites());
        // the HPA reads CPU from the Metrics API, which EKS does not serve without metrics-server
        int maxNodes = s.nodePools().values().stream().mapToInt(p -> p.max()).sum();
        new MetricsServer(naming.name("metrics-server"), naming, s.cluster().kubernetesVersion(), maxNodes,
                cluster.kubernetesProvider(), registry.mirror(), deps, ComponentResourceOptions.Empty);
        return Optional.of(new ClusterAutoscaler(naming.name("cluster-autoscaler"), new ClusterAutoscalerArgs(s,
                naming, cluster.kubernetesProvider(), cluster.clusterName(), all(data, NodeGroup::nodeGroupName),
                access.get().roleArn(), registry.mirror(), deps), ComponentResourceOptions.Empty));
    }

    /** One output of each group, in group order. */
    private static Output<List<String>> all(List<NodeGroup> groups, Function<NodeGroup, Output<String>> field) {
        return Output.all(groups.stream().map(field).toList());
    }

    /** Stack output {@code autoscaling}: the data pool's standing and maximum nodes, and what moves between them. */
    public static Map<String, Object> output(StackSettings s, Map<NodeRole, Integer> nodeCounts) {
        var out = new LinkedHashMap<String, Object>();
        out.put("enabled", s.autoscaling().enabled());
        int standing = nodeCounts.get(NodeRole.DATA);
        out.put("dataNodesStanding", standing);
        out.put("dataNodesMax", s.autoscaling().enabled() ? s.pool(NodeRole.DATA).max() : standing);
        if (s.autoscaling().enabled()) {
            var release = AutoscalerVersions.of(s.cluster().kubernetesVersion());
            out.put("clusterAutoscalerChart", release.chartVersion());
            out.put("clusterAutoscalerImage", release.image().reference());
            out.put("metricsServerChart", release.metricsServerChart());
            out.put("dataNodeHpaCpuUtilization", DataNodeHpa.CPU_UTILIZATION);
            out.put("scaleDownUtilizationThreshold", AutoscalerValues.SCALE_DOWN_UTILIZATION);
            out.put("scaleDownUnneededTime", AutoscalerValues.SCALE_DOWN_UNNEEDED);
        }
        return out;
    }
}
