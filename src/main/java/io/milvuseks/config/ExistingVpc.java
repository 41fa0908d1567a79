package io.milvuseks.config;

import java.util.List;

/** Use an existing VPC and its subnets instead of creating one. Subnets are listed in AZ order. */
public record ExistingVpc(String vpcId, List<String> privateSubnetIds, List<String> publicSubnetIds) {
    public ExistingVpc {
        privateSubnetIds = List.copyOf(privateSubnetIds);
        publicSubnetIds = List.copyOf(publicSubnetIds);
    }
}
