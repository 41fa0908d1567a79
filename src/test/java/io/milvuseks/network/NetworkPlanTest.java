package io.milvuseks.network;

import io.milvuseks.config.Cidr;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class NetworkPlanTest {

    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String NAT = "aws:ec2/natGateway:NatGateway";
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    static final String NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
    static final List<String> VPC_TYPES = List.of("aws:ec2/vpc:Vpc", SUBNET, "aws:ec2/internetGateway:InternetGateway",
            NAT, "aws:ec2/eip:Eip", ROUTE_TABLE, "aws:ec2/route:Route", ASSOCIATION, ENDPOINT,
            "aws:ec2/flowLog:FlowLog");

    @SuppressWarnings("unchecked")
    static Map<String, String> tags(PlannedResource r) {
        return (Map<String, String>) r.inputs().get("tags");
    }

    static List<PlannedResource> subnets(Plan plan, String roleTag) {
        return plan.ofType(SUBNET).stream().filter(s -> tags(s).containsKey(roleTag)).toList();
    }

    /** The mock engine's id of a resource (what other resources' inputs carry). */
    static String id(PlannedResource r) {
        return "mock-" + r.name();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void threeZonesEachWithAPublicAndAPrivateSubnetTaggedForLoadBalancers(String stack) {
        var plan = Stacks.plan(stack);
        var azs = Stacks.settings(stack).network().availabilityZones();
        assertThat(azs).hasSize(3);
        var clusterTag = "kubernetes.io/cluster/" + plan.ofType("aws:eks/cluster:Cluster").get(0).inputs().get("name");
        for (var roleTag : List.of(Network.ELB_ROLE_TAG, Network.INTERNAL_ELB_ROLE_TAG)) {
            var tier = subnets(plan, roleTag);
            // The committed stacks name zones by id: subnets are placed by id, never through an account's names.
            assertThat(tier).map(s -> s.inputs().get("availabilityZoneId")).containsExactlyInAnyOrderElementsOf(azs);
            assertThat(tier).allSatisfy(s -> assertThat(s.inputs()).doesNotContainKey("availabilityZone"));
            assertThat(tier).allSatisfy(s -> assertThat(tags(s)).containsEntry(roleTag, "1")
                    .containsEntry(clusterTag, "shared"));
        }
        assertThat(plan.ofType(SUBNET)).hasSize(6);
        assertThat(plan.ofType("aws:ec2/vpc:Vpc")).singleElement().satisfies(v -> assertThat(v.inputs())
                .containsEntry("enableDnsHostnames", true).containsEntry("enableDnsSupport", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void subnetCidrsAreDisjointAndInsideTheVpc(String stack) {
        var plan = Stacks.plan(stack);
        var vpc = Cidr.parse((String) plan.ofType("aws:ec2/vpc:Vpc").get(0).inputs().get("cidrBlock")).orElseThrow();
        assertThat(vpc.toString()).isEqualTo(Stacks.settings(stack).network().vpcCidr());
        var cidrs = plan.ofType(SUBNET).stream()
                .map(s -> Cidr.parse((String) s.inputs().get("cidrBlock")).orElseThrow()).toList();
        assertThat(cidrs).hasSize(6).allSatisfy(c -> assertThat(vpc.contains(c)).as(c + " in " + vpc).isTrue());
        for (int i = 0; i < cidrs.size(); i++) {
            for (int j = i + 1; j < cidrs.size(); j++) {
                assertThat(cidrs.get(i).overlaps(cidrs.get(j))).as(cidrs.get(i) + " / " + cidrs.get(j)).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void s3GatewayEndpointIsOnEveryPrivateRouteTable(String stack) {
        var plan = Stacks.plan(stack);
        var privateSubnetIds = subnets(plan, Network.INTERNAL_ELB_ROLE_TAG).stream().map(NetworkPlanTest::id)
                .collect(Collectors.toSet());
        var privateTables = plan.ofType(ASSOCIATION).stream()
                .filter(a -> privateSubnetIds.contains(a.inputs().get("subnetId")))
                .map(a -> a.inputs().get("routeTableId")).collect(Collectors.toSet());
        assertThat(privateTables).hasSize(3);
        var s3 = plan.ofType(ENDPOINT).stream()
                .filter(e -> ((String) e.inputs().get("serviceName")).endsWith(".s3")).toList();
        assertThat(s3).singleElement().satisfies(e -> {
            assertThat(e.inputs()).containsEntry("vpcEndpointType", "Gateway")
                    .containsEntry("serviceName", "com.amazonaws.us-east-1.s3");
            assertThat((List<Object>) e.inputs().get("routeTableIds")).containsExactlyInAnyOrderElementsOf(privateTables);
        });
    }

    @Test
    void prodHasANatPerZoneStagingSharesOne() {
        var prod = Stacks.plan("prod");
        var staging = Stacks.plan("staging");
        assertThat(prod.ofType(NAT)).hasSize(3);
        assertThat(staging.ofType(NAT)).hasSize(1);
        // In prod each zone's private route leaves through its own zone's NAT.
        var prodNatTargets = prod.ofType("aws:ec2/route:Route").stream()
                .map(r -> r.inputs().get("natGatewayId")).filter(x -> x != null).collect(Collectors.toSet());
        assertThat(prodNatTargets).hasSize(3);
        var publicIds = subnets(prod, Network.ELB_ROLE_TAG).stream().map(NetworkPlanTest::id).toList();
        assertThat(prod.ofType(NAT)).allSatisfy(n -> assertThat(publicIds).contains((String) n.inputs().get("subnetId")));
    }

    @Test
    void prodHasInterfaceEndpointsAndFlowLogsStagingDoesNot() {
        var prod = Stacks.plan("prod");
        var interfaces = prod.ofType(ENDPOINT).stream()
                .filter(e -> "Interface".equals(e.inputs().get("vpcEndpointType"))).toList();
        assertThat(interfaces).map(e -> e.inputs().get("serviceName")).containsExactlyInAnyOrder(
                "com.amazonaws.us-east-1.sts", "com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr",
                "com.amazonaws.us-east-1.ec2", "com.amazonaws.us-east-1.logs");
        var privateIds = subnets(prod, Network.INTERNAL_ELB_ROLE_TAG).stream().map(NetworkPlanTest::id).toList();
        assertThat(interfaces).allSatisfy(e -> {
            assertThat(e.inputs()).containsEntry("privateDnsEnabled", true);
            assertThat((List<Object>) e.inputs().get("subnetIds")).containsExactlyInAnyOrderElementsOf(privateIds);
            assertThat((List<Object>) e.inputs().get("securityGroupIds")).hasSize(1);
        });
        assertThat(prod.ofType("aws:ec2/flowLog:FlowLog")).singleElement().satisfies(f -> assertThat(f.inputs())
                .containsEntry("trafficType", "ALL").containsEntry("logDestinationType", "cloud-watch-logs"));

        var staging = Stacks.plan("staging");
        assertThat(staging.ofType(ENDPOINT)).singleElement()
                .satisfies(e -> assertThat(e.inputs()).containsEntry("vpcEndpointType", "Gateway"));
        assertThat(staging.ofType("aws:ec2/flowLog:FlowLog")).isEmpty();
    }

    @Test
    void endpointSecurityGroupAdmitsOnlyHttpsFromTheVpcAndFlowLogsAssumeTheirServiceRole() {
        var prod = Stacks.plan("prod");
        var vpcCidr = Stacks.settings("prod").network().vpcCidr();
        var sgId = ((List<Object>) prod.ofType(ENDPOINT).stream()
                .filter(e -> "Interface".equals(e.inputs().get("vpcEndpointType"))).findFirst().orElseThrow()
                .inputs().get("securityGroupIds")).get(0);
        var sg = prod.ofType("aws:ec2/securityGroup:SecurityGroup").stream().filter(g -> id(g).equals(sgId))
                .findFirst().orElseThrow();
        assertThat((List<Object>) sg.inputs().get("ingress")).singleElement().satisfies(rule -> {
            var r = (Map<String, Object>) rule;
            assertThat(r).containsEntry("protocol", "tcp").containsEntry("fromPort", 443L).containsEntry("toPort", 443L);
            assertThat((List<Object>) r.get("cidrBlocks")).containsExactly(vpcCidr);
        });

        var flowLog = prod.ofType("aws:ec2/flowLog:FlowLog").get(0);
        var role = prod.ofType("aws:iam/role:Role").stream()
                .filter(r -> ((String) flowLog.inputs().get("iamRoleArn")).endsWith("/" + id(r))).findFirst()
                .orElseThrow();
        var trust = com.google.gson.JsonParser.parseString((String) role.inputs().get("assumeRolePolicy"))
                .getAsJsonObject().getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(trust.getAsJsonObject("Principal").get("Service").getAsString())
                .isEqualTo("vpc-flow-logs.amazonaws.com");
        assertThat(trust.get("Action").getAsString()).isEqualTo("sts:AssumeRole");
        var group = prod.ofType("aws:cloudwatch/logGroup:LogGroup").stream()
                .filter(g -> ((String) flowLog.inputs().get("logDestination")).endsWith(":log-group:" + g.inputs().get("name")))
                .findFirst().orElseThrow();
        assertThat((String) group.inputs().get("name")).startsWith("/aws/vpc/");
    }

    @Test
    void zonesGivenByNameStillPlaceSubnetsByName() {
        var names = List.of("us-east-1a", "us-east-1b", "us-east-1c");
        var plan = Stacks.plan(Stacks.raw("prod", Map.of("availabilityZones",
                "[\"" + String.join("\",\"", names) + "\"]")));
        assertThat(plan.ofType(SUBNET)).hasSize(6)
                .allSatisfy(s -> assertThat(s.inputs()).doesNotContainKey("availabilityZoneId"))
                .map(s -> s.inputs().get("availabilityZone")).containsOnlyElementsOf(names);
    }

    @Test
    void existingVpcModeCreatesNoVpcResourcesAndUsesTheGivenSubnets() {
        var priv = List.of("subnet-0a0000000000000a1", "subnet-0a0000000000000b1", "subnet-0a0000000000000c1");
        var pub = List.of("subnet-0b0000000000000a1", "subnet-0b0000000000000b1", "subnet-0b0000000000000c1");
        var existing = "{\"vpcId\":\"vpc-0123456789abcdef0\",\"privateSubnetIds\":[\"" + String.join("\",\"", priv)
                + "\"],\"publicSubnetIds\":[\"" + String.join("\",\"", pub) + "\"]}";
        for (var stack : List.of("staging", "prod")) {
            var plan = Stacks.plan(Stacks.raw(stack, Map.of("existingVpc", existing)));
            var vpcResources = new ArrayList<PlannedResource>();
            VPC_TYPES.forEach(t -> vpcResources.addAll(plan.ofType(t)));
            assertThat(vpcResources).as(stack).isEmpty();
            // every group over the given subnets, but prod's zone-pinned query and data groups: one given subnet
            // each, in order
            var zoned = plan.ofType(NODE_GROUP).stream()
                    .filter(g -> zoneLabel(g) != null).toList();
            assertThat(zoned).as(stack).hasSize(stack.equals("prod") ? 4 : 0);
            var zones = Stacks.settings(stack).network().availabilityZones();
            for (var g : zoned) {
                var zone = ((Map<?, ?>) g.inputs().get("labels")).get(zoneLabel(g));
                assertThat((List<Object>) g.inputs().get("subnetIds")).containsExactly(priv.get(zones.indexOf(zone)));
            }
            assertThat(plan.ofType(NODE_GROUP)).hasSize(4 + Math.max(0, zoned.size() - 2))
                    .filteredOn(g -> !zoned.contains(g)).allSatisfy(g ->
                    assertThat((List<Object>) g.inputs().get("subnetIds")).containsExactlyElementsOf(priv));
            assertThat(plan.ofType("aws:eks/cluster:Cluster")).singleElement().satisfies(c ->
                    assertThat((List<Object>) ((Map<?, ?>) c.inputs().get("vpcConfig")).get("subnetIds"))
                            .containsExactlyElementsOf(priv));
            assertThat(Set.copyOf(plan.resources().stream().map(PlannedResource::type).toList()))
                    .contains(Network.TYPE);
        }
    }

    /** The zone label of a zone-pinned query or data group, or null. */
    private static String zoneLabel(PlannedResource g) {
        var labels = (Map<?, ?>) g.inputs().get("labels");
        return labels.containsKey("milvus.io/query-group") ? "milvus.io/query-group"
                : labels.containsKey("milvus.io/data-group") ? "milvus.io/data-group" : null;
    }
}
