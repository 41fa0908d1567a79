package io.milvuseks.zones;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where Milvus 2.6 puts a loaded collection's delegators and WAL, given where the stack runs the query and streaming
 * nodes, and what a zone's loss then takes. A model of three rules of Milvus, each named by its source, for the
 * properties in ZoneLossTest; not Milvus itself (that needs a cluster, which the zone-loss drill in docs/zones.md
 * measures):
 * <ul>
 *   <li>delegators: a replica's shard leaders run on its "streaming query nodes", handed out per resource-group pool:
 *       each replica from the streaming nodes of its own group when those cover every replica's group; otherwise,
 *       with strict isolation off, one flat pool of all streaming nodes (or, when unlabelled nodes report in the
 *       default group, that default pool for the uncovered replicas), and with it on, nothing for an uncovered
 *       replica; inside a pool each node serves one replica, shared out evenly
 *       (internal/querycoordv2/meta/replica_manager.go, buildSQNodeAssignmentHelpers / RecoverSQNodesInCollection);
 *   <li>WAL: each pchannel is written by one streaming node, the pchannels spread evenly by count over the nodes the
 *       balancer considers: every streaming node, or only the primary resource group's
 *       (internal/streamingcoord/server/balancer/balancer_impl.go balance(); policy vchannelfair / pchannel count);
 *   <li>a replica serves without interruption through a zone's loss when none of its query nodes and none of its
 *       delegators was in that zone; a pchannel's writes stall when its WAL owner was there.
 * </ul>
 */
record ZoneLossModel(int zones, List<Replica> replicas, List<StreamingNode> streaming, int pchannels,
                     String primaryResourceGroup, boolean strictIsolation) {

    static final String DEFAULT_GROUP = "__default_resource_group";

    /** A replica: its resource group and the zones of its query nodes. */
    record Replica(String resourceGroup, List<Integer> queryNodeZones) {
    }

    /** A streaming node: its zone and the resource group its session label names (default: none). */
    record StreamingNode(int zone, String resourceGroup) {
    }

    /** Which streaming nodes hold each replica's delegators (by index into {@link #streaming}). */
    List<List<Integer>> delegators(int shards) {
        var byGroup = new LinkedHashMap<String, List<Integer>>();
        for (int i = 0; i < streaming.size(); i++) {
            byGroup.computeIfAbsent(streaming.get(i).resourceGroup(), g -> new ArrayList<>()).add(i);
        }
        var pools = new LinkedHashMap<String, List<Integer>>(); // pool name -> replica indexes
        var uncovered = new ArrayList<Integer>();
        for (int r = 0; r < replicas.size(); r++) {
            var rg = replicas.get(r).resourceGroup();
            if (byGroup.containsKey(rg)) {
                pools.computeIfAbsent(rg, g -> new ArrayList<>()).add(r);
            } else {
                uncovered.add(r);
            }
        }
        Map<String, List<Integer>> nodesOfPool = new LinkedHashMap<>(byGroup);
        if (!uncovered.isEmpty() && !strictIsolation) {
            if (byGroup.containsKey(DEFAULT_GROUP)) {
                pools.computeIfAbsent(DEFAULT_GROUP, g -> new ArrayList<>()).addAll(uncovered);
            } else {
                pools.clear();
                var all = new ArrayList<Integer>();
                for (int r = 0; r < replicas.size(); r++) {
                    all.add(r);
                }
                pools.put("flat", all);
                var allNodes = new ArrayList<Integer>();
                for (int i = 0; i < streaming.size(); i++) {
                    allNodes.add(i);
                }
                nodesOfPool.put("flat", allNodes);
            }
        }
        var sqNodes = new ArrayList<List<Integer>>();
        for (int r = 0; r < replicas.size(); r++) {
            sqNodes.add(new ArrayList<>());
        }
        pools.forEach((pool, members) -> {
            var nodes = nodesOfPool.get(pool);
            for (int i = 0; i < nodes.size(); i++) {
                sqNodes.get(members.get(i % members.size())).add(nodes.get(i));
            }
        });
        // each shard's delegator on one of the replica's streaming query nodes, evenly
        var out = new ArrayList<List<Integer>>();
        for (var nodes : sqNodes) {
            var used = new ArrayList<Integer>();
            for (int s = 0; s < shards && !nodes.isEmpty(); s++) {
                used.add(nodes.get(s % nodes.size()));
            }
            out.add(used);
        }
        return out;
    }

    /** The streaming node (index) that writes each pchannel's WAL; shuffled so no order is favoured. */
    List<Integer> walOwners(Random random) {
        var candidates = new ArrayList<Integer>();
        for (int i = 0; i < streaming.size(); i++) {
            if (primaryResourceGroup == null || primaryResourceGroup.equals(streaming.get(i).resourceGroup())) {
                candidates.add(i);
            }
        }
        Collections.shuffle(candidates, random);
        var out = new ArrayList<Integer>();
        for (int p = 0; p < pchannels; p++) {
            out.add(candidates.isEmpty() ? -1 : candidates.get(p % candidates.size()));
        }
        return out;
    }

    /** What losing {@code zone} does. */
    record Loss(List<Integer> wholeReplicas, int stalledPchannels, int survivingStreamingNodes) {
    }

    Loss lose(int zone, int shards, Random random) {
        var delegators = delegators(shards);
        var whole = new ArrayList<Integer>();
        for (int r = 0; r < replicas.size(); r++) {
            boolean queryOk = replicas.get(r).queryNodeZones().stream().noneMatch(z -> z == zone);
            boolean hasDelegators = delegators.get(r).size() == shards;
            boolean delegatorsOk = delegators.get(r).stream().noneMatch(n -> streaming.get(n).zone() == zone);
            if (queryOk && hasDelegators && delegatorsOk) {
                whole.add(r);
            }
        }
        int stalled = 0;
        for (int owner : walOwners(random)) {
            if (owner < 0 || streaming.get(owner).zone() == zone) {
                stalled++;
            }
        }
        int surviving = (int) streaming.stream().filter(n -> n.zone() != zone).count();
        return new Loss(whole, stalled, surviving);
    }

    /** The stack's layout for {@code layout} and {@code dataZones}: query and streaming nodes per zone group. */
    static ZoneLossModel ofStack(int zones, QueryZones layout, List<QueryZones.Zone> dataZones, int pchannels,
                                 String primaryResourceGroup) {
        var replicas = new ArrayList<Replica>();
        for (var z : layout.zones()) {
            replicas.add(new Replica(z.resourceGroup(), Collections.nCopies(z.desired(), z.index())));
        }
        var streaming = new ArrayList<StreamingNode>();
        for (var z : dataZones) {
            for (int i = 0; i < z.desired(); i++) {
                streaming.add(new StreamingNode(z.index(), z.resourceGroup()));
            }
        }
        boolean strict = Boolean.TRUE.equals(((Map<?, ?>) QueryZones.streamingConfig()
                .get("strictResourceGroupIsolation")).get("enabled"));
        return new ZoneLossModel(zones, replicas, streaming, pchannels, primaryResourceGroup, strict);
    }
}
