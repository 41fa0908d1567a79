package io.milvuseks.network;

import com.google.gson.Gson;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupEgressArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupIngressArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.milvuseks.config.Cidr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VPC the cluster runs in: public and private subnets per zone, internet and NAT gateways, route tables, an S3
 * gateway endpoint on every private route table, and in prod interface endpoints and flow logs. With
 * {@code existingVpc} set it creates nothing and hands on the given ids.
 */
public final class Network extends ComponentResource {

    public static final String TYPE = "milvus-eks:network:Network";
    /** AWS services reached through interface endpoints in prod, so image pulls and IRSA never need the NAT. */
    public static final List<String> INTERFACE_ENDPOINT_SERVICES = List.of("sts", "ecr.api", "ecr.dkr", "ec2", "logs");
    public static final String ELB_ROLE_TAG = "kubernetes.io/role/elb";
    public static final String INTERNAL_ELB_ROLE_TAG = "kubernetes.io/role/internal-elb";

    private static final Gson GSON = new Gson();

    private final Output<String> vpcId;
    private final Output<List<String>> privateSubnetIds;
    private final List<Output<String>> privateSubnetIdsByZone;
    private final Output<List<String>> publicSubnetIds;
    private final Output<List<String>> privateRouteTableIds;

    public Network(String name, NetworkArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var existing = args.network().existingVpc();
        if (existing.isPresent()) {
            var e = existing.get();
            vpcId = Output.of(e.vpcId());
            privateSubnetIds = Output.of(e.privateSubnetIds());
            privateSubnetIdsByZone = e.privateSubnetIds().stream().map(Output::of).toList();
            publicSubnetIds = Output.of(e.publicSubnetIds());
            // The existing VPC's routing (and its S3 endpoint) is its owner's business.
            privateRouteTableIds = Output.of(List.of());
        } else {
            var built = new Builder(args).build();
            vpcId = built.vpcId;
            privateSubnetIds = built.privateSubnetIds;
            privateSubnetIdsByZone = built.privateSubnetIdsByZone;
            publicSubnetIds = built.publicSubnetIds;
            privateRouteTableIds = built.privateRouteTableIds;
        }
        registerOutputs(Map.of("vpcId", vpcId, "privateSubnetIds", privateSubnetIds,
                "publicSubnetIds", publicSubnetIds, "privateRouteTableIds", privateRouteTableIds));
    }

    public Output<String> vpcId() {
        return vpcId;
    }

    /** Private subnet ids in zone order. */
    public Output<List<String>> privateSubnetIds() {
        return privateSubnetIds;
    }

    /**
     * Each private subnet's id on its own, in zone order: what a zone-pinned node group takes, so it depends on (and
     * a policy links it to) its zone's subnet only.
     */
    public List<Output<String>> privateSubnetIdsByZone() {
        return privateSubnetIdsByZone;
    }

    public Output<List<String>> publicSubnetIds() {
        return publicSubnetIds;
    }

    /** Empty with an existing VPC. */
    public Output<List<String>> privateRouteTableIds() {
        return privateRouteTableIds;
    }

    /** Policy JSON must render identically on every run, or every `pulumi up` shows a diff. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * The flow-log role's trust policy: only the VPC Flow Logs service, and only for flow logs of this account in
     * this region (aws:SourceAccount / aws:SourceArn guard against the confused deputy; AWS VPC user guide, "IAM
     * role for publishing flow logs to CloudWatch Logs"). The flow log's own id cannot be named: it needs the role
     * first, so the ARN ends in {@code vpc-flow-log/*}.
     *
     * @param vpcArn {@code arn:<partition>:ec2:<region>:<account>:vpc/<id>}
     */
    static String flowLogTrustPolicy(String vpcArn, String region) {
        var parts = vpcArn.split(":", 6);
        var partition = parts[1];
        var account = parts[4];
        return GSON.toJson(ordered("Version", "2012-10-17", "Statement", List.of(ordered(
                "Effect", "Allow",
                "Principal", ordered("Service", "vpc-flow-logs.amazonaws.com"),
                "Action", "sts:AssumeRole",
                "Condition", ordered(
                        "StringEquals", ordered("aws:SourceAccount", account),
                        "ArnLike", ordered("aws:SourceArn",
                                "arn:" + partition + ":ec2:" + region + ":" + account + ":vpc-flow-log/*"))))));
    }

