package io.milvuseks.autoscaling;

import io.milvuseks.helm.ChartRelease;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.config.NodeRole;
import io.milvuseks.naming.Naming;
import io.milvuseks.registry.Mirror;

import java.util.List;
import java.util.Map;

/**
 * metrics-server from its Helm chart, on the infra nodes: EKS clusters do not run it, and an HPA on CPU (the data
 * nodes', {@code dataNode.hpa}) reads the Metrics API it serves; without it the HPA reports FailedGetResourceMetric
 * and never scales.
 */
public final class MetricsServer extends ComponentResource {

    public static final String TYPE = "milvus-eks:autoscaling:MetricsServer";
    static final int TIMEOUT_SECONDS = 600;

    private final Release release;

    public MetricsServer(String name, Naming naming, String kubernetesVersion, int maxNodes, Provider provider,
                         Output<Mirror> mirror, List<Resource> dependsOn, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var versions = AutoscalerVersions.of(kubernetesVersion);
        var infra = Map.of(EksCluster.ROLE_LABEL, NodeRole.INFRA.wire());
        this.release = new Release(naming.name("metrics-server"), ChartRelease.pinned(MetricsServerValues.FULLNAME,
                        AutoscalerVersions.METRICS_SERVER_REPO, AutoscalerVersions.METRICS_SERVER_CHART,
                        versions.metricsServerChart(), Output.of(MetricsServerValues.NAMESPACE), TIMEOUT_SECONDS)
                .values(mirror.applyValue(m -> new MetricsServerValues(m.route(versions.metricsServerImage()), infra,
                        maxNodes).toMap()))
                .build(), CustomResourceOptions.builder().parent(this).provider(provider).dependsOn(dependsOn)
                .build());
        registerOutputs(Map.of("chartVersion", Output.of(versions.metricsServerChart())));
    }

    public Release release() {
        return release;
    }
}
