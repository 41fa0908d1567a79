package io.milvuseks.monitoring;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.resources.Resource;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;
import io.milvuseks.registry.Mirror;

import java.util.List;

/**
 * @param routing          the topic and Alertmanager role (AWS side)
 * @param mirror           where every monitoring image (Docker Hub, quay.io, registry.k8s.io) is pulled from
 * @param queryMemoryShare the share of the query pod's memory the capacity planner lets Milvus reach (the alert line)
 * @param nodes            the cluster's planned nodes (sizes Prometheus)
 * @param milvusPods       Milvus' planned pods (sizes Prometheus)
 * @param dependsOn        nodes to schedule on and the default StorageClass for the volumes
 */
public record MonitoringArgs(StackSettings settings, Naming naming, Provider provider, AlertRouting routing,
                             Output<Mirror> mirror, double queryMemoryShare, int nodes, int milvusPods,
                             List<Resource> dependsOn) {
}
