package io.milvuseks.config;

import java.util.List;
import java.util.Optional;

public record NetworkSettings(String vpcCidr, List<String> availabilityZones, Optional<ExistingVpc> existingVpc) {
    public NetworkSettings {
        availabilityZones = List.copyOf(availabilityZones);
    }
}
