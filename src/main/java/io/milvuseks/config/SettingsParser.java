package io.milvuseks.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.RoleFloor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns {@link RawConfig} into {@link StackSettings}, collecting every problem (one per key) instead of stopping at
 * the first, so a reviewer fixes a stack file in one pass.
 */
public final class SettingsParser {

    /** Milvus accepts FLOAT_VECTOR dimensions from 2 to 32,768 (proxy.maxDimension). */
    public static final int MIN_DIM = 2;
    public static final int MAX_DIM = 32_768;
    /** Milvus caps shards per collection at 16 (proxy.maxShardNum). */
    public static final int MAX_SHARDS = 16;
    /** Milvus caps partitions made by a partition key at 1,024 (rootCoord.maxPartitionNum allows more, keys not). */
    public static final int MAX_KEY_PARTITIONS = 1024;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final Pattern K8S_VERSION = Pattern.compile("1\\.(3[0-4])");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern IMAGE_TAG = Pattern.compile("v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern MILVUS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");
    private static final Pattern KAFKA_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(\\.x)?");

    private final RawConfig raw;
    private final String ns;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private SettingsParser(RawConfig raw) {
        this.raw = raw;
        this.ns = raw.project();
    }

    /** Parses and validates; throws {@link InvalidConfigException} listing every problem. */
    public static StackSettings parse(RawConfig raw) {
        var parser = new SettingsParser(raw);
        var settings = parser.run();
        if (!parser.problems.isEmpty()) {
            throw new InvalidConfigException(parser.problems);
        }
        return settings;
    }

    private StackSettings run() {
        unknownKeys();
        var env = scalar(ConfigKey.ENVIRONMENT, null, s -> enumOf(Environment.class, s)).orElse(null);
        Environment e = env == null ? Environment.STAGING : env;
        if (env == null && raw.get(full(ConfigKey.ENVIRONMENT)).isEmpty()) {
            problem(full(ConfigKey.ENVIRONMENT), "is required; accepted: " + ConfigKey.ENVIRONMENT.accepted());
        }
        String region = raw.get("aws:region").orElse(null);
        if (region == null) {
            problem("aws:region", "is required; accepted: an AWS region such as us-east-1");
        } else if (!REGION.matcher(region).matches()) {
            problem("aws:region", "'" + region + "' is not an AWS region name; accepted: e.g. us-east-1");
            region = null;
        }
        var network = network(e, region);
        var cluster = cluster(e);
        var pools = nodePools(e);
        var queue = scalar(ConfigKey.MESSAGE_QUEUE, null, s -> enumOf(MessageQueue.class, s)).orElse(null);
        if (queue == null && raw.get(full(ConfigKey.MESSAGE_QUEUE)).isEmpty()) {
            problem(full(ConfigKey.MESSAGE_QUEUE), "is required; accepted: " + ConfigKey.MESSAGE_QUEUE.accepted());
        }
        var msk = msk(network.availabilityZones().size());
        var storage = new StorageSettings(
                intKey(ConfigKey.BUCKET_NONCURRENT_VERSION_DAYS, 30, 1, 3650),
                boolKey(ConfigKey.BUCKET_ACCESS_LOGGING, e.isProd()),
                intKey(ConfigKey.GP3_IOPS, 3000, 3000, 16000),
                intKey(ConfigKey.GP3_THROUGHPUT, 125, 125, 1000));
        if (storage.gp3ThroughputMiBps() > storage.gp3Iops() / 4) {
            problem(full(ConfigKey.GP3_THROUGHPUT), storage.gp3ThroughputMiBps() + " MiB/s exceeds what "
                    + storage.gp3Iops() + " IOPS allow (gp3: at most 0.25 MiB/s per IOPS); accepted: at most "
                    + storage.gp3Iops() / 4 + ", or raise gp3Iops");
        }
        var monitoring = monitoring(e);
        var milvus = milvus(e, monitoring.enabled());
        var collection = collection();
        var capacity = capacity();
        var secrets = secrets(queue);
        crossChecks(e, network, pools, milvus, collection);
        return new StackSettings(ns, raw.stack(), e, region, network, cluster, pools, queue, msk, storage, milvus,
                collection, capacity, monitoring, secrets);
    }

