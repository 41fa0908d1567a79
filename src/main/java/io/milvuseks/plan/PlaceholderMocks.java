package io.milvuseks.plan;

import com.pulumi.test.Mocks;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The mock engine's stand-in for AWS and Kubernetes: every resource gets back its inputs plus clearly marked
 * placeholder values ({@code mock-...}, account {@value Placeholders#ACCOUNT}) for what the cloud would compute.
 * Types whose outputs other resources read (cluster endpoint, OIDC issuer, broker list) get shaped placeholders.
 */
public final class PlaceholderMocks implements Mocks {

    private final String region;
    private final Map<String, Function<ResourceArgs, Map<String, Object>>> computed;

    public PlaceholderMocks(String region) {
        this.region = region == null ? "us-east-1" : region;
        this.computed = computedOutputs();
    }

    private Map<String, Function<ResourceArgs, Map<String, Object>>> computedOutputs() {
        return Map.of(
            "aws:eks/cluster:Cluster", a -> Map.of(
                    "endpoint", "https://" + mockId(a) + ".gr7." + region + ".eks.amazonaws.com",
                    "certificateAuthority", Map.of("data",
                            Base64.getEncoder().encodeToString("mock-certificate-authority".getBytes())),
                    "identities", List.of(Map.of("oidcs", List.of(Map.of("issuer",
                            "https://oidc.eks." + region + ".amazonaws.com/id/MOCK" + a.name.hashCode())))),
                    "vpcConfig", withDefaults(a.inputs.get("vpcConfig"),
                            Map.of("clusterSecurityGroupId", "sg-" + mockId(a))),
                    "version", a.inputs.getOrDefault("version", "1.33")),
            "aws:msk/cluster:Cluster", a -> Map.of(
                    "bootstrapBrokersSaslScram", "b-1." + mockId(a) + ".kafka." + region + ".amazonaws.com:9096,"
                            + "b-2." + mockId(a) + ".kafka." + region + ".amazonaws.com:9096,"
                            + "b-3." + mockId(a) + ".kafka." + region + ".amazonaws.com:9096",
                    "zookeeperConnectString", mockId(a) + ".zk:2181",
                    // auto-named by the provider (<logical name>-<random>): a marked stand-in here
                    "clusterName", String.valueOf(a.inputs.getOrDefault("clusterName", a.name + "-" + Placeholders.MOCK))),
            "aws:msk/configuration:Configuration", a -> Map.of("latestRevision", 1),
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider", a -> Map.of(
                    "arn", "arn:aws:iam::" + Placeholders.ACCOUNT + ":oidc-provider/"
                            + String.valueOf(a.inputs.getOrDefault("url", "oidc.mock")).replaceFirst("^https://", "")),
            "aws:ec2/launchTemplate:LaunchTemplate", a -> Map.of("latestVersion", 1, "defaultVersion", 1),
            // AWS appends a 26-character unique suffix to a name prefix.
            "aws:eks/nodeGroup:NodeGroup", a -> Map.of("nodeGroupName", String.valueOf(a.inputs.getOrDefault(
                    "nodeGroupName", a.inputs.getOrDefault("nodeGroupNamePrefix", "") + "20260101000000000000000001"))),
            "aws:cloudwatch/logGroup:LogGroup", a -> Map.of("arn", "arn:aws:logs:" + region + ":"
                    + Placeholders.ACCOUNT + ":log-group:" + a.inputs.getOrDefault("name", mockId(a))));
    }

    private static Map<String, Object> withDefaults(Object inputs, Map<String, Object> defaults) {
        var out = new HashMap<String, Object>(defaults);
        if (inputs instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    static String mockId(ResourceArgs args) {
        return Placeholders.MOCK + "-" + args.name;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        var state = new HashMap<String, Object>(args.inputs);
        // Shaped outputs win over inputs (they merge inputs themselves, e.g. vpcConfig) and the generic arn below.
        var extra = computed.get(args.type);
        if (extra != null) {
            state.putAll(extra.apply(args));
        }
        var last = args.type.substring(args.type.lastIndexOf(':') + 1);
        var service = args.type.startsWith("aws:") ? args.type.substring(4, args.type.indexOf('/')) : "mock";
        // IAM is global: its ARNs carry no region
        var arnRegion = service.equals("iam") ? "" : region;
        state.putIfAbsent("arn", "arn:aws:" + service + ":" + arnRegion + ":" + Placeholders.ACCOUNT + ":"
                + last.toLowerCase() + "/" + mockId(args));
        state.putIfAbsent("name", args.name);
        if (args.type.equals("aws:s3/bucketV2:BucketV2") || args.type.equals("aws:s3/bucket:Bucket")) {
            // AWS appends a unique suffix to a bucketPrefix; the plan marks it as made up
            var prefix = args.inputs.get("bucketPrefix");
            state.putIfAbsent("bucket", prefix != null ? prefix + Placeholders.MOCK : args.name);
            state.put("arn", "arn:aws:s3:::" + state.get("bucket")); // S3 ARNs carry neither region nor account
        }
        return CompletableFuture.completedFuture(ResourceResult.of(java.util.Optional.of(mockId(args)), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        Map<String, Object> result = switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity" -> Map.of("accountId", Placeholders.ACCOUNT,
                    "arn", "arn:aws:iam::" + Placeholders.ACCOUNT + ":user/mock", "userId", "MOCK",
                    "id", Placeholders.ACCOUNT);
            case "aws:index/getPartition:getPartition" -> Map.of("partition", "aws", "dnsSuffix", "amazonaws.com",
                    "id", "aws");
            case "aws:index/getRegion:getRegion" -> Map.of("name", region, "region", region, "id", region,
                    "endpoint", "ec2." + region + ".amazonaws.com");
            default -> new HashMap<>(args.args);
        };
        return CompletableFuture.completedFuture(result);
    }
}
