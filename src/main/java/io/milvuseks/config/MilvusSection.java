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
        var options = new LinkedHashMap<String, String>();
        var allowed = type.params();
        var keys = new java.util.HashSet<>(allowed.keySet());
        keys.addAll(type.options().keySet());
        var paramsObj = child.child("params", keys);
        if (paramsObj != null) {
            for (var p : allowed.entrySet()) {
                if (paramsObj.present(p.getKey())) {
                    params.put(p.getKey(), paramsObj.integer(p.getKey(), null, p.getValue().min(), p.getValue().max()));
                }
            }
            options(paramsObj, type, options);
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
        return new IndexSpec(type, params, options);
    }

    /**
     * Text build parameters (IndexType.options): refine as a boolean, the precisions as one of their names; a
     * refine_type needs refine: true and must be more precise than HNSW_SQ's sq_type (Milvus docs, hnsw-sq.md:
     * "refine_type ... must be higher than that of sq_type").
     */
    private void options(Obj paramsObj, IndexType type, Map<String, String> options) {
        for (var o : type.options().entrySet()) {
            if (!paramsObj.present(o.getKey())) {
                continue;
            }
            String v = o.getKey().equals("refine") ? String.valueOf(paramsObj.bool("refine", false))
                    : paramsObj.string(o.getKey(), null, Pattern.compile(String.join("|", o.getValue())),
                    String.join(" | ", o.getValue()));
            if (v != null && !paramsObj.reported(o.getKey())) {
                options.put(o.getKey(), v);
            }
        }
        if (options.containsKey("refine_type") && !"true".equals(options.get("refine"))) {
            reader.problem(paramsObj.path("refine_type"), "refine_type " + options.get("refine_type") + " without "
                    + "refine: true is ignored by Milvus; accepted: refine: true beside it, or no refine_type");
        }
        if (options.containsKey("refine_type") && IndexType.bytesPerDim(options.get("refine_type"))
                <= IndexType.bytesPerDim(options.getOrDefault("sq_type", type == IndexType.HNSW_SQ ? "SQ8" : "SQ4U"))) {
            reader.problem(paramsObj.path("refine_type"), "refine_type " + options.get("refine_type") + " is not more "
                    + "precise than the codes it reranks (" + options.getOrDefault("sq_type", type == IndexType.HNSW_SQ
                    ? "sq_type SQ8" : "1-bit RaBitQ") + "); accepted: a more precise refine_type ("
                    + String.join(", ", type.options().get("refine_type")) + ")");
        }
    }

    /**
     * Index features newer than the image: IVF_RABITQ and HNSW_SQ's refine are Milvus 2.6 (milvus.io/docs/
     * ivf-rabitq.md, hnsw-sq.md), HNSW_SQ's sq_type SQ4U 2.6.8 ("Compatible with Milvus 2.6.8+"). One problem on
     * collection.index.type when the configured image is older.
     */
    void indexNeedsVersion(CollectionSpec collection, MilvusSettings milvus) {
        var index = collection.index();
        boolean sq4u = index.type() == IndexType.HNSW_SQ && "SQ4U".equals(index.option("sq_type", ""));
        int[] need = sq4u ? new int[] {2, 6, 8}
                : index.type() == IndexType.IVF_RABITQ || index.refined() ? new int[] {2, 6, 0} : null;
        var m = java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+).*").matcher(milvus.imageTag());
        if (need == null || !m.matches()) {
            return;
        }
        int[] have = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        if (java.util.Arrays.compare(have, need) < 0) {
            reader.problem(reader.full(ConfigKey.COLLECTION) + ".index", index.type().wire() + " " + index.options()
                    + " needs Milvus v" + need[0] + "." + need[1] + "." + need[2] + " or later, milvusImageTag is "
                    + milvus.imageTag() + "; accepted: a later milvusImageTag, or another index");
        }
    }

    CapacityTarget capacity(Environment env) {
        var key = reader.full(ConfigKey.CAPACITY);
        var el = reader.json(ConfigKey.CAPACITY);
        var obj = el.map(e -> reader.new Obj(key, e, Set.of("vectors", "elementType", "scalarBytesPerEntity",
                "targetQps", "allowUndersized", "minRecall", "undersizedReason"))).orElse(null);
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
        var reason = obj.string("undersizedReason", "", null, null).trim();
        // issue 24: in prod an undersized plan is a decision someone writes down, never a switch flipped in passing
        if (env.isProd() && allow && reason.isEmpty() && !obj.reported("undersizedReason")) {
            reader.problem(key + ".undersizedReason", "is required in prod with allowUndersized: true; accepted: a "
                    + "sentence saying why the stack runs short of its targets, kept in the stack file");
        }
        return new CapacityTarget(vectors, element, scalar, qps, allow, obj.fraction("minRecall",
                CapacityTarget.DEFAULT_MIN_RECALL), reason);
    }
}
