package io.milvuseks.config;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SettingsParserTest {

    private static final String NS = "milvus-eks:";

    @Test
    void prodStackFileParsesToTheDesignCard() {
        var s = Stacks.settings("prod");
        assertThat(s.environment()).isEqualTo(Environment.PROD);
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.network().availabilityZones()).containsExactly("use1-az1", "use1-az2", "use1-az4");
        assertThat(s.network().zonesById()).isTrue();
        assertThat(s.messageQueue()).isEqualTo(MessageQueue.MSK);
        assertThat(s.nodePools()).containsOnlyKeys(NodeRole.values());
        // issue 24: the query type and index capacity --compare recommends (ProdStackCommentTest)
        assertThat(s.pool(NodeRole.QUERY).instanceType()).isEqualTo("m6i.8xlarge");
        assertThat(s.pool(NodeRole.QUERY).desired()).isEmpty();
        assertThat(s.collection().dim()).isEqualTo(384);
        assertThat(s.collection().index()).isEqualTo(new IndexSpec(IndexType.HNSW_SQ,
                Map.of("M", 16, "efConstruction", 300), Map.of("sq_type", "SQ8")));
        assertThat(s.capacity().vectors()).isEqualTo(1_000_000_000L);
        assertThat(s.cluster().publicEndpoint()).isFalse();
        assertThat(s.secrets().milvusRootPassword()).isTrue();
        assertThat(s.secrets().mskScramPassword()).isTrue();
        assertThat(s.milvus().chartVersion()).isEqualTo("5.0.19");
        assertThat(s.milvus().imageTag()).isEqualTo("v2.6.15");
    }

    @Test
    void stagingStackFileParses() {
        var s = Stacks.settings("staging");
        assertThat(s.environment()).isEqualTo(Environment.STAGING);
        assertThat(s.messageQueue()).isEqualTo(MessageQueue.PULSAR);
        assertThat(s.cluster().publicAccessCidrs()).containsExactly("203.0.113.0/24");
        assertThat(s.secrets().mskScramPassword()).isFalse();
    }

    /** One case per validation rule: the override, the key the error must name, a phrase of what is accepted. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("prod", Map.of("bogusKey", "1"), NS + "bogusKey", "unknown key"),
                Arguments.of("prod", Map.of("environment", "production"), NS + "environment", "staging | prod"),
                Arguments.of("prod", mapWithNull("environment"), NS + "environment", "is required"),
                Arguments.of("prod", mapWithNull("aws:region"), "aws:region", "is required"),
                Arguments.of("prod", Map.of("aws:region", "useast1"), "aws:region", "us-east-1"),
                Arguments.of("prod", Map.of("availabilityZones", "[\"us-east-1a\",\"us-east-1b\"]"),
                        NS + "availabilityZones", "exactly 3"),
                Arguments.of("staging", Map.of("availabilityZones", "[\"us-east-1a\"]"),
                        NS + "availabilityZones", "2 or 3"),
                Arguments.of("prod", Map.of("availabilityZones", "[\"us-east-1a\",\"us-east-1a\",\"us-east-1b\"]"),
                        NS + "availabilityZones", "distinct"),
                Arguments.of("prod", Map.of("availabilityZones", "[\"eu-west-1a\",\"eu-west-1b\",\"eu-west-1c\"]"),
                        NS + "availabilityZones", "not a zone of us-east-1"),
                Arguments.of("prod", Map.of("availabilityZones", "us-east-1a"), NS + "availabilityZones", "list"),
                Arguments.of("prod", Map.of("vpcCidr", "10.0.0.0/8"), NS + "vpcCidr", "/16../20"),
                Arguments.of("prod", Map.of("vpcCidr", "8.8.0.0/16"), NS + "vpcCidr", "RFC 1918"),
                Arguments.of("prod", Map.of("vpcCidr", "10.0.0.300/16"), NS + "vpcCidr", "not an IPv4 CIDR"),
                Arguments.of("prod", Map.of("kubernetesVersion", "1.21"), NS + "kubernetesVersion", "1.30..1.34"),
                Arguments.of("prod", Map.of("publicAccessCidrs", "[\"0.0.0.0/0\"]"), NS + "publicAccessCidrs",
                        "internet"),
                Arguments.of("prod", Map.of("publicAccessCidrs", "[\"office\"]"), NS + "publicAccessCidrs", "CIDR"),
                Arguments.of("prod", Map.of("adminRoleArns", "[\"admin\"]"), NS + "adminRoleArns", "role ARN"),
                Arguments.of("prod", pools("m6in.4xlarge", "\"min\": 0, \"max\": 3"), NS + "nodePools.query.min",
                        "1..1000"),
                Arguments.of("prod", pools("m6in.4xlarge", "\"min\": -2, \"max\": 3"), NS + "nodePools.query.min",
                        "out of range"),
                Arguments.of("prod", pools("m6in.4xlarge", "\"min\": 3, \"max\": 2"), NS + "nodePools.query.max",
                        "max >= min"),
                Arguments.of("prod", pools("m6in.4xlarge", "\"min\": 3, \"desired\": 9, \"max\": 6"),
                        NS + "nodePools.query.desired", "outside min..max"),
                Arguments.of("prod", pools("m6in.4xlarge", "\"min\": \"three\", \"max\": 6"),
                        NS + "nodePools.query.min", "not a whole number"),
                Arguments.of("prod", pools("x9.huge", "\"min\": 1, \"max\": 6"),
                        NS + "nodePools.query.instanceType", "m6in.4xlarge"),
                Arguments.of("prod", pools("m6i.4xlarge", "\"min\": 1, \"max\": 6"),
                        NS + "nodePools.query.instanceType", "10.0 Gbps baseline"),
                Arguments.of("prod", pools("r6in.4xlarge", "\"min\": 1, \"max\": 6, \"size\": 1"),
                        NS + "nodePools.query.size", "unknown key"),
                Arguments.of("prod", Map.of("nodePools", "{\"query\": {\"instanceType\": \"m6in.4xlarge\", "
                        + "\"min\": 1, \"max\": 2}}"), NS + "nodePools.data", "is required"),
                Arguments.of("prod", Map.of("messageQueue", "kafka"), NS + "messageQueue", "msk | pulsar | woodpecker"),
                Arguments.of("prod", Map.of("msk", "{\"brokerCount\": 4}"), NS + "msk.brokerCount", "multiple"),
                Arguments.of("prod", Map.of("msk", "{\"brokerInstanceType\": \"kafka.t3.small\"}"),
                        NS + "msk.brokerInstanceType", "kafka.m7g.large"),
                Arguments.of("prod", Map.of("gp3Iops", "100"), NS + "gp3Iops", "3000..16000"),
                Arguments.of("prod", Map.of("gp3Iops", "lots"), NS + "gp3Iops", "whole number"),
                Arguments.of("prod", Map.of("bucketAccessLogging", "yes"), NS + "bucketAccessLogging", "true | false"),
                Arguments.of("prod", Map.of("bucketNoncurrentVersionDays", "0"), NS + "bucketNoncurrentVersionDays",
                        "1..3650"),
                Arguments.of("prod", Map.of("milvusImageTag", "latest"), NS + "milvusImageTag", "v2.6.15"),
                Arguments.of("prod", Map.of("milvusChartVersion", "5"), NS + "milvusChartVersion", "5.0.19"),
                Arguments.of("prod", Map.of("milvusNamespace", "Milvus_NS"), NS + "milvusNamespace", "namespace"),
                Arguments.of("prod", Map.of("proxyService", "LoadBalancer"), NS + "proxyService",
                        "clusterIP | internalNlb"),
                Arguments.of("prod", Map.of("etcdReplicas", "1"), NS + "etcdReplicas", "3 or 5 in prod"),
                Arguments.of("prod", Map.of("etcdReplicas", "4"), NS + "etcdReplicas", "odd"),
                Arguments.of("prod", collection("\"dim\": 1"), NS + "collection.dim", "2..32768"),
                Arguments.of("prod", collection("\"dim\": 40000"), NS + "collection.dim", "2..32768"),
                Arguments.of("prod", collection("\"dim\": 384.5"), NS + "collection.dim", "whole number"),
                Arguments.of("prod", collection("\"metric\": \"HAMMING\""), NS + "collection.metric", "COSINE"),
                Arguments.of("prod", collection("\"index\": {\"type\": \"SCANN\"}"), NS + "collection.index.type",
                        "IVF_FLAT"),
                Arguments.of("prod", collection("\"index\": {\"type\": \"HNSW\", \"params\": {\"nlist\": 5}}"),
                        NS + "collection.index.params.nlist", "unknown key"),
                Arguments.of("prod", collection("\"index\": {\"type\": \"IVF_FLAT\", \"params\": {\"nlist\": 0}}"),
                        NS + "collection.index.params.nlist", "1..65536"),
                Arguments.of("prod", collection("\"index\": {\"type\": \"IVF_PQ\", \"params\": {\"m\": 7}}"),
                        NS + "collection.index.params.m", "divisor of dim"),
                Arguments.of("prod", collection("\"shards\": 17"), NS + "collection.shards", "1..16"),
                Arguments.of("prod", collection("\"shards\": 0"), NS + "collection.shards", "1..16"),
                Arguments.of("prod", collection("\"partitions\": 5000"), NS + "collection.partitions", "0..1024"),
                Arguments.of("prod", collection("\"replicas\": 0"), NS + "collection.replicas", "1..10"),
                Arguments.of("prod", collection("\"name\": \"9docs\""), NS + "collection.name", "letters"),
                Arguments.of("prod", collection("\"mmap\": \"on\""), NS + "collection.mmap", "true | false"),
                Arguments.of("prod", collection("\"consistencyLevel\": \"WEAK\""), NS + "collection.consistencyLevel",
                        "BOUNDED"),
                Arguments.of("prod", Map.of("capacity", "{\"vectors\": 0}"), NS + "capacity.vectors", "1.."),
                Arguments.of("prod", Map.of("capacity", "{\"vectors\": 10, \"elementType\": \"int8\"}"),
                        NS + "capacity.elementType", "float32 | float16 | bfloat16"),
                Arguments.of("prod", mapWithNull("capacity"), NS + "capacity", "is required"),
                Arguments.of("prod", Map.of("collection", "[1, 2]"), NS + "collection", "must be a map; accepted: a map of consistencyLevel, database, dim"),
                Arguments.of("prod", Map.of("collection", "{not json"), NS + "collection", "not valid object"),
                Arguments.of("prod", mapWithNull(NS + "milvusRootPassword"), NS + "milvusRootPassword",
                        "pulumi config set --secret"),
                Arguments.of("prod", mapWithNull(NS + "mskScramPassword"), NS + "mskScramPassword",
                        "pulumi config set --secret"),
                Arguments.of("prod", Map.of("vpcCidr", "10.40.0.0/18"), NS + "vpcCidr", "prod needs /16 or /17"),
                Arguments.of("prod", Map.of("gp3Iops", "3000", "gp3ThroughputMiBps", "1000"),
                        NS + "gp3ThroughputMiBps", "at most 750"),
                Arguments.of("prod", Map.of("etcdReplicas", "5"), NS + "etcdReplicas", "infra pool runs 3"),
                Arguments.of("prod", collection("\"index\": {\"type\": \"DISKANN\"}"),
                        NS + "nodePools.query.instanceType", "local NVMe"),
                Arguments.of("prod", collection("\"mmap\": true"), NS + "nodePools.query.instanceType", "mmap"),
                // one zone group per replica (zones.QueryZones): 4 replicas cannot each have one of 3 zones
                Arguments.of("prod", collection("\"replicas\": 4"), NS + "collection.replicas",
                        "4 replicas need one zone each, availabilityZones lists 3; accepted: 1 to 3"),
                Arguments.of("prod", Map.of("capacity", "{\"elementType\": \"float32\"}"), NS + "capacity.vectors",
                        "is required"),
                Arguments.of("prod", collection("\"metric\": [\"L2\"]"), NS + "collection.metric",
                        "single value, not a list"),
                Arguments.of("prod", collection("\"dim\": {\"n\": 3}"), NS + "collection.dim",
                        "single value, not a map"),
                Arguments.of("prod", Map.of("vpcCidr", ""), NS + "vpcCidr", "has no value"),
                Arguments.of("staging", Map.of("existingVpc", "{\"vpcId\": \"vpc-0abc1234\", \"privateSubnetIds\": "
                        + "[\"subnet-0aaa1111\", \"subnet-0aaa2222\", \"subnet-0aaa3333\"], \"publicSubnetIds\": "
                        + "[\"subnet-0bbb1111\", \"subnet-0bbb2222\", \"subnet-0bbb3333\"]}", "vpcCidr", ""),
                        NS + "vpcCidr", "has no value"),
                Arguments.of("staging", Map.of("existingVpc", "{\"vpcId\": \"vpc-123\", \"privateSubnetIds\": [], "
                        + "\"publicSubnetIds\": []}"), NS + "existingVpc.vpcId", "vpc-<hex id>"),
                Arguments.of("staging", Map.of("existingVpc", "{\"vpcId\": \"vpc-0abc1234\", \"privateSubnetIds\": "
                        + "[\"subnet-0aaa1111\"], \"publicSubnetIds\": [\"subnet-0bbb2222\", \"subnet-0ccc3333\", "
                        + "\"subnet-0ddd4444\"]}"), NS + "existingVpc.privateSubnetIds", "one subnet"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("rules")
    void eachRuleNamesTheKeyAndWhatIsAccepted(String stack, Map<String, String> overrides, String key,
                                               String phrase) {
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> Stacks.settings(stack, overrides));
        assertThat(ex).as("config should be rejected").isNotNull();
        assertThat(ex.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.message()).contains(phrase);
        });
        ex.problems().forEach(p -> assertThat(p.toString()).doesNotContain("\n").startsWith("config error: "));
    }

    @Test
    void aPlaintextSecretIsRejected() {
        // a real value set without --secret (the committed placeholder is named by PlaceholderValues instead)
        var raw = Stacks.raw("prod", Map.of(NS + "milvusRootPassword", "correct-horse-battery"));
        var secrets = new java.util.HashSet<>(raw.secretKeys());
        secrets.remove(NS + "milvusRootPassword");
        var plain = new RawConfig(raw.project(), raw.stack(), raw.values(), secrets, true);
        assertThatThrownBy(() -> SettingsParser.parse(plain)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(NS + "milvusRootPassword: is stored in plain text");
    }

    @Test
    void rootPasswordLengthIsCheckedWithoutPrintingIt() {
        var tooLong = "p".repeat(73);
        var ex = catchThrowableOfType(InvalidConfigException.class,
                () -> Stacks.settings("prod", Map.of(NS + "milvusRootPassword", tooLong)));
        assertThat(ex.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(NS + "milvusRootPassword");
            assertThat(p.message()).contains("73 characters", "6..72").doesNotContain(tooLong);
        });
        assertThat(Stacks.settings("prod", Map.of(NS + "milvusRootPassword", "p".repeat(72))).secrets()
                .milvusRootPassword()).isTrue();
    }

    @Test
    void existingVpcNeedsTheVpcsOwnCidr() {
        var existing = "{\"vpcId\": \"vpc-0abc1234\", \"privateSubnetIds\": [\"subnet-0aaa1111\", "
                + "\"subnet-0aaa2222\", \"subnet-0aaa3333\"], \"publicSubnetIds\": [\"subnet-0bbb1111\", "
                + "\"subnet-0bbb2222\", \"subnet-0bbb3333\"]}";
        var withoutCidr = new HashMap<String, String>();
        withoutCidr.put("existingVpc", existing);
        withoutCidr.put("vpcCidr", null);
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> Stacks.settings("staging", withoutCidr));
        assertThat(ex.problems()).extracting(ConfigProblem::key).containsExactly(NS + "vpcCidr");
        assertThat(ex.problems().get(0).message()).contains("existing VPC's CIDR");
        assertThat(Stacks.settings("staging", Map.of("existingVpc", existing, "vpcCidr", "172.31.0.0/16"))
                .network().vpcCidr()).isEqualTo("172.31.0.0/16");
    }

    @Test
    void aSecureValueInAPlainKeyIsNamed() {
        var raw = Stacks.raw("staging", Map.of("proxyTls", "[secret]"));
        var secrets = new java.util.HashSet<>(raw.secretKeys());
        secrets.add(NS + "proxyTls");
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> SettingsParser.parse(
                new RawConfig(raw.project(), raw.stack(), raw.values(), secrets, true)));
        assertThat(ex.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(NS + "proxyTls");
            assertThat(p.message()).contains("stored as a secret", "milvusRootPassword");
        });
    }

    @Test
    void onDiskIndexesWithoutNvmeAreFineInStagingAndWithNvmeInProd() {
        assertThat(Stacks.settings("staging", collection("\"index\": {\"type\": \"DISKANN\"}")).collection()
                .index().type()).isEqualTo(IndexType.DISKANN);
        var nvmePools = "{\"query\": {\"instanceType\": \"i4i.8xlarge\", \"min\": 3, \"max\": 120, \"diskGiB\": 200}, "
                + "\"data\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 6, \"max\": 24}, "
                + "\"coord\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 2, \"max\": 6}, "
                + "\"infra\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 3, \"max\": 6}}";
        var s = Stacks.settings("prod", Map.of("nodePools", nvmePools,
                "collection", "{\"index\": {\"type\": \"DISKANN\"}, \"replicas\": 2}"));
        assertThat(s.pool(NodeRole.QUERY).instanceType()).isEqualTo("i4i.8xlarge");
    }

    @Test
    void scramPasswordIsOnlyRequiredWithMsk() {
        var overrides = new HashMap<String, String>();
        overrides.put("messageQueue", "woodpecker");
        overrides.put(NS + "mskScramPassword", null);
        var s = Stacks.settings("prod", overrides);
        assertThat(s.messageQueue()).isEqualTo(MessageQueue.WOODPECKER);
        assertThat(s.secrets().mskScramPassword()).isFalse();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        var ex = catchThrowableOfType(InvalidConfigException.class, () -> Stacks.settings("prod", Map.of(
                "environment", "qa", "vpcCidr", "nope", "messageQueue", "sqs")));
        assertThat(ex.problems()).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder(NS + "environment", NS + "vpcCidr", NS + "messageQueue");
    }

    @Test
    void defaultsApplyWhenOptionalKeysAreAbsent() {
        var overrides = new HashMap<String, String>();
        for (var k : List.of("gp3Iops", "milvusChartVersion", "milvusImageTag", "etcdReplicas", "proxyService")) {
            overrides.put(k, null);
        }
        overrides.put("collection", "{}");
        var s = Stacks.settings("prod", overrides);
        assertThat(s.storage().gp3Iops()).isEqualTo(3000);
        assertThat(s.milvus().chartVersion()).isEqualTo("5.0.19");
        assertThat(s.milvus().imageTag()).isEqualTo("v2.6.15");
        assertThat(s.milvus().etcdReplicas()).isEqualTo(3);
        assertThat(s.milvus().proxyService()).isEqualTo(ProxyExposure.CLUSTER_IP);
        assertThat(s.collection().name()).isEqualTo("documents");
        assertThat(s.collection().dim()).isEqualTo(384);
        assertThat(s.collection().index()).isEqualTo(new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096)));
        assertThat(s.collection().metric()).isEqualTo(MetricType.COSINE);
    }

    private static Map<String, String> mapWithNull(String key) {
        var m = new HashMap<String, String>();
        m.put(key, null);
        return m;
    }

    private static Map<String, String> pools(String queryType, String queryCounts) {
        var other = "{\"instanceType\": \"m6in.4xlarge\", \"min\": 1, \"max\": 3}";
        return Map.of("nodePools", "{\"query\": {\"instanceType\": \"" + queryType + "\", " + queryCounts + "}, "
                + "\"data\": " + other + ", \"coord\": " + other + ", \"infra\": " + other + "}");
    }

    private static Map<String, String> collection(String members) {
        return Map.of("collection", "{" + members + "}");
    }
}
