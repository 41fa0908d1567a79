package io.milvuseks.preflight;

import io.milvuseks.cluster.AddonVersions;
import io.milvuseks.cluster.NodeRoll;
import io.milvuseks.config.ImageSource;
import io.milvuseks.config.KubernetesSupport;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.registry.ChartImages;
import io.milvuseks.registry.ImageRegistry;
import io.milvuseks.registry.K8sImage;
import io.milvuseks.registry.Mirror;
import io.milvuseks.registry.QuayImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one apply of the stack adds to the account, counted against its quotas (plain data from the settings).
 *
 * @param vpcs             VPCs the stack creates (0 with existingVpc)
 * @param internetGateways internet gateways it creates (0 with existingVpc)
 * @param natZones         the configured zones that get a NAT gateway (each one Elastic IP): every zone in prod, the
 *                         first in staging (network.Network), none with existingVpc
 * @param groups           every managed node group at its max, with what a roll adds ({@link NodeRoll})
 * @param addonVersions    the managed add-on versions pinned for {@code kubernetesVersion} (AddonVersions)
 * @param cacheRules       the ECR pull-through cache rules the stack creates, in order; empty with a private registry
 * @param kubernetesSupport the cluster's upgrade policy (kubernetesSupport)
 */
public record Footprint(int vpcs, int internetGateways, List<String> natZones, List<Group> groups,
                        String kubernetesVersion, Map<String, String> addonVersions, List<CacheRule> cacheRules,
                        KubernetesSupport kubernetesSupport) {

    /**
     * One node group: {@code zones} is how many zones its subnets span (a query zone group: one), {@code surge} the
     * nodes a roll adds above {@code max}.
     */
    public record Group(String name, String instanceType, int vcpu, boolean standardFamily, int max, int zones,
                        int diskGiB) {
        public int surge() {
            return NodeRoll.surge(zones);
        }
    }

    /** A pull-through cache rule: its repository prefix and upstream registry URL. */
    public record CacheRule(String prefix, String upstream) {
    }

    public Footprint {
        natZones = List.copyOf(natZones);
        groups = List.copyOf(groups);
        addonVersions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(addonVersions));
        cacheRules = List.copyOf(cacheRules);
    }

    public int elasticIps() {
        return natZones.size();
    }

    /** GiB of gp3 root volumes with every group at max (the launch templates' gp3 volumes, diskGiB each). */
    public long gp3AtMaxGiB() {
        return groups.stream().mapToLong(g -> (long) g.max() * g.diskGiB()).sum();
    }

    /** ... and while every group rolls at once (a kubernetesVersion bump rolls them all in one up). */
    public long gp3DuringRollGiB() {
        return groups.stream().mapToLong(g -> (long) (g.max() + g.surge()) * g.diskGiB()).sum();
    }

    /** Standard-family vCPUs (quota L-1216C47A) the roll surge adds on top of every group's max. */
    public int surgeStandardVcpu() {
        return groups.stream().filter(Group::standardFamily).mapToInt(g -> g.surge() * g.vcpu()).sum();
    }

    public static Footprint of(StackSettings s) {
        var zones = s.network().availabilityZones();
        boolean ownVpc = s.network().existingVpc().isEmpty();
        var natZones = !ownVpc || zones.isEmpty() ? List.<String>of() : s.prod() ? zones : List.of(zones.get(0));
        var groups = new ArrayList<Group>();
        int replicas = s.collection().replicas();
        for (var role : NodeRole.values()) {
            var pool = s.pool(role);
            if (pool == null) {
                continue;
            }
            var type = InstanceCatalog.requireEc2(pool.instanceType());
            boolean standard = PreflightPlan.STANDARD_FAMILIES.indexOf(type.name().charAt(0)) >= 0;
            if ((role == NodeRole.QUERY || role == NodeRole.DATA) && replicas >= 2) {
                // the query and data pools are one group per replica, each pinned to one zone's subnet, with
                // ceil(max / R) (cluster.NodeGroups zoneGroups: zones.QueryZones and its data groups alongside)
                int share = (pool.max() + replicas - 1) / replicas;
                for (int r = 0; r < replicas; r++) {
                    groups.add(new Group(role.wire() + "-" + zones.get(r), type.name(), type.vcpu(), standard, share,
                            1, pool.diskGiB()));
                }
            } else {
                groups.add(new Group(role.wire(), type.name(), type.vcpu(), standard, pool.max(), zones.size(),
                        pool.diskGiB()));
            }
        }
        var rules = new ArrayList<CacheRule>();
        var registry = s.imageRegistry();
        if (registry.source() == ImageSource.ECR_PULL_THROUGH_CACHE) {
            var prefix = registry.ecrRepositoryPrefix();
            rules.add(new CacheRule(prefix, ImageRegistry.DOCKER_HUB_UPSTREAM));
            if (!ChartImages.k8sUpstream(s).isEmpty()) {
                rules.add(new CacheRule(prefix + Mirror.K8S_PREFIX_SUFFIX, K8sImage.UPSTREAM));
            }
            if (!ChartImages.quayUpstream(s).isEmpty()) {
                rules.add(new CacheRule(prefix + Mirror.QUAY_PREFIX_SUFFIX, QuayImage.UPSTREAM));
            }
        }
        var version = s.cluster().kubernetesVersion();
        return new Footprint(ownVpc ? 1 : 0, ownVpc ? 1 : 0, natZones, groups, version,
                AddonVersions.forKubernetes(version).orElse(Map.of()), rules, s.cluster().kubernetesSupport());
    }
}
