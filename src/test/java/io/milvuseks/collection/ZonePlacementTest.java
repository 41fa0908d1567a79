package io.milvuseks.collection;

import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateResourceGroupRequest;
import io.milvus.grpc.DescribeResourceGroupRequest;
import io.milvus.grpc.DescribeResourceGroupResponse;
import io.milvus.grpc.GetReplicasRequest;
import io.milvus.grpc.GetReplicasResponse;
import io.milvus.grpc.ListResourceGroupsRequest;
import io.milvus.grpc.ListResourceGroupsResponse;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.ReplicaInfo;
import io.milvus.grpc.ResourceGroup;
import io.milvus.grpc.ResourceGroupConfig;
import io.milvus.grpc.Status;
import io.milvus.grpc.UpdateResourceGroupsRequest;
import io.milvus.shaded.io.grpc.stub.StreamObserver;
import io.milvus.v2.client.MilvusClientV2;
import io.milvuseks.testing.FakeMilvusServer;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bootstrap's resource-group steps against a fake Milvus gRPC server that keeps resource groups the way querycoord
 * does for these calls (Milvus Lite has none): idempotent create, update, and query nodes that register in the
 * background and are put into groups by querycoord's rule for an incoming node — a group short of its requests,
 * else one below its limits, each only if its node filter accepts the node, else the default group; and a group
 * short of its requests takes accepting nodes back from the default group (internal/querycoordv2/meta/
 * resource_manager.go, mustSelectAssignIncomingNodeTargetRG and the resource observer's recovery of missing nodes).
 */
class ZonePlacementTest {

    /** A zone group's share of the planner's prod query pool (2 replicas): every replica the same nodes. */
    private static final int PER_REPLICA = io.milvuseks.capacity.CapacityPlanner.plan(
            io.milvuseks.testing.Stacks.settings("prod")).nodeCount(io.milvuseks.config.NodeRole.QUERY) / 2;

    /** A zone group's most nodes: nodePools.query.max over the 2 zone groups (the resource groups' limits). */
    private static final int ZONE_MAX = io.milvuseks.testing.Stacks.settings("prod").nodePools()
            .get(io.milvuseks.config.NodeRole.QUERY).max() / 2;

    static final String DEFAULT = "__default_resource_group";

    /** Resource groups by name, the nodes each holds by their session label, and the groups of loaded replicas. */
    static final class FakeMilvus extends MilvusServiceGrpc.MilvusServiceImplBase {
        final Map<String, ResourceGroupConfig> groups = new LinkedHashMap<>();
        /** group -> (RESOURCE_GROUP label of the node -> nodes); the default group included. */
        final Map<String, Map<String, Integer>> members = new LinkedHashMap<>();
        /** Query pods started but not yet registered, by their label. */
        final Map<String, Integer> pending = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        List<String> replicaGroups = List.of();
        /** Pods that register per describe call (the pods' start-up pace); 0: none ever. */
        int nodesPerDescribe = 100;

        FakeMilvus() {
            members.put(DEFAULT, new LinkedHashMap<>());
        }

        private static Status ok() {
            return Status.newBuilder().setCode(0).build();
        }

        int count(String group) {
            return members.getOrDefault(group, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
        }

        private boolean accepts(String group, String label) {
            var filter = groups.get(group).getNodeFilter().getNodeLabelsList();
            return filter.stream().allMatch(kv -> kv.getKey().equals("RESOURCE_GROUP") && kv.getValue().equals(label));
        }

        /** One node with {@code label} registers: querycoord's choice of its group. */
        private void register(String label) {
            String target = DEFAULT;
            for (var g : groups.keySet()) {
                if (accepts(g, label) && count(g) < groups.get(g).getRequests().getNodeNum()) {
                    target = g;
                    break;
                }
            }
            if (target.equals(DEFAULT)) {
                for (var g : groups.keySet()) {
                    if (accepts(g, label) && count(g) < groups.get(g).getLimits().getNodeNum()) {
                        target = g;
                        break;
                    }
                }
            }
            members.computeIfAbsent(target, k -> new LinkedHashMap<>()).merge(label, 1, Integer::sum);
        }

        /** The resource observer: a group short of its requests takes accepting nodes from the default group. */
        private void recover() {
            var idle = members.get(DEFAULT);
            for (var g : groups.keySet()) {
                for (var label : List.copyOf(idle.keySet())) {
                    while (idle.getOrDefault(label, 0) > 0 && accepts(g, label)
                            && count(g) < groups.get(g).getRequests().getNodeNum()) {
                        idle.merge(label, -1, Integer::sum);
                        members.computeIfAbsent(g, k -> new LinkedHashMap<>()).merge(label, 1, Integer::sum);
                    }
                }
            }
        }

        /** Some pending pods register, then the observer runs. */
        private void progress() {
            int budget = nodesPerDescribe;
            for (var e : pending.entrySet()) {
                while (budget > 0 && e.getValue() > 0) {
                    e.setValue(e.getValue() - 1);
                    register(e.getKey());
                    budget--;
                }
            }
            recover();
        }

        @Override
        public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
            out.onNext(ConnectResponse.newBuilder().setStatus(ok()).setIdentifier(1).build());
            out.onCompleted();
        }

        @Override
        public synchronized void listResourceGroups(ListResourceGroupsRequest req,
                                                    StreamObserver<ListResourceGroupsResponse> out) {
            calls.add("list");
            out.onNext(ListResourceGroupsResponse.newBuilder().setStatus(ok()).addResourceGroups(
                    DEFAULT).addAllResourceGroups(groups.keySet()).build());
            out.onCompleted();
        }

        @Override
        public synchronized void createResourceGroup(CreateResourceGroupRequest req, StreamObserver<Status> out) {
            calls.add("create " + req.getResourceGroup());
            groups.put(req.getResourceGroup(), req.getConfig());
            members.putIfAbsent(req.getResourceGroup(), new LinkedHashMap<>());
            out.onNext(ok());
            out.onCompleted();
        }

        @Override
        public synchronized void updateResourceGroups(UpdateResourceGroupsRequest req, StreamObserver<Status> out) {
            req.getResourceGroupsMap().forEach((name, cfg) -> {
                calls.add("update " + name);
                groups.put(name, cfg);
            });
            out.onNext(ok());
            out.onCompleted();
        }

        @Override
        public synchronized void describeResourceGroup(DescribeResourceGroupRequest req,
                                                       StreamObserver<DescribeResourceGroupResponse> out) {
            progress();
            var name = req.getResourceGroup();
            var cfg = groups.get(name);
            out.onNext(DescribeResourceGroupResponse.newBuilder().setStatus(ok()).setResourceGroup(
                    ResourceGroup.newBuilder().setName(name).setCapacity(cfg.getRequests().getNodeNum())
                            .setNumAvailableNode(count(name)).setConfig(cfg)).build());
            out.onCompleted();
        }

        @Override
        public synchronized void getReplicas(GetReplicasRequest req, StreamObserver<GetReplicasResponse> out) {
            var b = GetReplicasResponse.newBuilder().setStatus(ok());
            long id = 1;
            for (var rg : replicaGroups) {
                b.addReplicas(ReplicaInfo.newBuilder().setReplicaID(id++).setCollectionID(7).setResourceGroupName(rg));
            }
            out.onNext(b.build());
            out.onCompleted();
        }

        /** The zone Deployments' pods: {@code n} more query pods labelled for each group of {@code rgs}. */
        synchronized void start(ResourceGroups rgs, int n) {
            rgs.groups().forEach(g -> pending.merge(g.name(), n, Integer::sum));
        }
    }

    private static final ResourceGroups PROD = ResourceGroups.forStack(Stacks.settings("prod"));

    private FakeMilvus fake;
    private FakeMilvusServer milvus;
    private MilvusClientV2 client;
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMilvus();
        milvus = FakeMilvusServer.serving(fake);
        client = milvus.client();
    }

    @AfterEach
    void stop() {
        milvus.close();
    }

    private ZonePlacement placement(Duration timeout, boolean dryRun) {
        var w = new PrintWriter(out, true);
        return new ZonePlacement(client, w, w, timeout, dryRun, PROD);
    }

    @Test
    void createsEachZoneGroupOnceWithItsCountsAndFilterThenWaitsForItsNodes() {
        fake.start(PROD, PER_REPLICA);
        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).containsExactly("list", "create zone_use1_az1", "create zone_use1_az2");
        var cfg = fake.groups.get("zone_use1_az2");
        assertThat(cfg.getRequests().getNodeNum()).isEqualTo(PER_REPLICA);
        // limits: the zone node group's max (nodePools.query.max 120 over 2), not the count of today
        assertThat(cfg.getLimits().getNodeNum()).isEqualTo(ZONE_MAX);
        assertThat(cfg.getNodeFilter().getNodeLabelsList()).singleElement().satisfies(kv -> {
            assertThat(kv.getKey()).isEqualTo("RESOURCE_GROUP");
            assertThat(kv.getValue()).isEqualTo("zone_use1_az2");
        });
        assertThat(fake.count("zone_use1_az1")).isEqualTo(PER_REPLICA);
        assertThat(fake.count("zone_use1_az2")).isEqualTo(PER_REPLICA);
        assertThat(fake.count(DEFAULT)).isZero();

        // a second run finds both as asked: no create, no update
        fake.calls.clear();
        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).containsExactly("list");
    }

    @Test
    void aGroupWithOtherCountsIsUpdatedNotDroppedAndADryRunOnlySaysSo() {
        int had = PER_REPLICA / 2; // an earlier, smaller count, with requests = limits as bootstrap once set them
        fake.groups.put("zone_use1_az1", ResourceGroups.config(new ResourceGroups.Group("zone_use1_az1", had, had))
                .toGRPC());
        fake.members.put("zone_use1_az1", new LinkedHashMap<>(Map.of("zone_use1_az1", had)));
        fake.pending.put("zone_use1_az1", PER_REPLICA - had);
        fake.pending.put("zone_use1_az2", PER_REPLICA);
        placement(Duration.ofSeconds(30), true).ensure();
        assertThat(fake.calls).containsExactly("list");
        assertThat(out.toString()).contains("would update resource group zone_use1_az1")
                .contains("would create resource group zone_use1_az2");

        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).contains("update zone_use1_az1", "create zone_use1_az2")
                .noneMatch(c -> c.startsWith("drop"));
        assertThat(fake.groups.get("zone_use1_az1").getRequests().getNodeNum()).isEqualTo(PER_REPLICA);
    }

    /**
     * Issue 23, item 5: the stack raises a zone's query count (a larger planner count, a raised desired) and its new
     * pods register before anyone runs bootstrap. They join their zone's group at once, because its limits are the
     * zone group's max, not the count bootstrap last saw; bootstrap after the {@code up} then sets requests to the
     * new count, and a second run has nothing to change.
     */
    @Test
    void podsTheStackAddsLaterJoinTheirZoneGroupAtOnceAndBootstrapCorrectsTheCount() {
        // a first planner count 6 under the zone groups' max, as bootstrap laid it out
        var first = resized(PROD, -6);
        fake.start(first, PER_REPLICA - 6);
        var w = new PrintWriter(out, true);
        new ZonePlacement(client, w, w, Duration.ofSeconds(30), false, first).ensure();
        assertThat(fake.groups.get("zone_use1_az1").getLimits().getNodeNum()).isEqualTo(ZONE_MAX);

        // the stack raises the count by 6 a zone, the new pods register, no bootstrap yet: none idle
        fake.start(first, 6);
        fake.progress();
        assertThat(fake.count("zone_use1_az1")).isEqualTo(PER_REPLICA);
        assertThat(fake.count("zone_use1_az2")).isEqualTo(PER_REPLICA);
        assertThat(fake.count(DEFAULT)).as("query pods idle in the default group").isZero();

        // bootstrap after the up, with the new count: requests follow, limits stay the zone group's max
        fake.calls.clear();
        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).containsExactly("list", "update zone_use1_az1", "update zone_use1_az2");
        assertThat(fake.groups.get("zone_use1_az1").getRequests().getNodeNum()).isEqualTo(PER_REPLICA);
        assertThat(fake.groups.get("zone_use1_az1").getLimits().getNodeNum()).isEqualTo(ZONE_MAX);
        fake.calls.clear();
        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).containsExactly("list");
    }

    private static ResourceGroups resized(ResourceGroups groups, int by) {
        return new ResourceGroups(groups.groups().stream()
                .map(g -> new ResourceGroups.Group(g.name(), g.nodes() + by, g.max())).toList());
    }

    /** The rule the fake applies: with requests = limits, as bootstrap set them before, the added pods sat idle. */
    @Test
    void withRequestsEqualToLimitsTheAddedPodsWouldSitIdleInTheDefaultGroup() {
        var exact = new ResourceGroups(resized(PROD, -6).groups().stream()
                .map(g -> new ResourceGroups.Group(g.name(), g.nodes(), g.nodes())).toList());
        fake.start(exact, PER_REPLICA - 6);
        var w = new PrintWriter(out, true);
        new ZonePlacement(client, w, w, Duration.ofSeconds(30), false, exact).ensure();
        fake.start(exact, 6);
        fake.progress();
        assertThat(fake.count("zone_use1_az1")).isEqualTo(PER_REPLICA - 6);
        assertThat(fake.count(DEFAULT)).isEqualTo(12);
    }

    @Test
    void nodesThatNeverArriveEndInOneLineNamingTheGroup() {
        fake.nodesPerDescribe = 0;
        assertThatThrownBy(() -> placement(Duration.ofSeconds(1), false).ensure())
                .isInstanceOf(MilvusFailure.class)
                .hasMessageContaining("resource group zone_use1_az1 has 0 of " + PER_REPLICA + " query nodes after 1s")
                .hasMessageContaining("milvus.io/query-group");
    }

    @Test
    void replicasInDistinctZoneGroupsPassAndSharedOnesAreDrift() {
        var spec = Stacks.settings("prod").collection();
        fake.replicaGroups = List.of("zone_use1_az2", "zone_use1_az1");
        assertThat(placement(Duration.ofSeconds(5), false).check(spec)).isEqualTo(Bootstrapper.OK);
        assertThat(out.toString()).contains("replicas: one in each zone resource group");

        fake.replicaGroups = List.of("__default_resource_group", "__default_resource_group");
        assertThat(placement(Duration.ofSeconds(5), false).check(spec)).isEqualTo(Bootstrapper.DRIFT);
        assertThat(out.toString()).contains("drift: replica placement").contains("not in a zone group")
                .contains("transferReplica");
    }
}