    /** Rules that tie keys together; each names the key a user would change. */
    private void crossChecks(Environment env, NetworkSettings network, Map<NodeRole, NodePool> pools,
                             MilvusSettings milvus, CollectionSpec collection) {
        if (network.existingVpc().isPresent() && raw.get(full(ConfigKey.VPC_CIDR)).isEmpty()) {
            problem(full(ConfigKey.VPC_CIDR), "is required with existingVpc; accepted: the existing VPC's CIDR "
                    + "(the internal load balancer and the endpoints admit it)");
        }
        var infra = pools.get(NodeRole.INFRA);
        if (infra != null && infra.min() > 0) {
            int nodes = infra.desired().orElse(infra.min());
            if (milvus.etcdReplicas() > nodes) {
                // etcd members require distinct nodes (required anti-affinity): extra members would stay Pending
                problem(full(ConfigKey.ETCD_REPLICAS), milvus.etcdReplicas() + " etcd members need as many infra "
                        + "nodes, the infra pool runs " + nodes + "; accepted: at most " + nodes
                        + ", or raise nodePools.infra.desired");
            }
        }
        var query = pools.get(NodeRole.QUERY);
        boolean onDisk = collection.index().type().onDisk() || collection.mmap();
        if (env.isProd() && onDisk && query != null && query.instanceType() != null) {
            InstanceCatalog.ec2(query.instanceType()).filter(t -> !t.hasLocalNvme()).ifPresent(t -> problem(
                    full(ConfigKey.NODE_POOLS) + ".query.instanceType", t.name() + " has no local NVMe, which "
                            + (collection.mmap() ? "mmap" : "DISKANN") + " reads at random in prod; accepted: a type "
                            + "with local NVMe (" + String.join(", ", InstanceCatalog.ec2Types().stream()
                            .filter(x -> x.hasLocalNvme()).map(x -> x.name()).toList()) + ")"));
        }
    }

    // ---- keys -----------------------------------------------------------------------------------------------

    private void unknownKeys() {
        if (!raw.keysComplete()) {
            return;
        }
        var known = new HashSet<>(ConfigKey.names());
        for (var key : raw.values().keySet()) {
            int colon = key.indexOf(':');
            if (colon < 0 || !key.substring(0, colon).equals(ns)) {
                continue; // other namespaces (aws:, kubernetes:) belong to their providers
            }
            var local = key.substring(colon + 1);
            if (!known.contains(local)) {
                problem(key, "unknown key; accepted keys: " + String.join(", ", ConfigKey.names()));
            }
        }
    }

    private String full(ConfigKey key) {
        return key.full(ns);
    }

    private void problem(String key, String message) {
        problems.add(new ConfigProblem(key, message));
    }

    /**
     * The raw value of a non-secret key, or empty when absent; an empty value, or one stored as a secret, is a
     * problem (the key is then treated as absent, so one mistake gives one line).
     */
    private Optional<String> value(ConfigKey key) {
        var k = full(key);
        var value = raw.get(k);
        if (value.isEmpty()) {
            return value;
        }
        if (raw.isSecret(k)) {
            problem(k, "is stored as a secret; accepted: a plain value (only " + ConfigKey.MILVUS_ROOT_PASSWORD.key()
                    + " and " + ConfigKey.MSK_SCRAM_PASSWORD.key() + " are secrets)");
            return Optional.empty();
        }
        if (value.get().isBlank()) {
            problem(k, "has no value; accepted: " + key.accepted() + ", or remove the key for its default");
            return Optional.empty();
        }
        return value;
    }

    private <T> Optional<T> scalar(ConfigKey key, T fallback, Function<String, T> parse) {
        var value = value(key);
        if (value.isEmpty()) {
            return Optional.ofNullable(fallback);
        }
        try {
            return Optional.of(parse.apply(value.get().trim()));
        } catch (BadValue bad) {
            problem(full(key), bad.getMessage() + "; accepted: " + key.accepted());
            return Optional.ofNullable(fallback);
        }
    }