    /** Declares the VPC resources; a separate class so the constructor reads as "existing or built". */
    private final class Builder {
        private final NetworkArgs args;
        private final CidrLayout layout;
        private final CustomResourceOptions child = CustomResourceOptions.builder().parent(Network.this).build();
        Output<String> vpcId;
        Output<List<String>> privateSubnetIds;
        List<Output<String>> privateSubnetIdsByZone;
        Output<List<String>> publicSubnetIds;
        Output<List<String>> privateRouteTableIds;

        Builder(NetworkArgs args) {
            this.args = args;
            var cidr = Cidr.parse(args.network().vpcCidr())
                    .orElseThrow(() -> new IllegalArgumentException("vpcCidr " + args.network().vpcCidr()));
            this.layout = CidrLayout.of(cidr, args.network().availabilityZones().size());
        }

        /** Zone ids name the same place in every account, so they are passed as ids (never mapped to a name). */
        private SubnetArgs.Builder zone(SubnetArgs.Builder subnet, String az) {
            return args.network().zonesById() ? subnet.availabilityZoneId(az) : subnet.availabilityZone(az);
        }

        private String n(String part) {
            return args.naming().name(part);
        }

        private Map<String, String> tags(String name) {
            return args.naming().tags(name);
        }

        Builder build() {
            var zones = args.network().availabilityZones();
            var vpc = new Vpc(n("vpc"), VpcArgs.builder()
                    .cidrBlock(layout.vpc().toString())
                    .enableDnsHostnames(true)
                    .enableDnsSupport(true)
                    .tags(tags(n("vpc")))
                    .build(), child);
            vpcId = vpc.id();

            var igw = new InternetGateway(n("igw"), InternetGatewayArgs.builder()
                    .vpcId(vpc.id()).tags(tags(n("igw"))).build(), child);
            var publicRt = new RouteTable(n("public-rt"), RouteTableArgs.builder()
                    .vpcId(vpc.id()).tags(tags(n("public-rt"))).build(), child);
            new Route(n("public-default"), RouteArgs.builder()
                    .routeTableId(publicRt.id())
                    .destinationCidrBlock("0.0.0.0/0")
                    .gatewayId(igw.id())
                    .build(), child);

            var clusterTag = "kubernetes.io/cluster/" + args.clusterName();
            var publicSubnets = new ArrayList<Subnet>();
            var privateSubnets = new ArrayList<Subnet>();
            for (int i = 0; i < zones.size(); i++) {
                var az = zones.get(i);
                var pubName = n("public-" + az);
                var pubTags = tags(pubName);
                pubTags.put(ELB_ROLE_TAG, "1");
                pubTags.put(clusterTag, "shared");
                var pub = new Subnet(pubName, zone(SubnetArgs.builder(), az)
                        .vpcId(vpc.id())
                        .cidrBlock(layout.publicSubnets().get(i).toString())
                        // Only NAT gateways and load balancers live here; nothing needs an automatic public IP.
                        .mapPublicIpOnLaunch(false)
                        .tags(pubTags)
                        .build(), child);
                new RouteTableAssociation(pubName, RouteTableAssociationArgs.builder()
                        .subnetId(pub.id()).routeTableId(publicRt.id()).build(), child);
                publicSubnets.add(pub);

                var privName = n("private-" + az);
                var privTags = tags(privName);
                privTags.put(INTERNAL_ELB_ROLE_TAG, "1");
                privTags.put(clusterTag, "shared");
                privateSubnets.add(new Subnet(privName, zone(SubnetArgs.builder(), az)
                        .vpcId(vpc.id())
                        .cidrBlock(layout.privateSubnets().get(i).toString())
                        .mapPublicIpOnLaunch(false)
                        .tags(privTags)
                        .build(), child));
            }

            // Prod: a NAT per zone so losing a zone never cuts the others off. Staging: one shared NAT (~$33/month each).
            int natCount = args.prod() ? zones.size() : 1;
            var nats = new ArrayList<NatGateway>();
            for (int i = 0; i < natCount; i++) {
                var az = zones.get(i);
                var eip = new Eip(n("nat-" + az), EipArgs.builder()
                        .domain("vpc").tags(tags(n("nat-" + az))).build(), child);
                nats.add(new NatGateway(n("nat-" + az), NatGatewayArgs.builder()
                        .allocationId(eip.id())
                        .subnetId(publicSubnets.get(i).id())
                        .tags(tags(n("nat-" + az)))
                        .build(), CustomResourceOptions.builder().parent(Network.this).dependsOn(igw).build()));
            }

            var privateRts = new ArrayList<RouteTable>();
            for (int i = 0; i < zones.size(); i++) {
                var az = zones.get(i);
                var rt = new RouteTable(n("private-rt-" + az), RouteTableArgs.builder()
                        .vpcId(vpc.id()).tags(tags(n("private-rt-" + az))).build(), child);
                new Route(n("private-default-" + az), RouteArgs.builder()
                        .routeTableId(rt.id())
                        .destinationCidrBlock("0.0.0.0/0")
                        .natGatewayId(nats.get(Math.min(i, nats.size() - 1)).id())
                        .build(), child);
                new RouteTableAssociation(n("private-" + az), RouteTableAssociationArgs.builder()
                        .subnetId(privateSubnets.get(i).id()).routeTableId(rt.id()).build(), child);
                privateRts.add(rt);
            }

            privateSubnetIdsByZone = privateSubnets.stream().map(Subnet::id).toList();
            privateSubnetIds = Output.all(privateSubnetIdsByZone);
            publicSubnetIds = Output.all(publicSubnets.stream().map(Subnet::id).toList());
            privateRouteTableIds = Output.all(privateRts.stream().map(RouteTable::id).toList());

            // Segments move between nodes and S3 by the terabyte: through NAT that is a bottleneck and $0.045/GB.
            new VpcEndpoint(n("s3"), VpcEndpointArgs.builder()
                    .vpcId(vpc.id())
                    .serviceName("com.amazonaws." + args.region() + ".s3")
                    .vpcEndpointType("Gateway")
                    .routeTableIds(privateRouteTableIds)
                    .tags(tags(n("s3")))
                    .build(), child);

            if (args.prod()) {
                interfaceEndpoints(vpc);
                flowLogs(vpc);
            }
            return this;
        }

