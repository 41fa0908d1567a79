package io.milvuseks.preflight;

import io.milvuseks.cluster.ApiAccessPath;
import io.milvuseks.config.ImageSource;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.naming.Naming;
import io.milvuseks.registry.ImageRegistry;
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
 * @param deployRoleArn      {@code --deploy-role-arn}, else the stack's {@code deployRoleArn}
 * @param privateRegistry    with {@code imageRegistry.source: private}: the registry (no cache, no credential secret)
 * @param stackSecretPrefix  the name prefix of the Docker Hub credential secret the stack creates for its cache
 * @param pullThroughSecret  {@code --pull-through-secret}: a user-managed credential secret to check by name
 * @param ciSession          the session deploy.yml's job requests when it ups this stack ({@link WorkflowSession})
 * @param apiPath            how this apply reaches the Kubernetes API (the stack output kubernetesApiAccess)
 * @param createsVpc         the stack creates its VPC (no existingVpc): nothing can be inside it before the first up
 * @param insideVpc          {@code --inside-vpc}: the caller runs where privateEndpointSources admits it
 * @param privateEndpointSources who reaches the private endpoint
 * @param footprint          what the stack adds to the account's quotas
 */
public record PreflightPlan(String region, List<String> zones, boolean zonesById,
                            Set<ZoneRestrictions.Service> services, Map<String, List<NodeRole>> instanceTypes,
                            Optional<String> mskBrokerType, int plannedVcpu, List<String> otherFamilyTypes,
                            Duration expectedApply, String clusterName, Optional<String> deployRoleArn,
                            Optional<String> privateRegistry, String stackSecretPrefix,
                            Optional<String> pullThroughSecret, Optional<WorkflowSession.Requested> ciSession,
                            ApiAccessPath apiPath, boolean createsVpc, boolean insideVpc,
                            List<String> privateEndpointSources, Footprint footprint) {

    /** The families counted by quota L-1216C47A, "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances". */
    static final String STANDARD_FAMILIES = "acdhimrtz";

    public static PreflightPlan of(StackSettings s, Optional<String> deployRoleArn, Optional<String> pullThroughSecret) {
        return of(s, deployRoleArn, pullThroughSecret, Optional.empty(), false);
    }

    /**
     * @param ciSession what deploy.yml requests for this stack ({@link WorkflowSession#forStack})
     * @param insideVpc {@code --inside-vpc}
     */
    public static PreflightPlan of(StackSettings s, Optional<String> deployRoleArn, Optional<String> pullThroughSecret,
                                   Optional<WorkflowSession.Requested> ciSession, boolean insideVpc) {
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
        var naming = new Naming(s.project(), s.stack());
        var registry = s.imageRegistry().source() == ImageSource.PRIVATE
                ? s.imageRegistry().privateRegistry() : Optional.<String>empty();
        return new PreflightPlan(s.region(), s.network().availabilityZones(), s.network().zonesById(),
                ZoneRestrictions.servicesFor(msk), types,
                msk ? Optional.of(s.msk().brokerInstanceType()) : Optional.empty(), vcpu, other,
                ApplyTime.expected(s), naming.clusterName(), deployRoleArn.or(() -> s.cluster().deployRoleArn()),
                registry, ImageRegistry.credentialSecretPrefix(naming), pullThroughSecret, ciSession,
                ApiAccessPath.of(s.cluster()), s.network().existingVpc().isEmpty(), insideVpc,
                s.cluster().privateEndpointSources(), Footprint.of(s));
    }
}