    private int intKey(ConfigKey key, int fallback, int min, int max) {
        return scalar(key, fallback, s -> rangeInt(parseLong(s), min, max)).orElse(fallback);
    }

    private boolean boolKey(ConfigKey key, boolean fallback) {
        return scalar(key, fallback, SettingsParser::parseBool).orElse(fallback);
    }

    private String stringKey(ConfigKey key, String fallback, Pattern pattern) {
        return scalar(key, fallback, s -> {
            if (!pattern.matcher(s).matches()) {
                throw new BadValue("'" + s + "' is not valid");
            }
            return s;
        }).orElse(fallback);
    }

    private Optional<JsonElement> json(ConfigKey key) {
        var value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonParser.parseString(value.get()));
        } catch (JsonSyntaxException ex) {
            problem(full(key), "is not valid " + key.kind().name().toLowerCase() + "; accepted: " + key.accepted());
            return Optional.empty();
        }
    }

    private List<String> stringList(ConfigKey key, List<String> fallback) {
        var el = json(key);
        if (el.isEmpty()) {
            return fallback;
        }
        if (!el.get().isJsonArray()) {
            problem(full(key), "must be a list; accepted: " + key.accepted());
            return fallback;
        }
        return strings(full(key), el.get().getAsJsonArray());
    }

    private List<String> strings(String path, JsonArray array) {
        var out = new ArrayList<String>();
        for (int i = 0; i < array.size(); i++) {
            var item = array.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                problem(path + "[" + i + "]", "must be a string");
            } else {
                out.add(item.getAsString());
            }
        }
        return out;
    }

    // ---- sections -------------------------------------------------------------------------------------------

    private NetworkSettings network(Environment env, String region) {
        var azKey = full(ConfigKey.AVAILABILITY_ZONES);
        List<String> azs = stringList(ConfigKey.AVAILABILITY_ZONES, List.of());
        if (raw.get(azKey).isEmpty()) {
            problem(azKey, "is required; accepted: " + ConfigKey.AVAILABILITY_ZONES.accepted());
        } else {
            int need = env.isProd() ? 3 : 2;
            if (azs.size() < need || azs.size() > 3) {
                problem(azKey, "lists " + azs.size() + " zones; accepted: "
                        + (env.isProd() ? "exactly 3 distinct zones in prod" : "2 or 3 distinct zones"));
            } else if (new HashSet<>(azs).size() != azs.size()) {
                problem(azKey, "lists a zone twice; accepted: distinct zones");
            }
            if (region != null) {
                for (var az : azs) {
                    if (!az.matches(Pattern.quote(region) + "[a-z]")) {
                        problem(azKey, "'" + az + "' is not a zone of " + region + "; accepted: e.g. " + region + "a");
                    }
                }
            }
        }
        var cidr = scalar(ConfigKey.VPC_CIDR, "10.0.0.0/16", s -> {
            var parsed = Cidr.parse(s).orElseThrow(() -> new BadValue("'" + s + "' is not an IPv4 CIDR"));
            if (parsed.prefix() < 16 || parsed.prefix() > 20) {
                throw new BadValue("/" + parsed.prefix() + " is out of range");
            }
            // With the VPC CNI every pod and each node's warm ENI take VPC addresses: a prod pool of 100+ nodes
            // needs the /20 private subnets a /17 gives.
            if (env.isProd() && parsed.prefix() > 17) {
                throw new BadValue("/" + parsed.prefix() + " is too small for prod (pods take VPC addresses); prod "
                        + "needs /16 or /17");
            }
            if (!parsed.isPrivate()) {
                throw new BadValue(s + " is not in a private (RFC 1918) range");
            }
            return parsed.toString();
        }).orElse("10.0.0.0/16");
        Optional<ExistingVpc> existing = json(ConfigKey.EXISTING_VPC).flatMap(el -> existingVpc(el, azs.size()));
        return new NetworkSettings(cidr, azs, existing);
    }

    private Optional<ExistingVpc> existingVpc(JsonElement el, int azCount) {
        var obj = new Obj(full(ConfigKey.EXISTING_VPC), el, Set.of("vpcId", "privateSubnetIds", "publicSubnetIds"));
        if (!obj.ok()) {
            return Optional.empty();
        }
        String vpcId = obj.string("vpcId", null, Pattern.compile("vpc-[0-9a-f]{8,17}"), "vpc-<hex id>");
        var priv = obj.strings("privateSubnetIds");
        var pub = obj.strings("publicSubnetIds");
        for (var entry : Map.of("privateSubnetIds", priv, "publicSubnetIds", pub).entrySet()) {
            if (entry.getValue().size() != azCount) {
                problem(obj.path(entry.getKey()), "lists " + entry.getValue().size()
                        + " subnets; accepted: one subnet-<id> per availability zone (" + azCount + ")");
            }
            for (var id : entry.getValue()) {
                if (!id.matches("subnet-[0-9a-f]{8,17}")) {
                    problem(obj.path(entry.getKey()), "'" + id + "' is not a subnet id; accepted: subnet-<hex id>");
                }
            }
        }
        return vpcId == null ? Optional.empty() : Optional.of(new ExistingVpc(vpcId, priv, pub));
    }

    private ClusterSettings cluster(Environment env) {
        var version = stringKey(ConfigKey.KUBERNETES_VERSION, "1.33", K8S_VERSION);
        var cidrs = stringList(ConfigKey.PUBLIC_ACCESS_CIDRS, List.of());
        for (var c : cidrs) {
            var parsed = Cidr.parse(c);
            if (parsed.isEmpty()) {
                problem(full(ConfigKey.PUBLIC_ACCESS_CIDRS), "'" + c + "' is not an IPv4 CIDR; accepted: "
                        + ConfigKey.PUBLIC_ACCESS_CIDRS.accepted());
            } else if (env.isProd() && parsed.get().prefix() == 0) {
                problem(full(ConfigKey.PUBLIC_ACCESS_CIDRS), "0.0.0.0/0 opens the API endpoint to the internet; "
                        + "accepted in prod: [] (private only) or specific office/VPN CIDRs");
            }
        }
        var admins = stringList(ConfigKey.ADMIN_ROLE_ARNS, List.of());
        for (var arn : admins) {
            if (!ROLE_ARN.matcher(arn).matches()) {
                problem(full(ConfigKey.ADMIN_ROLE_ARNS), "'" + arn + "' is not an IAM role ARN; accepted: "
                        + "arn:aws:iam::<account>:role/<name>");
            }
        }
        return new ClusterSettings(version, cidrs, admins);
    }

    private Map<NodeRole, NodePool> nodePools(Environment env) {
        var pools = new EnumMap<NodeRole, NodePool>(NodeRole.class);
        var key = full(ConfigKey.NODE_POOLS);
        var el = json(ConfigKey.NODE_POOLS);
        if (raw.get(key).isEmpty()) {
            problem(key, "is required; accepted: " + ConfigKey.NODE_POOLS.accepted());
            return pools;
        }
        if (el.isEmpty()) {
            return pools;
        }
        var roles = new LinkedHashMap<String, NodeRole>();
        for (var r : NodeRole.values()) {
            roles.put(r.wire(), r);
        }
        var obj = new Obj(key, el.get(), roles.keySet());
        if (!obj.ok()) {
            return pools;
        }
        for (var entry : roles.entrySet()) {
            var child = obj.child(entry.getKey(), Set.of("instanceType", "min", "desired", "max", "diskGiB"));
            if (child == null) {
                problem(obj.path(entry.getKey()), "is required; accepted: "
                        + "{instanceType, min, desired (optional: planner decides), max, diskGiB}");
                continue;
            }
            var role = entry.getValue();
            var type = child.string("instanceType", null, null, null);
            if (type != null) {
                var known = InstanceCatalog.ec2(type);
                if (known.isEmpty()) {
                    problem(child.path("instanceType"), "'" + type + "' is not an instance type the stack knows; "
                            + "accepted: " + String.join(", ", InstanceCatalog.ec2Names()));
                } else {
                    var floor = RoleFloor.of(env, role);
                    var misses = floor.shortfalls(known.get());
                    if (!misses.isEmpty()) {
                        problem(child.path("instanceType"), type + " misses the " + env.wire() + " " + role.wire()
                                + " floor (" + String.join(", ", misses) + "); accepted: a type with at least "
                                + floor);
                    }
                }
            }
            int min = child.integer("min", null, 1, 1000);
            int max = child.integer("max", null, 1, 1000);
            Integer desired = child.has("desired") ? child.integer("desired", null, 1, 1000) : null;
            int disk = child.integer("diskGiB", 100, 20, 16384);
            if (min > 0 && max > 0 && max < min) {
                problem(child.path("max"), max + " is below min " + min + "; accepted: max >= min");
            }
            if (desired != null && desired > 0 && min > 0 && max > 0 && (desired < min || desired > max)) {
                problem(child.path("desired"), desired + " is outside min..max (" + min + ".." + max + ")");
            }
            pools.put(role, new NodePool(type, Math.max(min, 0), desired == null || desired <= 0
                    ? OptionalInt.empty() : OptionalInt.of(desired), Math.max(max, 0), disk));
        }
        return pools;
    }

    private MskSettings msk(int azCount) {
        var defaults = new MskSettings("kafka.m7g.large", 3, 1000, "3.6.0");
        var el = json(ConfigKey.MSK);
        if (el.isEmpty()) {
            return defaults;
        }
        var obj = new Obj(full(ConfigKey.MSK), el.get(),
                Set.of("brokerInstanceType", "brokerCount", "volumeGiB", "kafkaVersion"));
        if (!obj.ok()) {
            return defaults;
        }
        var type = obj.string("brokerInstanceType", defaults.brokerInstanceType(), null, null);
        if (type != null && InstanceCatalog.msk(type).isEmpty()) {
            problem(obj.path("brokerInstanceType"), "'" + type + "' is not an MSK broker type the stack knows; "
                    + "accepted: " + String.join(", ", InstanceCatalog.mskNames()));
        }
        int brokers = obj.integer("brokerCount", defaults.brokerCount(), 1, 300);
        int zones = Math.max(azCount, 1);
        if (brokers > 0 && (brokers < 3 || brokers % zones != 0)) {
            problem(obj.path("brokerCount"), brokers + " brokers; accepted: at least 3 and a multiple of the "
                    + zones + " availability zones");
        }
        int volume = obj.integer("volumeGiB", defaults.volumeGiB(), 1, 16384);
        var version = obj.string("kafkaVersion", defaults.kafkaVersion(), KAFKA_VERSION, "e.g. 3.6.0");
        return new MskSettings(type, brokers, volume, version);
    }

    private MilvusSettings milvus(Environment env, boolean monitoring) {
        var chart = stringKey(ConfigKey.MILVUS_CHART_VERSION, "5.0.19", SEMVER);
        var image = stringKey(ConfigKey.MILVUS_IMAGE_TAG, "v2.6.15", IMAGE_TAG);
        var namespace = stringKey(ConfigKey.MILVUS_NAMESPACE, "milvus", DNS_LABEL);
        var proxy = scalar(ConfigKey.PROXY_SERVICE, ProxyExposure.CLUSTER_IP, s -> enumOf(ProxyExposure.class, s))
                .orElse(ProxyExposure.CLUSTER_IP);
        boolean tls = boolKey(ConfigKey.PROXY_TLS, false);
        // With the stack's own Prometheus operator the CRDs exist, so Milvus is scraped unless told otherwise.
        boolean monitor = boolKey(ConfigKey.SERVICE_MONITOR, monitoring);
        int etcd = scalar(ConfigKey.ETCD_REPLICAS, 3, s -> {
            int n = rangeInt(parseLong(s), 1, 7);
            boolean ok = env.isProd() ? (n == 3 || n == 5) : (n == 1 || n == 3);
            if (!ok) {
                throw new BadValue(n + " replicas");
            }
            return n;
        }).orElse(3);
        return new MilvusSettings(chart, image, namespace, proxy, tls, monitor, etcd);
    }

    private CollectionSpec collection() {
        var key = full(ConfigKey.COLLECTION);
        var el = json(ConfigKey.COLLECTION);
        var obj = el.map(e -> new Obj(key, e, Set.of("database", "name", "dim", "metric", "index", "timestampIndex",
                "shards", "partitions", "mmap", "consistencyLevel", "replicas"))).orElse(null);
        if (obj == null || !obj.ok()) {
            obj = new Obj(key, new JsonObject(), Set.of());
        }
        var database = obj.string("database", "default", MILVUS_NAME, "letters, digits, _ (not starting with a digit)");
        var name = obj.string("name", "documents", MILVUS_NAME, "letters, digits, _ (not starting with a digit)");
        int dim = obj.integer("dim", 384, MIN_DIM, MAX_DIM);
        var metric = obj.enumValue("metric", MetricType.class, MetricType.COSINE);
        var index = index(obj, dim);
        var ts = obj.enumValue("timestampIndex", ScalarIndexType.class, ScalarIndexType.STL_SORT);
        int shards = obj.integer("shards", 1, 1, MAX_SHARDS);
        int partitions = obj.integer("partitions", 0, 0, MAX_KEY_PARTITIONS);
        boolean mmap = obj.bool("mmap", false);
        var consistency = obj.enumValue("consistencyLevel", ConsistencyLevel.class, ConsistencyLevel.BOUNDED);
        int replicas = obj.integer("replicas", 1, 1, 10);
        return new CollectionSpec(database, name, dim, metric, index, ts, shards, partitions, mmap, consistency,
                replicas);
    }

    private IndexSpec index(Obj collection, int dim) {
        var child = collection.child("index", Set.of("type", "params"));
        if (child == null) {
            return new IndexSpec(IndexType.IVF_FLAT, Map.of("nlist", 4096));
        }
        var type = child.enumValue("type", IndexType.class, IndexType.IVF_FLAT);
        var params = new LinkedHashMap<String, Integer>();
        var allowed = type.params();
        var paramsObj = child.child("params", allowed.keySet());
        if (paramsObj != null) {
            for (var p : allowed.entrySet()) {
                if (paramsObj.has(p.getKey())) {
                    params.put(p.getKey(), paramsObj.integer(p.getKey(), null, p.getValue().min(), p.getValue().max()));
                }
            }
        }
        if (type == IndexType.IVF_PQ && params.containsKey("m") && params.get("m") > 0 && dim % params.get("m") != 0) {
            problem(child.path("params") + ".m", "m=" + params.get("m") + " does not divide dim " + dim
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

    private MonitoringSettings monitoring(Environment env) {
        var key = full(ConfigKey.MONITORING);
        var defaults = MonitoringSettings.defaults(env);
        var el = json(ConfigKey.MONITORING);
        if (el.isEmpty()) {
            return defaults;
        }
        var obj = new Obj(key, el.get(), Set.of("enabled", "alertEmail", "retentionDays", "searchP99Ms",
                "loadP99Minutes"));
        if (!obj.ok()) {
            return defaults;
        }
        boolean enabled = obj.bool("enabled", defaults.enabled());
        var email = obj.has("alertEmail")
                ? Optional.ofNullable(obj.string("alertEmail", null, EMAIL, "an e-mail address, e.g. oncall@example.com"))
                : Optional.<String>empty();
        int retention = obj.integer("retentionDays", defaults.retentionDays(), 1, 365);
        int searchP99 = obj.integer("searchP99Ms", defaults.searchP99Ms(), 1, 60_000);
        int loadP99 = obj.integer("loadP99Minutes", defaults.loadP99Minutes(), 1, 29);
        if (!enabled && email.isPresent()) {
            problem(obj.path("alertEmail"), "needs monitoring.enabled: true (alerts come from its Alertmanager); "
                    + "accepted: remove alertEmail, or enable monitoring");
        }
        return new MonitoringSettings(enabled, email, retention, searchP99, loadP99);
    }

    private CapacityTarget capacity() {
        var key = full(ConfigKey.CAPACITY);
        var el = json(ConfigKey.CAPACITY);
        var obj = el.map(e -> new Obj(key, e, Set.of("vectors", "elementType", "scalarBytesPerEntity", "targetQps",
                "allowUndersized"))).orElse(null);
        if (raw.get(key).isEmpty()) {
            problem(key, "is required; accepted: " + ConfigKey.CAPACITY.accepted());
        }
        if (obj == null || !obj.ok()) {
            obj = new Obj(key, new JsonObject(), Set.of());
        }
        long vectors = obj.longValue("vectors", null, 1, 1_000_000_000_000L);
        var element = obj.enumValue("elementType", ElementType.class, ElementType.FLOAT32);
        int scalar = obj.integer("scalarBytesPerEntity", 200, 0, 1 << 20);
        int qps = obj.integer("targetQps", 100, 0, 10_000_000);
        boolean allow = obj.bool("allowUndersized", false);
        return new CapacityTarget(vectors, element, scalar, qps, allow);
    }

    private StackSettings.SecretsPresent secrets(MessageQueue queue) {
        boolean root = secret(ConfigKey.MILVUS_ROOT_PASSWORD, true);
        boolean scram = secret(ConfigKey.MSK_SCRAM_PASSWORD, queue == MessageQueue.MSK);
        return new StackSettings.SecretsPresent(root, scram);
    }

    private boolean secret(ConfigKey key, boolean required) {
        var k = full(key);
        var value = raw.get(k);
        if (value.isEmpty() || value.get().isEmpty()) {
            if (required) {
                problem(k, "is required and missing; accepted: a secret value (" + key.accepted() + ")");
            }
            return false;
        }
        if (raw.keysComplete() && !raw.isSecret(k)) {
            problem(k, "is stored in plain text; accepted: a secret value (" + key.accepted() + ")");
        }
        // Milvus refuses a root password outside proxy.minPasswordLength..maxPasswordLength (6..72) on first start;
        // the offline plan only sees the placeholder. The value itself is never printed.
        int length = value.get().length();
        if (key == ConfigKey.MILVUS_ROOT_PASSWORD && !value.get().equals(StackFile.SECRET_PLACEHOLDER)
                && (length < 6 || length > 72)) {
            problem(k, "has " + length + " characters; accepted: 6..72 characters (Milvus' password limits)");
        }
        return true;
    }

    // ---- value helpers --------------------------------------------------------------------------------------

    private static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private static <E extends Enum<E> & WireEnum> E enumOf(Class<E> type, String s) {
        return WireEnum.parse(type, s).orElseThrow(() -> new BadValue("'" + s + "' is not accepted"));
    }

    private static long parseLong(String s) {
        try {
            return new BigDecimal(s).longValueExact();
        } catch (NumberFormatException | ArithmeticException ex) {
            throw new BadValue("'" + s + "' is not a whole number");
        }
    }

    private static int rangeInt(long v, int min, int max) {
        if (v < min || v > max) {
            throw new BadValue(v + " is out of range " + min + ".." + max);
        }
        return (int) v;
    }

    private static boolean parseBool(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadValue("'" + s + "' is not a boolean");
        };
    }

    /** A JSON object at a config path, reporting unknown members and wrong types against that path. */
    private final class Obj {
        private final String path;
        private final JsonObject obj;

        Obj(String path, JsonElement el, Set<String> allowed) {
            this.path = path;
            if (el == null || !el.isJsonObject()) {
                problem(path, "must be a map; accepted: " + (allowed.isEmpty() ? "a map"
                        : "a map of " + String.join(", ", allowed.stream().sorted().toList())));
                this.obj = null;
                return;
            }
            this.obj = el.getAsJsonObject();
            for (var member : obj.keySet()) {
                if (!allowed.contains(member)) {
                    problem(path + "." + member, "unknown key; accepted keys: " + String.join(", ",
                            allowed.stream().sorted().toList()));
                }
            }
        }

        boolean ok() {
            return obj != null;
        }

        String path(String member) {
            return path + "." + member;
        }

        boolean has(String member) {
            return obj != null && obj.has(member) && !obj.get(member).isJsonNull();
        }

        Obj child(String member, Set<String> allowed) {
            if (!has(member)) {
                return null;
            }
            var child = new Obj(path(member), obj.get(member), allowed);
            return child.ok() ? child : null;
        }

        /** The member's value if it is a single value; a list or object there is reported and treated as absent. */
        private Optional<JsonPrimitive> primitive(String member) {
            if (!has(member)) {
                return Optional.empty();
            }
            var el = obj.get(member);
            if (!el.isJsonPrimitive()) {
                notScalar.add(member);
                problem(path(member), "must be a single value, not a " + (el.isJsonArray() ? "list" : "map"));
                return Optional.empty();
            }
            return Optional.of(el.getAsJsonPrimitive());
        }

        /** Members already reported by {@link #primitive}: no second "is required" for them. */
        private final Set<String> notScalar = new HashSet<>();

        private boolean reported(String member) {
            return notScalar.contains(member);
        }

        String string(String member, String fallback, Pattern pattern, String accepted) {
            var p = primitive(member);
            if (p.isEmpty()) {
                if (fallback == null && !reported(member)) {
                    problem(path(member), "is required" + (accepted == null ? "" : "; accepted: " + accepted));
                }
                return fallback;
            }
            if (!p.get().isString()) {
                problem(path(member), "must be a string" + (accepted == null ? "" : "; accepted: " + accepted));
                return fallback;
            }
            var s = p.get().getAsString();
            if (pattern != null && !pattern.matcher(s).matches()) {
                problem(path(member), "'" + s + "' is not valid; accepted: " + accepted);
                return fallback;
            }
            return s;
        }

        List<String> strings(String member) {
            if (!has(member) || !obj.get(member).isJsonArray()) {
                problem(path(member), "must be a list of strings");
                return List.of();
            }
            return SettingsParser.this.strings(path(member), obj.get(member).getAsJsonArray());
        }

        long longValue(String member, Long fallback, long min, long max) {
            var p = primitive(member);
            if (p.isEmpty()) {
                if (fallback == null) {
                    if (!reported(member)) {
                        problem(path(member), "is required; accepted: a whole number " + min + ".." + max);
                    }
                    return -1;
                }
                return fallback;
            }
            long v;
            try {
                if (!p.get().isNumber()) {
                    throw new NumberFormatException();
                }
                v = p.get().getAsBigDecimal().longValueExact();
            } catch (NumberFormatException | ArithmeticException ex) {
                problem(path(member), "'" + p.get().getAsString() + "' is not a whole number; accepted: "
                        + min + ".." + max);
                return fallback == null ? -1 : fallback;
            }
            if (v < min || v > max) {
                problem(path(member), v + " is out of range; accepted: " + min + ".." + max);
                return fallback == null ? -1 : fallback;
            }
            return v;
        }

        int integer(String member, Integer fallback, int min, int max) {
            return (int) longValue(member, fallback == null ? null : fallback.longValue(), min, max);
        }

        boolean bool(String member, boolean fallback) {
            var p = primitive(member);
            if (p.isEmpty()) {
                return fallback;
            }
            if (!p.get().isBoolean()) {
                problem(path(member), "'" + p.get().getAsString() + "' is not a boolean; accepted: true | false");
                return fallback;
            }
            return p.get().getAsBoolean();
        }

        <E extends Enum<E> & WireEnum> E enumValue(String member, Class<E> type, E fallback) {
            var p = primitive(member);
            if (p.isEmpty()) {
                return fallback;
            }
            var s = p.get().getAsString();
            var parsed = p.get().isString() ? WireEnum.parse(type, s) : Optional.<E>empty();
            if (parsed.isEmpty()) {
                problem(path(member), "'" + s + "' is not accepted; accepted: " + WireEnum.accepted(type));
                return fallback;
            }
            return parsed.get();
        }
    }
}
