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
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.shaded.io.grpc.stub.StreamObserver;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bootstrap's resource-group steps against a fake Milvus gRPC server that keeps resource groups the way querycoord
 * does for these calls (Milvus Lite has none): idempotent create, update, nodes that arrive in the background, and
 * the replicas' groups. What the real querycoord does with the node filter is Milvus' own code, not tested here.
 */
class ZonePlacementTest {

    /** A zone group's share of the planner's prod query pool (2 replicas): every replica the same nodes. */
    private static final int PER_REPLICA = io.milvuseks.capacity.CapacityPlanner.plan(
            io.milvuseks.testing.Stacks.settings("prod")).nodeCount(io.milvuseks.config.NodeRole.QUERY) / 2;


    /** Resource groups by name, with the nodes each has, and the groups of the loaded replicas. */
    static final class FakeMilvus extends MilvusServiceGrpc.MilvusServiceImplBase {
        final Map<String, ResourceGroupConfig> groups = new LinkedHashMap<>();
        final Map<String, Integer> nodes = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        List<String> replicaGroups = List.of();
        /** Nodes a group gains per describe, up to its requests (the resource observer's pace); 0: none ever. */
        int nodesPerDescribe = 100;

        private static Status ok() {
            return Status.newBuilder().setCode(0).build();
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
                    "__default_resource_group").addAllResourceGroups(groups.keySet()).build());
            out.onCompleted();
        }

        @Override
        public synchronized void createResourceGroup(CreateResourceGroupRequest req, StreamObserver<Status> out) {
            calls.add("create " + req.getResourceGroup());
            groups.put(req.getResourceGroup(), req.getConfig());
            nodes.put(req.getResourceGroup(), 0);
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
            var name = req.getResourceGroup();
            var cfg = groups.get(name);
            int have = Math.min(cfg.getRequests().getNodeNum(), nodes.get(name) + nodesPerDescribe);
            nodes.put(name, have);
            out.onNext(DescribeResourceGroupResponse.newBuilder().setStatus(ok()).setResourceGroup(
                    ResourceGroup.newBuilder().setName(name).setCapacity(cfg.getRequests().getNodeNum())
                            .setNumAvailableNode(have).setConfig(cfg)).build());
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
    }

    private static final ResourceGroups PROD = ResourceGroups.forStack(Stacks.settings("prod"));

    private FakeMilvus fake;
    private Server server;
    private MilvusClientV2 client;
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMilvus();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(fake).build()
                .start();
        client = new MilvusClientV2(ConnectConfig.builder().uri("http://127.0.0.1:" + server.getPort())
                .rpcDeadlineMs(10_000).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private ZonePlacement placement(Duration timeout, boolean dryRun) {
        var w = new PrintWriter(out, true);
        return new ZonePlacement(client, w, w, timeout, dryRun, PROD);
    }

    @Test
    void createsEachZoneGroupOnceWithItsCountsAndFilterThenWaitsForItsNodes() {
        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).containsExactly("list", "create zone_use1_az1", "create zone_use1_az2");
        var cfg = fake.groups.get("zone_use1_az2");
        assertThat(cfg.getRequests().getNodeNum()).isEqualTo(PER_REPLICA);
        assertThat(cfg.getLimits().getNodeNum()).isEqualTo(PER_REPLICA);
        assertThat(cfg.getNodeFilter().getNodeLabelsList()).singleElement().satisfies(kv -> {
            assertThat(kv.getKey()).isEqualTo("RESOURCE_GROUP");
            assertThat(kv.getValue()).isEqualTo("zone_use1_az2");
        });
        assertThat(fake.nodes).containsEntry("zone_use1_az1", PER_REPLICA).containsEntry("zone_use1_az2", PER_REPLICA);

        // a second run finds both as asked: no create, no update
        fake.calls.clear();
        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).containsExactly("list");
    }

    @Test
    void aGroupWithOtherCountsIsUpdatedNotDroppedAndADryRunOnlySaysSo() {
        fake.groups.put("zone_use1_az1", ResourceGroups.config(new ResourceGroups.Group("zone_use1_az1", 30)).toGRPC());
        fake.nodes.put("zone_use1_az1", 30);
        placement(Duration.ofSeconds(30), true).ensure();
        assertThat(fake.calls).containsExactly("list");
        assertThat(out.toString()).contains("would update resource group zone_use1_az1")
                .contains("would create resource group zone_use1_az2");

        placement(Duration.ofSeconds(30), false).ensure();
        assertThat(fake.calls).contains("update zone_use1_az1", "create zone_use1_az2")
                .noneMatch(c -> c.startsWith("drop"));
        assertThat(fake.groups.get("zone_use1_az1").getRequests().getNodeNum()).isEqualTo(PER_REPLICA);
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
