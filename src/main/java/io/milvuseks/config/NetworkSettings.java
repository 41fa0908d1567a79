package io.milvuseks.config;

import io.milvuseks.zones.ZoneIds;

import java.util.List;
import java.util.Optional;

public record NetworkSettings(String vpcCidr, List<String> availabilityZones, Optional<ExistingVpc> existingVpc) {
    public NetworkSettings {
        availabilityZones = List.copyOf(availabilityZones);
    }

    /** True when the zones are given as ids ({@code use1-az1}): subnets are then placed by id, not by name. */
    public boolean zonesById() {
        return !availabilityZones.isEmpty() && availabilityZones.stream().allMatch(ZoneIds::isId);
    }
}
