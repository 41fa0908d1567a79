package io.milvuseks.monitoring;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.resources.Resource;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.List;
import java.util.Optional;

/**
 * @param queryMemoryShare the share of the query pod's memory the capacity planner sizes segments to (the alert line)
 * @param nodes            the cluster's planned nodes (sizes Prometheus)
 * @param milvusPods       Milvus' planned pods (sizes Prometheus)
 * @param mskClusterName   with messageQueue=msk: the cluster whose broker disks get CloudWatch alarms
 * @param dependsOn        nodes to schedule on and the default StorageClass for the volumes
 */
public record MonitoringArgs(StackSettings settings, Naming naming, Provider provider, Output<String> oidcProviderArn,
                             Output<String> oidcIssuer, double queryMemoryShare, int nodes, int milvusPods,
                             Optional<Output<String>> mskClusterName, int mskBrokers, List<Resource> dependsOn) {
}
