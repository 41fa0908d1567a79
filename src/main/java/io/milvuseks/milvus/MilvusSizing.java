package io.milvuseks.milvus;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.instances.InstanceCatalog;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Pod sizes of every component, from the node pools' instance types and how many nodes each pool runs.
 *
 * <p>Each component owns a fixed share of one node of its pool and runs one replica per node, so the pods fill
 * the nodes the capacity planner asked for and nothing is left to chance in bin-packing:
 * <ul>
 *   <li>query: one query node pod per query node, with all of the node's memory left after reserves and
 *       DaemonSets, exactly the capacity planner's {@code podMemory} (segments and indexes live in memory; the
 *       query pool is tainted so nothing else lands there; the planner fills 70% of it with segments, under
 *       Milvus' 85% write-throttle water level: see capacity.Assumptions);</li>
 *   <li>data: a data node (55%) and a streaming node (35%) per data node;</li>
 *   <li>coord: a proxy (45%) per coord node and the mix coordinator (40%), two replicas in active-standby in prod
 *       when there are at least two coord nodes;</li>
 *   <li>infra: etcd at 1-2 vCPU and its backend quota plus 4 GiB of memory, at least 8 GiB ({@link EtcdBudget}).</li>
 * </ul>
 *
 * @param components size of each Milvus component
 * @param etcd       size of each etcd member (replicas from {@code etcdReplicas})
 */
public record MilvusSizing(Map<Component, PodSize> components, PodSize etcd) {

    public MilvusSizing {
        components = Collections.unmodifiableMap(new EnumMap<>(components));
    }

    public PodSize of(Component c) {
        return components.get(c);
    }

    public static MilvusSizing plan(StackSettings settings, Map<NodeRole, Integer> nodeCounts) {
        var query = allocatable(settings, NodeRole.QUERY);
        var data = allocatable(settings, NodeRole.DATA);
        var coord = allocatable(settings, NodeRole.COORD);
        int queryNodes = count(nodeCounts, NodeRole.QUERY);
        int dataNodes = count(nodeCounts, NodeRole.DATA);
        int coordNodes = count(nodeCounts, NodeRole.COORD);

        var sizes = new EnumMap<Component, PodSize>(Component.class);
        sizes.put(Component.QUERY_NODE, query.wholeMemory(queryNodes, 0.85, 1.0));
        sizes.put(Component.DATA_NODE, data.share(dataNodes, 0.5, 0.9, 0.55));
        // the streaming pod's memory share is the capacity planner's (growing segments are sized against it)
        sizes.put(Component.STREAMING_NODE, data.share(dataNodes, 0.3, 0.9, Assumptions.STREAMING_POD_SHARE));
        sizes.put(Component.PROXY, coord.share(coordNodes, 0.45, 0.9, 0.45));
        sizes.put(Component.MIX_COORDINATOR, coord.share(mixCoordReplicas(settings, coordNodes), 0.35, 0.9, 0.4));
        int etcdMemory = EtcdBudget.of(settings).memoryMiB();
        var etcd = new PodSize(settings.milvus().etcdReplicas(), 1000, etcdMemory, 2000, etcdMemory);
        return new MilvusSizing(sizes, etcd);
    }

    /** Two coordinators in active-standby in prod, so a coord node loss does not stop DDL and load balancing. */
    static int mixCoordReplicas(StackSettings settings, int coordNodes) {
        return settings.prod() && coordNodes >= 2 ? 2 : 1;
    }

    private static NodeAllocatable allocatable(StackSettings settings, NodeRole role) {
        var pool = settings.pool(role);
        if (pool == null) {
            throw new IllegalArgumentException("no node pool for role " + role.wire());
        }
        return NodeAllocatable.of(InstanceCatalog.requireEc2(pool.instanceType()));
    }

    private static int count(Map<NodeRole, Integer> nodeCounts, NodeRole role) {
        Integer n = nodeCounts.get(role);
        if (n == null || n < 1) {
            throw new IllegalArgumentException("node count of pool " + role.wire() + " must be at least 1, got " + n);
        }
        return n;
    }
}
