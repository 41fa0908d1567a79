package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.RawConfig;
import io.milvuseks.config.SettingsParser;
import io.milvuseks.config.StackSettings;
import io.milvuseks.testing.Stacks;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

/** Stack configs for every environment x queue, with secret keys marked secret as the engine would. */
final class Fixtures {

    static final String MSK_JSON = "{\"brokerInstanceType\":\"kafka.m7g.xlarge\",\"brokerCount\":3,"
            + "\"volumeGiB\":1000,\"kafkaVersion\":\"3.8.x\"}";
    static final String BUCKET = "milvus-eks-test-bucket";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/milvus-eks-test-milvus";
    static final String BROKERS = "b-1.example.kafka.us-east-1.amazonaws.com:9096,"
            + "b-2.example.kafka.us-east-1.amazonaws.com:9096";

    private Fixtures() {
    }

    /** The real stack file with the queue switched (and what that queue needs), plus extra overrides. */
    static RawConfig raw(String stack, MessageQueue queue, Map<String, String> overrides, Map<String, String> secrets) {
        var o = new HashMap<String, String>(overrides);
        o.put("messageQueue", queue.wire());
        if (queue == MessageQueue.MSK) {
            o.putIfAbsent("msk", MSK_JSON);
        }
        var base = Stacks.raw(stack, o);
        var values = new HashMap<>(base.values());
        var secretKeys = new HashSet<>(base.secretKeys());
        if (queue == MessageQueue.MSK && !values.containsKey(key("mskScramPassword"))) {
            values.put(key("mskScramPassword"), "placeholder-scram");
            secretKeys.add(key("mskScramPassword"));
        }
        secrets.forEach((k, v) -> {
            values.put(key(k), v);
            secretKeys.add(key(k));
        });
        return new RawConfig(base.project(), base.stack(), values, secretKeys, true);
    }

    /** Prod's node pools with five infra nodes: room for five etcd members on distinct hosts. */
    static final String PROD_POOLS_FIVE_INFRA = "{\"query\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, "
            + "\"max\": 120, \"diskGiB\": 200}, \"data\": {\"instanceType\": \"m6in.4xlarge\", \"min\": 3, "
            + "\"desired\": 6, \"max\": 24, \"diskGiB\": 500}, \"coord\": {\"instanceType\": \"m6in.4xlarge\", "
            + "\"min\": 2, \"desired\": 3, \"max\": 6, \"diskGiB\": 100}, \"infra\": {\"instanceType\": "
            + "\"m6in.4xlarge\", \"min\": 5, \"desired\": 5, \"max\": 6, \"diskGiB\": 200}}";

    static StackSettings settings(String stack, MessageQueue queue) {
        return settings(stack, queue, Map.of());
    }

    static StackSettings settings(String stack, MessageQueue queue, Map<String, String> overrides) {
        return SettingsParser.parse(raw(stack, queue, overrides, Map.of()));
    }

    static Map<NodeRole, Integer> nodeCounts(StackSettings s) {
        var counts = new EnumMap<NodeRole, Integer>(NodeRole.class);
        s.nodePools().forEach((role, pool) -> counts.put(role, pool.desired().orElse(pool.min())));
        return counts;
    }

    static MilvusValues values(StackSettings s) {
        var inputs = new DeployInputs(BUCKET, ROLE_ARN,
                s.messageQueue() == MessageQueue.MSK ? Optional.of(BROKERS) : Optional.empty());
        return MilvusValuesFactory.build(s, MilvusSizing.plan(s, nodeCounts(s)), inputs);
    }

    static Map<String, Object> map(String stack, MessageQueue queue) {
        return values(settings(stack, queue)).toMap();
    }

    private static String key(String k) {
        return Stacks.PROJECT + ":" + k;
    }
}