        private void interfaceEndpoints(Vpc vpc) {
            var sg = new SecurityGroup(n("endpoints"), SecurityGroupArgs.builder()
                    .description("HTTPS from the VPC to AWS interface endpoints")
                    .vpcId(vpc.id())
                    .ingress(SecurityGroupIngressArgs.builder()
                            .description("HTTPS from the VPC")
                            .protocol("tcp").fromPort(443).toPort(443)
                            .cidrBlocks(layout.vpc().toString())
                            .build())
                    .egress(SecurityGroupEgressArgs.builder()
                            .protocol("-1").fromPort(0).toPort(0)
                            .cidrBlocks(layout.vpc().toString())
                            .build())
                    .tags(tags(n("endpoints")))
                    .build(), child);
            for (var service : INTERFACE_ENDPOINT_SERVICES) {
                var name = n(service.replace('.', '-'));
                new VpcEndpoint(name, VpcEndpointArgs.builder()
                        .vpcId(vpc.id())
                        .serviceName("com.amazonaws." + args.region() + "." + service)
                        .vpcEndpointType("Interface")
                        .privateDnsEnabled(true)
                        .subnetIds(privateSubnetIds)
                        .securityGroupIds(sg.id().applyValue(List::of))
                        .tags(tags(name))
                        .build(), child);
            }
        }

        private void flowLogs(Vpc vpc) {
            var group = new LogGroup(n("flow-logs"), LogGroupArgs.builder()
                    .name("/aws/vpc/" + n("flow-logs"))
                    .retentionInDays(90)
                    .tags(tags(n("flow-logs")))
                    .build(), child);
            // Account and partition from the VPC's ARN: no getCallerIdentity invoke needed.
            var role = new Role(n("flow-logs"), RoleArgs.builder()
                    .assumeRolePolicy(vpc.arn().applyValue(arn -> flowLogTrustPolicy(arn, args.region())))
                    .tags(tags(n("flow-logs")))
                    .build(), child);
            var policy = new RolePolicy(n("flow-logs"), RolePolicyArgs.builder()
                    .role(role.name())
                    .policy(group.arn().applyValue(arn -> GSON.toJson(ordered("Version", "2012-10-17",
                            "Statement", List.of(ordered(
                                    "Effect", "Allow",
                                    "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents",
                                            "logs:DescribeLogGroups", "logs:DescribeLogStreams"),
                                    "Resource", List.of(arn, arn + ":*")))))))
                    .build(), child);
            new FlowLog(n("flow-logs"), FlowLogArgs.builder()
                    .vpcId(vpc.id())
                    .trafficType("ALL")
                    .logDestinationType("cloud-watch-logs")
                    .logDestination(group.arn())
                    .iamRoleArn(role.arn())
                    .maxAggregationInterval(60)
                    .tags(tags(n("flow-logs")))
                    // Without the role's policy in place, creation succeeds but delivery fails until IAM catches up
                    // (the log group stays empty): create the flow log only after its permissions exist.
                    .build(), CustomResourceOptions.builder().parent(Network.this).dependsOn(policy).build());
        }
    }
}
