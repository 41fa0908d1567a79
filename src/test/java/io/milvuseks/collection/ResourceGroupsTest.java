package io.milvuseks.collection;

import io.milvuseks.testing.Stacks;
import io.milvuseks.zones.QueryZones;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource-group requests bootstrap sends. Milvus Lite answers UNIMPLEMENTED to every resource-group call
 * (measured: listResourceGroups, createResourceGroup, describeResourceGroup), so these are unit-tested here,
 * ZonePlacementTest runs the steps against a fake server, and BootstrapIT proves that a two-replica bootstrap on
 * Lite stops before creating anything.
 */
class ResourceGroupsTest {

    /** A zone group's share of the planner's prod query pool (2 replicas): every replica the same nodes. */
    private static final int PER_REPLICA = io.milvuseks.capacity.CapacityPlanner.plan(
            io.milvuseks.testing.Stacks.settings("prod")).nodeCount(io.milvuseks.config.NodeRole.QUERY) / 2;


    /** A zone group's most nodes: nodePools.query.max over 2 zone groups. */
    private static final int ZONE_MAX = Stacks.settings("prod").nodePools()
            .get(io.milvuseks.config.NodeRole.QUERY).max() / 2;

    private static final ResourceGroups PROD = ResourceGroups.forStack(Stacks.settings("prod"));

    @Test
    void prodGetsOneGroupPerZoneGroupSizedToAReplica() {
        assertThat(PROD.groups()).containsExactly(new ResourceGroups.Group("zone_use1_az1", PER_REPLICA, ZONE_MAX),
                new ResourceGroups.Group("zone_use1_az2", PER_REPLICA, ZONE_MAX));
        // requests: the zone group's planned count; limits: its max, never below
        assertThat(ZONE_MAX).isGreaterThanOrEqualTo(PER_REPLICA);
        assertThat(ResourceGroups.forStack(Stacks.settings("staging")).isEmpty()).isTrue();
    }

    @Test
    void eachGroupTakesExactlyItsZonesLabelledQueryNodes() {
        var g = PROD.groups().get(0);
        var req = ResourceGroups.create(g);
        assertThat(req.getGroupName()).isEqualTo("zone_use1_az1");
        var grpc = req.getConfig().toGRPC();
        // requests: the replica's share; limits: all the zone group can run, so every labelled pod joins it
        assertThat(grpc.getRequests().getNodeNum()).isEqualTo(PER_REPLICA);
        assertThat(grpc.getLimits().getNodeNum()).isEqualTo(ZONE_MAX);
        // the label the zone Deployment's pods carry (MILVUS_SERVER_LABEL_RESOURCE_GROUP -> session label)
        assertThat(grpc.getNodeFilter().getNodeLabelsList()).singleElement().satisfies(kv -> {
            assertThat(kv.getKey()).isEqualTo(QueryZones.SESSION_LABEL);
            assertThat(kv.getValue()).isEqualTo("zone_use1_az1");
        });
        assertThat(ResourceGroups.update(g).getResourceGroups()).containsOnlyKeys("zone_use1_az1");
    }

    @Test
    void aServerConfigIsTheSameOnlyWithTheSameCountsAndFilter() {
        var g = PROD.groups().get(0);
        int other = PER_REPLICA - 1; // any other request count
        assertThat(ResourceGroups.sameConfig(ResourceGroups.config(g), g)).isTrue();
        assertThat(ResourceGroups.sameConfig(ResourceGroups.config(new ResourceGroups.Group(g.name(), other, ZONE_MAX)),
                g)).isFalse();
        var smaller = new ResourceGroups.Group(g.name(), other, ZONE_MAX);
        assertThat(ResourceGroups.sameConfig(ResourceGroups.config(new ResourceGroups.Group(g.name(), other, other)),
                smaller)).as("the old requests = limits").isFalse();
        assertThat(ResourceGroups.sameConfig(ResourceGroups.config(new ResourceGroups.Group("zone_use1_az2",
                PER_REPLICA, ZONE_MAX)), g)).isFalse();
        assertThat(ResourceGroups.sameConfig(null, g)).isFalse();
    }

    @Test
    void theLoadAsksForOneReplicaInEachZoneGroup() {
        var spec = Stacks.settings("prod").collection();
        var load = SpecRequests.load(spec, PROD);
        assertThat(load.getNumReplicas()).isEqualTo(2);
        assertThat(load.getResourceGroups()).containsExactly("zone_use1_az1", "zone_use1_az2");
        assertThat(SpecRequests.load(spec).getResourceGroups()).isNullOrEmpty();
    }

    @Test
    void placementIsRightOnlyWithOneReplicaInEachZoneGroup() {
        assertThat(PROD.placementProblems(List.of("zone_use1_az2", "zone_use1_az1"))).isEmpty();
        assertThat(PROD.placementProblems(List.of("zone_use1_az1", "zone_use1_az1")))
                .anySatisfy(p -> assertThat(p).contains("two replicas share resource group zone_use1_az1"));
        assertThat(PROD.placementProblems(List.of("__default_resource_group", "__default_resource_group")))
                .anySatisfy(p -> assertThat(p).contains("not in a zone group"));
        assertThat(PROD.placementProblems(List.of("zone_use1_az1")))
                .anySatisfy(p -> assertThat(p).contains("1 replica(s) loaded, 2 zone resource groups planned"));
    }
}
