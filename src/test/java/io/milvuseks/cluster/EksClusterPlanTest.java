package io.milvuseks.cluster;

import com.google.gson.JsonParser;
import io.milvuseks.App;
import io.milvuseks.StackOutputs;
import io.milvuseks.config.NodeRole;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.RoleFloor;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.plan.PlaceholderMocks;
import io.milvuseks.plan.Placeholders;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import com.pulumi.test.Mocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.milvuseks.testing.Inputs.list;
import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("unchecked")
class EksClusterPlanTest {

    static final String CLUSTER = "aws:eks/cluster:Cluster";
    static final String NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
    static final String LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    static final String ADDON = "aws:eks/addon:Addon";
    static final String OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
    static final String ROLE = "aws:iam/role:Role";
    static final String STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
    static final String STORAGE_CLASS_PATCH = "kubernetes:storage.k8s.io/v1:StorageClassPatch";

    static PlannedResource cluster(Plan plan) {
        assertThat(plan.ofType(CLUSTER)).hasSize(1);
        return plan.ofType(CLUSTER).get(0);
    }

    static PlannedResource byId(Plan plan, String type, Object id) {
        return plan.ofType(type).stream().filter(r -> ("mock-" + r.name()).equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " with id " + id));
    }

    static List<String> privateSubnetIds(Plan plan) {
        return plan.ofType("aws:ec2/subnet:Subnet").stream()
                .filter(s -> map(s.inputs().get("tags")).containsKey("kubernetes.io/role/internal-elb"))
                .map(s -> "mock-" + s.name()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void oneNodeGroupPerRoleInPrivateSubnetsWithLabelFloorAndImdsV2(String stack) {
        var plan = Stacks.plan(stack);
        var settings = Stacks.settings(stack);
        var groups = plan.ofType(NODE_GROUP);
        assertThat(groups).hasSize(expectedGroups(settings));
        var privateIds = privateSubnetIds(plan);
        assertThat(privateIds).hasSize(3);
        for (var role : NodeRole.values()) {
            var group = groups.stream().filter(g -> role.wire().equals(
                    map(g.inputs().get("labels")).get(EksCluster.ROLE_LABEL))).toList();
            if ((role == NodeRole.QUERY || role == NodeRole.DATA) && zoned(settings)) {
                // query and data groups are pinned one per zone (zones.QueryZonesPlanTest)
                assertThat(group).hasSize(settings.collection().replicas());
                continue;
            }
            assertThat(group).as(role.wire()).hasSize(1);
            var in = group.get(0).inputs();
            assertThat(list(in.get("subnetIds"))).containsExactlyInAnyOrderElementsOf(privateIds);

            // EKS refuses instanceTypes/diskSize/remoteAccess beside a launch template that sets them, and a name
            // (not a prefix) would make any forced replacement fail on the taken name.
            assertThat(in).doesNotContainKeys("instanceTypes", "diskSize", "remoteAccess", "nodeGroupName")
                    .containsEntry("amiType", "AL2023_x86_64_STANDARD")
                    .containsEntry("capacityType", "ON_DEMAND")
                    .containsEntry("nodeGroupNamePrefix", new io.milvuseks.naming.Naming(settings.project(), settings.stack()).clusterName()
                            + "-" + role.wire() + "-");
            assertThat(map(in.get("updateConfig"))).containsEntry("maxUnavailable", 1L);
            assertThat(in).containsEntry("version", settings.cluster().kubernetesVersion());

            var pool = settings.pool(role);
            assertThat(map(in.get("scalingConfig"))).containsEntry("minSize", (long) pool.min())
                    .containsEntry("maxSize", (long) pool.max())
                    // a pinned count, else the capacity planner's
                    .containsEntry("desiredSize", (long) io.milvuseks.capacity.CapacityPlanner.plan(settings)
                            .nodeCount(role));
            if (pool.desired().isPresent()) {
                assertThat(map(in.get("scalingConfig"))).containsEntry("desiredSize", (long) pool.desired().getAsInt());
            }

            var template = byId(plan, LAUNCH_TEMPLATE, map(in.get("launchTemplate")).get("id"));
            assertThat(map(in.get("launchTemplate"))).containsEntry("version", "1");
            var type = (String) template.inputs().get("instanceType");
            assertThat(type).isEqualTo(pool.instanceType());
            var floor = RoleFloor.of(settings.environment(), role);
            assertThat(floor.shortfalls(InstanceCatalog.requireEc2(type))).as(role.wire()).isEmpty();
            // Nothing EKS forbids in a managed node group's template; no image id, so EKS bootstraps AL2023 itself
            // (merging its NodeConfig with the userData checked in everyLaunchTemplatePinsMaxPods...).
            assertThat(template.inputs()).doesNotContainKeys("iamInstanceProfile", "imageId",
                    "networkInterfaces", "instanceMarketOptions", "hibernationOptions",
                    "instanceInitiatedShutdownBehavior");
            assertThat(template.inputs()).containsEntry("updateDefaultVersion", true);
            assertThat(map(template.inputs().get("metadataOptions"))).containsEntry("httpEndpoint", "enabled")
                    .containsEntry("httpTokens", "required").containsEntry("httpPutResponseHopLimit", 1L);
            assertThat(list(template.inputs().get("tagSpecifications"))).map(t -> map(t).get("resourceType"))
                    .containsExactlyInAnyOrder("instance", "volume");
            assertThat(list(template.inputs().get("tagSpecifications")))
                    .allSatisfy(t -> assertThat(map(map(t).get("tags"))).containsEntry(EksCluster.ROLE_LABEL, role.wire()));
            var mappings = list(template.inputs().get("blockDeviceMappings"));
            assertThat(mappings).hasSize(1);
            // AL2023's root device; any other name adds a second, unused volume and leaves the root at 20 GiB.
            assertThat(map(mappings.get(0))).containsEntry("deviceName", "/dev/xvda");
            var root = map(map(mappings.get(0)).get("ebs"));
            assertThat(root).containsEntry("volumeType", "gp3").containsEntry("encrypted", "true")
                    .containsEntry("volumeSize", (long) pool.diskGiB());

            var taints = in.get("taints") == null ? List.of() : list(in.get("taints"));
            if (role == NodeRole.QUERY) {
                assertThat(taints).containsExactly(Map.of("key", EksCluster.ROLE_LABEL, "value", "query",
                        "effect", "NO_SCHEDULE"));
            } else {
                assertThat(taints).isEmpty();
            }
        }
        var zones = settings.network().availabilityZones().subList(0, settings.collection().replicas());
        var keys = new java.util.ArrayList<String>();
        for (var role : List.of("query", "data")) {
            keys.addAll(zoned(settings) ? zones.stream().map(z -> role + "-" + z).toList() : List.of(role));
        }
        keys.addAll(List.of("coord", "infra"));
        assertThat(map(plan.outputs().get(StackOutputs.NODE_GROUP_NAMES)).keySet())
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    static boolean zoned(io.milvuseks.config.StackSettings settings) {
        return settings.collection().replicas() > 1;
    }

    /** One group per role, the query and data roles' split into one per replica when there are several. */
    static int expectedGroups(io.milvuseks.config.StackSettings settings) {
        return NodeRole.values().length + (zoned(settings) ? 2 * (settings.collection().replicas() - 1) : 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void secretsAreEnvelopeEncryptedWithARotatedKeyProtectedInProd(String stack) {
        var plan = Stacks.plan(stack);
        var in = cluster(plan).inputs();
        var encryption = map(in.get("encryptionConfig"));
        assertThat(list(encryption.get("resources"))).containsExactly("secrets");
        var keyArn = (String) map(encryption.get("provider")).get("keyArn");
        var key = plan.ofType("aws:kms/key:Key").stream().filter(k -> keyArn.endsWith("/mock-" + k.name()))
                .findFirst().orElseThrow();
        assertThat(key.inputs()).containsEntry("enableKeyRotation", true).containsEntry("deletionWindowInDays", 30L);
        assertThat(key.protect()).isEqualTo(stack.equals("prod"));
        assertThat(cluster(plan).protect()).isEqualTo(stack.equals("prod"));
        assertThat(map(in.get("accessConfig"))).containsEntry("authenticationMode", "API");
        assertThat(list(in.get("enabledClusterLogTypes"))).containsExactlyInAnyOrder(
                "api", "audit", "authenticator", "controllerManager", "scheduler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void controlPlaneLogGroupIsTheOneEksWritesToAndAddonsAreManagedOnly(String stack) {
        var plan = Stacks.plan(stack);
        var in = cluster(plan).inputs();
        // Prod owns exactly the group EKS writes to (any other name leaves EKS creating its own, never-expiring
        // one); staging leaves it to EKS (ControlPlaneLogsTest).
        var eksGroup = "/aws/eks/" + in.get("name") + "/cluster";
        var groups = plan.ofType("aws:cloudwatch/logGroup:LogGroup").stream().map(g -> g.inputs().get("name")).toList();
        if (stack.equals("prod")) {
            assertThat(groups).contains(eksGroup);
        } else {
            assertThat(groups).doesNotContain(eksGroup);
        }
        assertThat(in).containsEntry("bootstrapSelfManagedAddons", false);
        assertThat(map(in.get("accessConfig"))).containsEntry("bootstrapClusterCreatorAdminPermissions", false);
        assertThat(plan.ofType(ADDON)).allSatisfy(a -> assertThat(a.inputs())
                .containsEntry("resolveConflictsOnCreate", "OVERWRITE")
                .containsEntry("resolveConflictsOnUpdate", "PRESERVE"));
        assertThat(plan.ofType("pulumi:providers:kubernetes")).singleElement()
                .satisfies(p -> assertThat(p.inputs().get("enableServerSideApply")).isIn(true, "true"));
        // Only 1.30+ clusters, where EKS no longer marks gp2 default: no gp2 patch (which, on a cluster without gp2,
        // would be a server-side apply create of a StorageClass without a provisioner).
        assertThat(Stacks.settings(stack).cluster().kubernetesVersion()).matches("1\\.(3\\d)");
        assertThatThrownBy(() -> Stacks.settings(stack, Map.of("kubernetesVersion", "1.29")))
                .isInstanceOf(io.milvuseks.config.InvalidConfigException.class);
        assertThat(plan.ofType(STORAGE_CLASS_PATCH)).isEmpty();
    }

    @Test
    void endpointAccessFollowsPublicAccessCidrs() {
        var staging = map(cluster(Stacks.plan("staging")).inputs().get("vpcConfig"));
        assertThat(staging).containsEntry("endpointPrivateAccess", true).containsEntry("endpointPublicAccess", true);
        assertThat(list(staging.get("publicAccessCidrs")))
                .containsExactlyElementsOf(Stacks.settings("staging").cluster().publicAccessCidrs());

        var prod = map(cluster(Stacks.plan("prod")).inputs().get("vpcConfig"));
        assertThat(prod).containsEntry("endpointPrivateAccess", true).containsEntry("endpointPublicAccess", false)
                .doesNotContainKey("publicAccessCidrs");

        var prodWithVpn = map(cluster(Stacks.plan(Stacks.raw("prod",
                Map.of("publicAccessCidrs", "[\"198.51.100.0/24\"]")))).inputs().get("vpcConfig"));
        assertThat(prodWithVpn).containsEntry("endpointPublicAccess", true);
        assertThat(list(prodWithVpn.get("publicAccessCidrs"))).containsExactly("198.51.100.0/24");

        var stagingPrivate = map(cluster(Stacks.plan(Stacks.raw("staging",
                Map.of("publicAccessCidrs", "[]")))).inputs().get("vpcConfig"));
        assertThat(stagingPrivate).containsEntry("endpointPublicAccess", false);
    }

    @Test
    void adminRolesGetAnAccessEntryAndClusterAdminPolicy() {
        var arns = List.of("arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:role/sre");
        var overrides = new java.util.HashMap<String, String>();
        overrides.put("adminRoleArns", "[\"" + String.join("\",\"", arns) + "\"]");
        overrides.put("deployRoleArn", null);
        overrides.put("previewRoleArn", null);
        overrides.put("prodPreviewRoleArn", null);
        var plan = Stacks.plan(Stacks.raw("prod", overrides));
        assertThat(plan.ofType("aws:eks/accessEntry:AccessEntry")).map(e -> e.inputs().get("principalArn"))
                .containsExactlyInAnyOrderElementsOf(arns);
        assertThat(plan.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")).hasSize(2)
                .allSatisfy(a -> {
                    assertThat(a.inputs()).containsEntry("policyArn", ClusterAccess.ADMIN_POLICY);
                    assertThat(map(a.inputs().get("accessScope"))).containsEntry("type", "cluster");
                })
                .map(a -> a.inputs().get("principalArn")).containsExactlyInAnyOrderElementsOf(arns);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void everyAddonIsPresentAndEbsCsiAssumesItsOwnIrsaRole(String stack) {
        var plan = Stacks.plan(stack);
        var clusterName = cluster(plan).inputs().get("name");
        var addons = plan.ofType(ADDON);
        assertThat(addons).map(a -> a.inputs().get("addonName"))
                .containsExactlyInAnyOrder("vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver");
        assertThat(addons).allSatisfy(a -> assertThat(a.inputs()).containsEntry("clusterName", clusterName));

        var ebs = addons.stream().filter(a -> "aws-ebs-csi-driver".equals(a.inputs().get("addonName"))).findFirst()
                .orElseThrow();
        var roleArn = (String) ebs.inputs().get("serviceAccountRoleArn");
        var role = plan.ofType(ROLE).stream().filter(r -> roleArn.endsWith("/mock-" + r.name())).findFirst()
                .orElseThrow();
        var statement = JsonParser.parseString((String) role.inputs().get("assumeRolePolicy")).getAsJsonObject()
                .getAsJsonArray("Statement").get(0).getAsJsonObject();
        var oidcUrl = (String) plan.ofType(OIDC).get(0).inputs().get("url");
        var hostPath = oidcUrl.replaceFirst("^https://", "");
        assertThat(statement.getAsJsonObject("Principal").get("Federated").getAsString())
                .isEqualTo(plan.outputs().get(StackOutputs.OIDC_PROVIDER_ARN));
        var equals = statement.getAsJsonObject("Condition").getAsJsonObject("StringEquals");
        assertThat(equals.get(hostPath + ":sub").getAsString())
                .isEqualTo("system:serviceaccount:kube-system:ebs-csi-controller-sa");
        assertThat(equals.get(hostPath + ":aud").getAsString()).isEqualTo("sts.amazonaws.com");
    }

    @Test
    void oidcProviderIsWiredToTheClusterIssuer() {
        // Record what the (mock) cloud answered for the cluster, and check the provider got exactly that issuer.
        var issuers = new CopyOnWriteArrayList<String>();
        var base = new PlaceholderMocks("us-east-1");
        Mocks recording = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                return base.newResourceAsync(args).thenApply(result -> {
                    if (args.type.equals(CLUSTER)) {
                        var state = (Map<String, Object>) result.state;
                        var identity = map(list(state.get("identities")).get(0));
                        issuers.add((String) map(list(identity.get("oidcs")).get(0)).get("issuer"));
                    }
                    return result;
                });
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return base.callAsync(args);
            }
        };
        var run = OfflineEngine.run(Stacks.raw("prod"), recording, App::stack);
        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        var plan = run.plan("prod");
        assertThat(issuers).hasSize(1);
        assertThat(plan.ofType(OIDC)).singleElement().satisfies(o -> {
            assertThat(o.inputs()).containsEntry("url", issuers.get(0));
            assertThat(list(o.inputs().get("clientIdLists"))).containsExactly("sts.amazonaws.com");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void gp3IsTheDefaultStorageClassAndGp2IsNot(String stack) {
        var plan = Stacks.plan(stack);
        var storage = Stacks.settings(stack).storage();
        var provider = plan.ofType("pulumi:providers:kubernetes");
        assertThat(provider).singleElement().satisfies(p ->
                assertThat(p.inputs()).containsEntry("kubeconfig", Placeholders.SECRET));
        assertThat(plan.ofType(STORAGE_CLASS)).singleElement().satisfies(sc -> {
            var in = sc.inputs();
            assertThat(map(in.get("metadata"))).containsEntry("name", "gp3");
            assertThat(map(map(in.get("metadata")).get("annotations")))
                    .containsEntry("storageclass.kubernetes.io/is-default-class", "true");
            assertThat(in).containsEntry("provisioner", "ebs.csi.aws.com")
                    .containsEntry("volumeBindingMode", "WaitForFirstConsumer")
                    .containsEntry("allowVolumeExpansion", true)
                    .containsEntry("reclaimPolicy", stack.equals("prod") ? "Retain" : "Delete");
            assertThat(map(in.get("parameters"))).containsEntry("type", "gp3").containsEntry("encrypted", "true")
                    .containsEntry("iops", String.valueOf(storage.gp3Iops()))
                    .containsEntry("throughput", String.valueOf(storage.gp3ThroughputMiBps()));
        });
        // gp3 is the only class the stack marks default; gp2 is left alone (see controlPlaneLogGroupIsTheOneEksWritesToAndAddonsAreManagedOnly).
        assertThat(plan.ofType(STORAGE_CLASS_PATCH)).isEmpty();
    }

    @Test
    void gp3ParametersFollowConfig() {
        var plan = Stacks.plan(Stacks.raw("staging", Map.of("gp3Iops", "9000", "gp3ThroughputMiBps", "500")));
        assertThat(map(plan.ofType(STORAGE_CLASS).get(0).inputs().get("parameters")))
                .containsEntry("iops", "9000").containsEntry("throughput", "500");
    }

    @Test
    void exportsTheClusterOutputsWithTheKubeconfigSecret() {
        var plan = Stacks.plan("prod");
        assertThat(plan.outputs()).containsEntry(StackOutputs.CLUSTER_NAME, cluster(plan).inputs().get("name"))
                .containsEntry(StackOutputs.KUBECONFIG, Placeholders.SECRET);
        assertThat((String) plan.outputs().get(StackOutputs.CLUSTER_ENDPOINT)).startsWith("https://");
        assertThat((String) plan.outputs().get(StackOutputs.OIDC_PROVIDER_ARN)).contains(":oidc-provider/");
        var names = map(plan.outputs().get(StackOutputs.NODE_GROUP_NAMES));
        assertThat(names).hasSize(expectedGroups(Stacks.settings("prod"))).allSatisfy((role, name) ->
                assertThat((String) name).startsWith(cluster(plan).inputs().get("name") + "-" + role + "-"));
        assertThat(plan.ofType(NODE_GROUP)).map(g -> g.inputs().get("nodeGroupNamePrefix"))
                .containsExactlyInAnyOrderElementsOf(names.values().stream()
                        .map(n -> ((String) n).substring(0, ((String) n).length() - 26)).collect(Collectors.toList()));
    }

    @Test
    void nodeGroupNamePrefixLeavesRoomForTheUniqueSuffix() {
        var longest = "m".repeat(63); // the longest cluster name Naming hands out
        for (var role : NodeRole.values()) {
            var prefix = NodeGroups.nodeGroupNamePrefix(longest, role);
            assertThat(prefix).hasSizeLessThanOrEqualTo(37).endsWith("-");
            assertThat(prefix.length() + 26).isLessThanOrEqualTo(63);
        }
        assertThat(NodeGroups.nodeGroupNamePrefix("milvus-eks-prod", NodeRole.QUERY)).isEqualTo("milvus-eks-prod-query-");
    }

    @Test
    void aZoneGroupPrefixKeepsItsZoneWholeAndFits() {
        var longest = "m".repeat(63);
        for (var zone : List.of("use1-az1", "us-east-1a", "ap-southeast-2a", "apse2-az3")) {
            var prefix = NodeGroups.nodeGroupNamePrefix(longest, NodeRole.QUERY, zone);
            // the zone tells the groups apart: cutting the cluster name, never the zone, keeps two groups distinct
            assertThat(prefix).hasSizeLessThanOrEqualTo(NodeGroups.NODE_GROUP_PREFIX_MAX).endsWith("-query-" + zone + "-");
        }
        assertThat(NodeGroups.nodeGroupNamePrefix("milvus-eks-prod", NodeRole.QUERY, "use1-az2"))
                .isEqualTo("milvus-eks-prod-query-use1-az2-");
        assertThat(NodeGroups.nodeGroupNamePrefix(longest, NodeRole.QUERY, "use1-az1"))
                .isNotEqualTo(NodeGroups.nodeGroupNamePrefix(longest, NodeRole.QUERY, "use1-az2"));
    }

    @Test
    void changingAnInstanceTypeOnlyVersionsTheLaunchTemplate() {
        // instanceTypes on a node group forces its replacement; in the launch template it is a rolling update.
        var pools = "{\"query\":{\"instanceType\":\"%s\",\"min\":1,\"max\":6,\"diskGiB\":100},"
                + "\"data\":{\"instanceType\":\"m6i.2xlarge\",\"min\":1,\"desired\":2,\"max\":4,\"diskGiB\":200},"
                + "\"coord\":{\"instanceType\":\"m6i.xlarge\",\"min\":1,\"desired\":2,\"max\":3,\"diskGiB\":50},"
                + "\"infra\":{\"instanceType\":\"m6i.2xlarge\",\"min\":3,\"desired\":3,\"max\":6,\"diskGiB\":100}}";
        var before = Stacks.plan(Stacks.raw("staging", Map.of("nodePools", pools.formatted("m6i.2xlarge"))));
        // same memory and pod count, so the planner's desired count stays (a larger type may need fewer nodes)
        var after = Stacks.plan(Stacks.raw("staging", Map.of("nodePools", pools.formatted("m7i.2xlarge"))));
        var queryGroup = (java.util.function.Function<Plan, PlannedResource>) p -> p.ofType(NODE_GROUP).stream()
                .filter(g -> "query".equals(map(g.inputs().get("labels")).get(EksCluster.ROLE_LABEL)))
                .findFirst().orElseThrow();
        assertThat(queryGroup.apply(after).inputs()).isEqualTo(queryGroup.apply(before).inputs());
        var template = (java.util.function.Function<Plan, PlannedResource>) p -> byId(p, LAUNCH_TEMPLATE,
                map(queryGroup.apply(p).inputs().get("launchTemplate")).get("id"));
        assertThat(template.apply(before).inputs()).containsEntry("instanceType", "m6i.2xlarge");
        assertThat(template.apply(after).inputs()).containsEntry("instanceType", "m7i.2xlarge");
    }

    @Test
    void argsRejectADesiredCountOutsideThePool() {
        var settings = Stacks.settings("prod");
        var counts = new java.util.EnumMap<>(EksClusterArgs.configuredCounts(settings));
        counts.put(NodeRole.QUERY, settings.pool(NodeRole.QUERY).max() + 1);
        assertThatThrownBy(() -> EksClusterArgs.from(settings, new io.milvuseks.naming.Naming("p", "s"), counts,
                null, null, List.of())).hasMessageContaining("query").hasMessageContaining("outside min..max");
    }

    /** The part of a MIME multipart user data with the given content type, as text. */
    static String mimePart(String mime, String contentType) {
        var boundary = mime.lines().filter(l -> l.startsWith("Content-Type: multipart/mixed"))
                .map(l -> l.replaceFirst(".*boundary=\"([^\"]+)\".*", "$1")).findFirst().orElseThrow();
        assertThat(mime).startsWith("MIME-Version: 1.0\n").endsWith("--" + boundary + "--\n");
        for (var part : mime.split("--" + java.util.regex.Pattern.quote(boundary))) {
            var headerEnd = part.indexOf("\n\n");
            if (headerEnd > 0 && part.substring(0, headerEnd).contains("Content-Type: " + contentType)) {
                return part.substring(headerEnd + 2);
            }
        }
        throw new AssertionError("no " + contentType + " part in\n" + mime);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void everyLaunchTemplatePinsMaxPodsAndKubeReservedThatSizingAssumes(String stack) {
        var plan = Stacks.plan(stack);
        var settings = Stacks.settings(stack);
        var groups = plan.ofType(NODE_GROUP);
        assertThat(groups).hasSize(expectedGroups(settings));
        for (var group : groups) {
            var role = NodeRole.values()[0];
            for (var r : NodeRole.values()) {
                if (r.wire().equals(map(group.inputs().get("labels")).get(EksCluster.ROLE_LABEL))) {
                    role = r;
                }
            }
            var type = InstanceCatalog.requireEc2(settings.nodePools().get(role).instanceType());
            var template = byId(plan, LAUNCH_TEMPLATE, map(group.inputs().get("launchTemplate")).get("id"));
            var mime = new String(java.util.Base64.getDecoder().decode((String) template.inputs().get("userData")),
                    java.nio.charset.StandardCharsets.UTF_8);
            Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(mimePart(mime, "application/node.eks.aws"));
            assertThat(doc).containsEntry("apiVersion", "node.eks.aws/v1alpha1").containsEntry("kind", "NodeConfig");
            var kubelet = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("spec"))
                    .get("kubelet")).get("config");
            // the maxPods the managed node group's own NodeConfig will apply (ENI limit under 110/250): h-planner
            assertThat(kubelet).as(role.wire()).containsEntry("maxPods", type.maxPods());
            // nodeadm derives kube-reserved from the ENI max pods, not from maxPods above: pinned to 255 + 11 x 110.
            assertThat((Map<String, Object>) kubelet.get("kubeReserved")).as(role.wire())
                    .containsEntry("memory", (255 + 11 * type.maxPods()) + "Mi")
                    .containsEntry("ephemeral-storage", "1Gi")
                    .containsEntry("cpu", io.milvuseks.milvus.NodeAllocatable.kubeReservedCpuMilli(type.vcpu()) + "m");
        }
    }

    @Test
    void nodeAllocatableSubtractsExactlyWhatTheLaunchTemplatesReserve() {
        var type = InstanceCatalog.requireEc2("m6in.4xlarge");
        var yaml = NodeUserData.nodeConfig(type);
        Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(yaml);
        var kubelet = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("spec"))
                .get("kubelet")).get("config");
        int reservedMib = Integer.parseInt(((String) ((Map<String, Object>) kubelet.get("kubeReserved"))
                .get("memory")).replace("Mi", ""));
        int maxPods = (Integer) kubelet.get("maxPods");
        // 97% of 64 GiB (the kernel's share) less kube-reserved and 100 MiB eviction; less a 3 % margin of the
        // 64 GiB (issue 21 finding 6) and 1 GiB of DaemonSets
        assertThat(io.milvuseks.milvus.NodeAllocatable.of(type).memoryMiB())
                .isEqualTo((int) Math.floor(64 * 1024 * 0.94 - reservedMib - 100 - 1024));
        assertThat(reservedMib).isEqualTo(255 + 11 * maxPods);
    }

    @Test
    void nodeGroupUpdateTimeoutGrowsWithThePoolAndNeverDropsBelowTheProviderDefault() {
        var big = NodeGroups.nodeGroupTimeouts(new io.milvuseks.config.NodePool("m6in.4xlarge", 3,
                java.util.OptionalInt.empty(), 66, 200));
        assertThat(big.getUpdate()).contains(java.time.Duration.ofMinutes(66 * 5));
        assertThat(big.getCreate()).contains(java.time.Duration.ofMinutes(60));
        assertThat(big.getDelete()).contains(java.time.Duration.ofMinutes(60));
        var small = NodeGroups.nodeGroupTimeouts(new io.milvuseks.config.NodePool("m6i.2xlarge", 1,
                java.util.OptionalInt.of(3), 3, 100));
        assertThat(small.getUpdate()).contains(java.time.Duration.ofMinutes(60));
        // 12 nodes is the break-even: 12 x 5 = 60 min.
        var edge = NodeGroups.nodeGroupTimeouts(new io.milvuseks.config.NodePool("m6i.2xlarge", 1,
                java.util.OptionalInt.empty(), 13, 100));
        assertThat(edge.getUpdate()).contains(java.time.Duration.ofMinutes(65));
        assertThat(ControlPlane.CLUSTER_TIMEOUTS.getCreate()).contains(java.time.Duration.ofMinutes(60));
        assertThat(ControlPlane.CLUSTER_TIMEOUTS.getUpdate()).contains(java.time.Duration.ofMinutes(60));
    }
}
