package io.milvuseks.network;

import io.milvuseks.config.NetworkSettings;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

/**
 * @param clusterName the EKS cluster the subnets are tagged for ({@code kubernetes.io/cluster/<name>: shared})
 * @param prod        prod gets a NAT gateway per zone, interface endpoints and flow logs
 */
public record NetworkArgs(Naming naming, String region, NetworkSettings network, String clusterName, boolean prod) {

    public static NetworkArgs from(StackSettings settings, Naming naming) {
        return new NetworkArgs(naming, settings.region(), settings.network(), naming.clusterName(), settings.prod());
    }
}
