package io.milvuseks.preflight;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.naming.Naming;
import io.milvuseks.zones.ZoneRestrictions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What preflight checks, taken from a validated stack and the command's options (plain data, no AWS).
 *
 * @param instanceTypes      each EC2 type of the node pools, with the pools that use it
 * @param plannedVcpu        vCPUs of every pool at its max size, in standard (A, C, D, H, I, M, R, T, Z) families
 * @param otherFamilyTypes   pool types outside those families (other quotas; not checked)
 * @param expectedApply      how long one apply may hold the deploy role's session ({@link ApplyTime})
 */
public record PreflightPlan(String region, List<String> zones, boolean zonesById,
                            Set<ZoneRestrictions.Service> services, Map<String, List<NodeRole>> instanceTypes,
                            Optional<String> mskBrokerType, int plannedVcpu, List<String> otherFamilyTypes,
                            Duration expectedApply, String clusterName, Optional<String> deployRoleArn,
                            Optional<String> pullThroughSecret) {

    /** The families counted by quota L-1216C47A, "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances". */
    static final String STANDARD_FAMILIES = "acdhimrtz";

    public static PreflightPlan of(StackSettings s, Optional<String> deployRoleArn, Optional<String> pullThroughSecret) {
        var types = new LinkedHashMap<String, List<NodeRole>>();
        int vcpu = 0;
        var other = new ArrayList<String>();
        for (var role : NodeRole.values()) {
            var pool = s.pool(role);
            if (pool == null) {
                continue;
            }
            types.computeIfAbsent(pool.instanceType(), t -> new ArrayList<>()).add(role);
            var type = InstanceCatalog.requireEc2(pool.instanceType());
            if (STANDARD_FAMILIES.indexOf(type.name().charAt(0)) >= 0) {
                vcpu += type.vcpu() * pool.max();
            } else if (!other.contains(type.name())) {
                other.add(type.name());
            }
        }
        boolean msk = s.messageQueue() == MessageQueue.MSK;
        return new PreflightPlan(s.region(), s.network().availabilityZones(), s.network().zonesById(),
                ZoneRestrictions.servicesFor(msk), types,
                msk ? Optional.of(s.msk().brokerInstanceType()) : Optional.empty(), vcpu, other,
                ApplyTime.expected(s), new Naming(s.project(), s.stack()).clusterName(), deployRoleArn,
                pullThroughSecret);
    }
}
