package io.milvuseks.autoscaling;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.resources.Resource;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;
import io.milvuseks.registry.Mirror;

import java.util.List;

/**
 * @param clusterName       the EKS cluster (auto-discovery's tag names it)
 * @param dataNodeGroupNames the data groups' generated names (discovery): one, or one per zone group
 * @param roleArn           the IRSA role ({@link AutoscalerAccess})
 * @param mirror            where the image is pulled from
 * @param dependsOn         the infra nodes to run on, and what a first pull needs (the cache rule)
 */
public record ClusterAutoscalerArgs(StackSettings settings, Naming naming, Provider provider,
                                    Output<String> clusterName, Output<List<String>> dataNodeGroupNames,
                                    Output<String> roleArn, Output<Mirror> mirror,
                                    List<Resource> dependsOn) {
}
