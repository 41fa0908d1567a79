package io.milvuseks.autoscaling;

import io.milvuseks.helm.ChartRelease;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.config.NodeRole;

import java.util.ArrayList;
import java.util.Map;

/**
 * Build capacity for the data pool: Cluster Autoscaler on the existing managed data node group, from its Helm chart,
 * on the infra nodes, with the IRSA role of {@link AutoscalerAccess} (may scale that group only). The data nodes' HPA (Milvus chart
 * {@code dataNode.hpa}) adds data pods for a bulk load's index builds; the autoscaler adds the nodes they wait for,
 * up to {@code nodePools.data.max}, and removes them once the HPA has let the pods go.
 *
 * <p>Chosen over Karpenter: Karpenter launches its own instances from an EC2NodeClass, outside the managed node
 * groups, so its nodes would miss the launch templates whose NodeConfig sets the maxPods and kube-reserved the
 * planner's memory model assumes (cluster.NodeUserData), and it needs its own CRDs (NodePool, EC2NodeClass), an
 * SQS interruption queue with EventBridge rules, and a controller role able to run and terminate instances. The
 * autoscaler only moves desiredSize between the group's min and max, so every node is one the planner modelled.
 */
public final class ClusterAutoscaler extends ComponentResource {

    public static final String TYPE = "milvus-eks:autoscaling:ClusterAutoscaler";
    /** A Deployment of one pod: minutes at most. */
    static final int TIMEOUT_SECONDS = 600;

    private final Release release;

    public ClusterAutoscaler(String name, ClusterAutoscalerArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var s = args.settings();
        var naming = args.naming();
        var versions = AutoscalerVersions.of(s.cluster().kubernetesVersion());

        var infra = Map.of(EksCluster.ROLE_LABEL, NodeRole.INFRA.wire());
        var values = Output.tuple(args.clusterName(), args.dataNodeGroupNames(), args.roleArn(), args.mirror())
                .applyValue(t -> new AutoscalerValues(t.t1, s.region(), t.t2, t.t3, t.t4.route(versions.image()),
                        infra).toMap());
        var deps = new ArrayList<Resource>(args.dependsOn());
        this.release = new Release(naming.name("cluster-autoscaler"), ChartRelease.pinned(AutoscalerValues.SERVICE_ACCOUNT,
                        AutoscalerVersions.CHART_REPO, AutoscalerVersions.CHART, versions.chartVersion(),
                        Output.of(AutoscalerValues.NAMESPACE), TIMEOUT_SECONDS)
                .values(values)
                .build(), CustomResourceOptions.builder().parent(this).provider(args.provider()).dependsOn(deps)
                .build());

        registerOutputs(Map.of("chartVersion", Output.of(versions.chartVersion())));
    }

    public Release release() {
        return release;
    }
}
