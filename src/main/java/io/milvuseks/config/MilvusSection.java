package io.milvuseks.config;

import com.google.gson.JsonObject;
import io.milvuseks.config.ConfigReader.BadValue;
import io.milvuseks.config.ConfigReader.Obj;
import io.milvuseks.instances.InstanceCatalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.milvuseks.config.ConfigReader.enumOf;
import static io.milvuseks.config.ConfigReader.parseLong;
import static io.milvuseks.config.ConfigReader.rangeInt;
import static io.milvuseks.config.SettingsParser.MIN_DIM;
import static io.milvuseks.config.SettingsParser.MAX_DIM;
import static io.milvuseks.config.SettingsParser.MAX_SHARDS;
import static io.milvuseks.config.SettingsParser.MAX_KEY_PARTITIONS;

/** What Milvus runs and holds: msk, the chart and image, collection (with its index), capacity. */
final class MilvusSection {

    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern IMAGE_TAG = Pattern.compile("v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern MILVUS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    private final ConfigReader reader;

    MilvusSection(ConfigReader reader) {
        this.reader = reader;
    }

    MskSettings msk(int azCount) {
        var defaults = new MskSettings("kafka.m7g.large", 3, 1000, MskVersions.RECOMMENDED);
        var el = reader.json(ConfigKey.MSK);
        if (el.isEmpty()) {
            return defaults;
        }
        var obj = reader.new Obj(reader.full(ConfigKey.MSK), el.get(),
                Set.of("brokerInstanceType", "brokerCount", "volumeGiB", "kafkaVersion"));
        if (!obj.ok()) {
            return defaults;
        }
        var type = obj.string("brokerInstanceType", defaults.brokerInstanceType(), null, null);
        if (type != null && InstanceCatalog.msk(type).isEmpty()) {
            reader.problem(obj.path("brokerInstanceType"), "'" + type + "' is not an MSK broker type the stack knows; "
                    + "accepted: " + String.join(", ", InstanceCatalog.mskNames()));
        }
        int brokers = obj.integer("brokerCount", defaults.brokerCount(), 1, 300);
        // azCount 0: the zone list itself is wrong and already reported; only the floor can be checked here.
        if (brokers > 0 && (brokers < 3 || (azCount > 0 && brokers % azCount != 0))) {
            reader.problem(obj.path("brokerCount"), brokers + " brokers; accepted: at least 3 and a multiple of the "
                    + (azCount > 0 ? azCount + " " : "") + "availability zones");
        }
        int volume = obj.integer("volumeGiB", defaults.volumeGiB(), 1, 16384);
        var version = obj.string("kafkaVersion", defaults.kafkaVersion(), null, null);
        if (version != null && !obj.reported("kafkaVersion") && !MskVersions.supported(version)) {
            // checked here, not when MSK's CreateCluster refuses it an hour into the apply
            reader.problem(obj.path("kafkaVersion"), "'" + version + "' is not a Kafka version MSK creates clusters "
                    + "with (" + MskVersions.SOURCE + (version.equals("3.6.0") ? "; 3.6.0 reached its end of support on "
                    + "2026-06-01" : "") + "); accepted: " + String.join(", ", MskVersions.SUPPORTED) + " ("
                    + MskVersions.RECOMMENDED + " is MSK's recommended version)");
            version = defaults.kafkaVersion();
        }
        return new MskSettings(type, brokers, volume, version);
    }

    MilvusSettings milvus(Environment env, boolean monitoring) {
        var chart = reader.stringKey(ConfigKey.MILVUS_CHART_VERSION, "5.0.19", SEMVER);
        var image = reader.stringKey(ConfigKey.MILVUS_IMAGE_TAG, "v2.6.15", IMAGE_TAG);
        var namespace = reader.stringKey(ConfigKey.MILVUS_NAMESPACE, "milvus", DNS_LABEL);
        var proxy = reader.scalar(ConfigKey.PROXY_SERVICE, ProxyExposure.CLUSTER_IP,
                        s -> enumOf(ProxyExposure.class, s))
                .orElse(ProxyExposure.CLUSTER_IP);
        boolean tls = reader.boolKey(ConfigKey.PROXY_TLS, false);
        // With the stack's own Prometheus operator the CRDs exist, so Milvus is scraped unless told otherwise.
        boolean monitor = reader.boolKey(ConfigKey.SERVICE_MONITOR, monitoring);
        int etcd = reader.scalar(ConfigKey.ETCD_REPLICAS, 3, s -> {
            int n = rangeInt(s, parseLong(s), 1, 7);
            boolean ok = env.isProd() ? (n == 3 || n == 5) : (n == 1 || n == 3);
            if (!ok) {
                throw new BadValue(n + " replicas");
            }
            return n;
        }).orElse(3);
        return new MilvusSettings(chart, image, namespace, proxy, tls, monitor, etcd);
    }

    CollectionSpec collection() {
        var key = reader.full(ConfigKey.COLLECTION);
        var el = reader.json(ConfigKey.COLLECTION);
        var obj = el.map(e -> reader.new Obj(key, e, Set.of("database", "name", "dim", "metric", "index",
                "timestampIndex", "shards", "partitions", "mmap", "consistencyLevel", "replicas"))).orElse(null);
        if (obj == null || !obj.ok()) {
            obj = reader.new Obj(key, new JsonObject(), Set.of());
        }
        var database = obj.string("database", "default", MILVUS_NAME, "letters, digits, _ (not starting with a digit)");
        var name = obj.string("name", "documents", MILVUS_NAME, "letters, digits, _ (not starting with a digit)");
        int dim = obj.integer("dim", 384, MIN_DIM, MAX_DIM);
        var metric = obj.enumValue("metric", MetricType.class, MetricType.COSINE);
        var index = index(obj, dim, !obj.reported("dim"));
        var ts = obj.enumValue("timestampIndex", ScalarIndexType.class, ScalarIndexType.STL_SORT);
        int shards = obj.integer("shards", 1, 1, MAX_SHARDS);
        int partitions = obj.integer("partitions", 0, 0, MAX_KEY_PARTITIONS);
        boolean mmap = obj.bool("mmap", false);
        var consistency = obj.enumValue("consistencyLevel", ConsistencyLevel.class, ConsistencyLevel.BOUNDED);
        int replicas = obj.integer("replicas", 1, 1, 10);
        return new CollectionSpec(database, name, dim, metric, index, ts, shards, partitions, mmap, consistency,
                replicas);
    }

    /** @param dimValid false when dim was reported: a parameter is then not checked against the default dim. */
    private IndexSpec index(Obj collection, int dim, boolean dimValid) {
        var child = collection.child("index", Set.of("type", "params"));
        if (child == null) {
            return new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096));
        }
        var type = child.enumValue("type", IndexType.class, IndexType.IVF_FLAT);
        if (child.reported("type")) {
            // the parameters belong to the type the user meant: checking them against the default is a follow-on
            return new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096));
        }
        var params = new LinkedHashMap<String, Integer>();
        var allowed = type.params();
        var paramsObj = child.child("params", allowed.keySet());
        if (paramsObj != null) {
            for (var p : allowed.entrySet()) {
                if (paramsObj.present(p.getKey())) {
                    params.put(p.getKey(), paramsObj.integer(p.getKey(), null, p.getValue().min(), p.getValue().max()));
                }
            }
        }
        if (dimValid && type == IndexType.IVF_PQ && params.containsKey("m") && params.get("m") > 0
                && dim % params.get("m") != 0) {
            reader.problem(child.path("params") + ".m", "m=" + params.get("m") + " does not divide dim " + dim
                    + "; accepted: a divisor of dim");
        }
        if (type.params().containsKey("nlist")) {
            params.putIfAbsent("nlist", 4096);
        }
        if (type.params().containsKey("M")) {
            params.putIfAbsent("M", 16);
            params.putIfAbsent("efConstruction", 200);
        }
        if (type == IndexType.IVF_PQ) {
            params.putIfAbsent("m", Math.max(1, dim / 8));
            params.putIfAbsent("nbits", 8);
        }
        return new IndexSpec(type, params);
    }

    CapacityTarget capacity() {
        var key = reader.full(ConfigKey.CAPACITY);
        var el = reader.json(ConfigKey.CAPACITY);
        var obj = el.map(e -> reader.new Obj(key, e, Set.of("vectors", "elementType", "scalarBytesPerEntity",
                "targetQps", "allowUndersized", "minRecall"))).orElse(null);
        if (reader.raw().get(key).isEmpty()) {
            reader.problem(key, "is required; accepted: " + ConfigKey.CAPACITY.accepted());
        }
        boolean given = obj != null && obj.ok();
        if (!given) {
            obj = reader.new Obj(key, new JsonObject(), Set.of());
        }
        // vectors is required inside capacity; a missing or malformed capacity is already the one problem
        long vectors = given ? obj.longValue("vectors", null, 1, 1_000_000_000_000L) : -1;
        var element = obj.enumValue("elementType", ElementType.class, ElementType.FLOAT32);
        int scalar = obj.integer("scalarBytesPerEntity", 200, 0, 1 << 20);
        int qps = obj.integer("targetQps", 100, 0, 10_000_000);
        boolean allow = obj.bool("allowUndersized", false);
        return new CapacityTarget(vectors, element, scalar, qps, allow, obj.fraction("minRecall",
                CapacityTarget.DEFAULT_MIN_RECALL));
    }
}
