package io.milvuseks.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.RoleFloor;
import io.milvuseks.zones.ZoneIds;
import io.milvuseks.zones.ZoneRestrictions;

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

    /**
     * Most addresses prod's public API endpoint may admit, all entries together: a /16. An office or VPN egress is a
     * handful of /32s to a /24; anything near a /16 is a cloud region or an ISP, not "our people".
     */
    public static final long MAX_PROD_PUBLIC_ADDRESSES = 1L << 16;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final Pattern K8S_VERSION = Pattern.compile("1\\.(3[0-4])");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern IMAGE_TAG = Pattern.compile("v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern MILVUS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    // ECR's pattern for a pull-through cache rule's ecrRepositoryPrefix (length 2..30, checked apart).
    private static final Pattern ECR_PREFIX = Pattern.compile(
            "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final int ECR_PREFIX_MAX = 30;
    // A Docker ID: 4..30 lower-case letters and digits.
    private static final Pattern DOCKER_ID = Pattern.compile("[a-z0-9]{4,30}");
    // host (with a dot, so it cannot be read as a Docker Hub namespace) [:port] [/path]; no scheme, no tag.
    private static final Pattern REGISTRY = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+(:\\d{1,5})?"
            + "(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("docker.io", "index.docker.io", "registry-1.docker.io",
            "registry.hub.docker.com");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");
    // MSK's version strings: 3.6.0, 3.6.0.1, 2.8.2.tiered, and from 3.7 on 3.7.x, 3.7.x.kraft (MSK supported versions)
    private static final Pattern KAFKA_VERSION = Pattern.compile("\\d+\\.\\d+\\.(\\d+|x)(\\.[0-9a-z]+)?");

    private final RawConfig raw;
    private final String ns;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** False once availabilityZones is reported: checks against the zone count would only repeat that problem. */
    private boolean zonesValid = true;

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
        var cluster = cluster(e, network);
        var pools = nodePools(e);
        var queue = scalar(ConfigKey.MESSAGE_QUEUE, null, s -> enumOf(MessageQueue.class, s)).orElse(null);
        if (queue == null && raw.get(full(ConfigKey.MESSAGE_QUEUE)).isEmpty()) {
            problem(full(ConfigKey.MESSAGE_QUEUE), "is required; accepted: " + ConfigKey.MESSAGE_QUEUE.accepted());
        }
        var msk = msk(zonesValid ? network.availabilityZones().size() : 0);
        refusedZones(network, queue);
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
        var imageRegistry = imageRegistry();
        var backup = backup(e);
        var autoscaling = autoscaling(e, cluster.kubernetesVersion());
        cacheRulePrefixes(imageRegistry, monitoring.enabled(), autoscaling.enabled());
        crossChecks(e, network, pools, milvus, collection);
        return new StackSettings(ns, raw.stack(), e, region, network, cluster, pools, queue, msk, storage, milvus,
                collection, capacity, monitoring, secrets, imageRegistry, backup, autoscaling);
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
        int zoneCount = network.availabilityZones().size();
        if (collection.replicas() > 1 && zoneCount > 0 && collection.replicas() > zoneCount) {
            // one zone-pinned query group per replica (zones.QueryZones): a zone's loss must leave a whole replica
            problem(full(ConfigKey.COLLECTION) + ".replicas", collection.replicas() + " replicas need one zone each, "
                    + "availabilityZones lists " + zoneCount + "; accepted: 1 to " + zoneCount
                    + ", or more availabilityZones");
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
                    + ", " + ConfigKey.MSK_SCRAM_PASSWORD.key() + " and " + ConfigKey.DOCKER_HUB_ACCESS_TOKEN.key()
                    + " are secrets)");
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
        return scalar(key, fallback, s -> rangeInt(s, parseLong(s), min, max)).orElse(fallback);
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
        int before = problems.size();
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
                zoneForms(azKey, region, azs);
            }
        }
        zonesValid = problems.size() == before;
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

    /** Zones are all ids of the region (use1-az1: the same place in every account) or all names (us-east-1a). */
    private void zoneForms(String azKey, String region, List<String> azs) {
        var example = ZoneIds.regionCode(region).map(c -> c + "-az1").orElse("<region code>-az1");
        var accepted = "; accepted: zone ids such as " + example + " (the same place in every account) or names "
                + "such as " + region + "a, not mixed";
        long ids = azs.stream().filter(ZoneIds::isId).count();
        for (var az : azs) {
            if (ZoneIds.isId(az) ? !ZoneIds.isIdOf(region, az) : !ZoneIds.isNameOf(region, az)) {
                problem(azKey, "'" + az + "' is not a zone of " + region + accepted);
            }
        }
        if (ids > 0 && ids < azs.size()) {
            problem(azKey, "mixes zone ids and zone names" + accepted);
        }
    }

    /** Zone ids EKS (always) or MSK (with messageQueue msk) refuse; names are resolved and checked by preflight. */
    private void refusedZones(NetworkSettings network, MessageQueue queue) {
        if (!network.zonesById()) {
            return;
        }
        var services = ZoneRestrictions.servicesFor(queue == MessageQueue.MSK);
        for (var az : network.availabilityZones()) {
            for (var refusal : ZoneRestrictions.refusals(az, services)) {
                problem(full(ConfigKey.AVAILABILITY_ZONES), refusal.service().label() + " refuses zone " + az + " ("
                        + refusal.source() + "); accepted: zone ids other than "
                        + String.join(", ", ZoneRestrictions.refusedIds(services)));
            }
        }
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

    private ClusterSettings cluster(Environment env, NetworkSettings network) {
        var version = stringKey(ConfigKey.KUBERNETES_VERSION, "1.33", K8S_VERSION);
        if (K8S_VERSION.matcher(version).matches()
                && io.milvuseks.cluster.AddonVersions.forKubernetes(version).isEmpty()) {
            problem(full(ConfigKey.KUBERNETES_VERSION), version + " has no row in the managed add-on version table "
                    + "(cluster/AddonVersions.java); accepted: "
                    + String.join(", ", io.milvuseks.cluster.AddonVersions.kubernetesVersions())
                    + ", or add a row checked with aws eks describe-addon-versions");
        }
        var cidrs = stringList(ConfigKey.PUBLIC_ACCESS_CIDRS, List.of());
        var parsedCidrs = new ArrayList<Cidr>();
        for (var c : cidrs) {
            var parsed = Cidr.parse(c);
            if (parsed.isEmpty()) {
                problem(full(ConfigKey.PUBLIC_ACCESS_CIDRS), "'" + c + "' is not an IPv4 CIDR; accepted: "
                        + ConfigKey.PUBLIC_ACCESS_CIDRS.accepted());
            } else {
                parsedCidrs.add(parsed.get());
            }
        }
        // Prod: the union, not each entry, is what the endpoint admits (0.0.0.0/1 + 128.0.0.0/1 is the internet).
        long admitted = Cidr.unionSize(parsedCidrs);
        if (env.isProd() && admitted > MAX_PROD_PUBLIC_ADDRESSES) {
            problem(full(ConfigKey.PUBLIC_ACCESS_CIDRS), "the list admits " + admitted + " addresses"
                    + (admitted == 1L << 32 ? " (the whole internet)" : "") + " to the API endpoint; accepted in "
                    + "prod: [] (private only) or office/VPN CIDRs admitting at most " + MAX_PROD_PUBLIC_ADDRESSES
                    + " addresses in total (a /16)");
        }
        var admins = stringList(ConfigKey.ADMIN_ROLE_ARNS, List.of());
        for (var arn : admins) {
            if (!ROLE_ARN.matcher(arn).matches()) {
                problem(full(ConfigKey.ADMIN_ROLE_ARNS), "'" + arn + "' is not an IAM role ARN; accepted: "
                        + "arn:aws:iam::<account>:role/<name>");
            }
        }
        var sources = privateEndpointSources(network);
        var deploy = roleArn(ConfigKey.DEPLOY_ROLE_ARN);
        var preview = roleArn(ConfigKey.PREVIEW_ROLE_ARN);
        var layer = boolKey(ConfigKey.KUBERNETES_LAYER, true);
        accessEntryChecks(admins, deploy, preview, layer);
        if (layer && sources.isEmpty() && cidrs.isEmpty()) {
            problem(full(ConfigKey.PRIVATE_ENDPOINT_SOURCES), "[] with no public endpoint leaves nothing outside the "
                    + "cluster that can reach its API, so every Kubernetes resource would time out; accepted: "
                    + "the CIDR or security group of the runner that applies the stack (default [vpcCidr])");
        }
        return new ClusterSettings(version, cidrs, admins, sources, deploy, preview, layer);
    }

    /**
     * RFC 5737 TEST-NETs and RFC 2544's benchmark range: no real runner has these addresses, so a rule for one
     * admits nobody and the apply times out.
     */
    private static final List<Cidr> NOT_REAL_NETWORKS = List.of(Cidr.parse("192.0.2.0/24").orElseThrow(),
            Cidr.parse("198.51.100.0/24").orElseThrow(), Cidr.parse("203.0.113.0/24").orElseThrow(),
            Cidr.parse("198.18.0.0/15").orElseThrow());
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    /** Broader than the largest private range (10.0.0.0/8) is not a network a runner sits in. */
    public static final int WIDEST_ENDPOINT_SOURCE_PREFIX = 8;

    private List<String> privateEndpointSources(NetworkSettings network) {
        var key = full(ConfigKey.PRIVATE_ENDPOINT_SOURCES);
        var fallback = network.vpcCidr() == null ? List.<String>of() : List.of(network.vpcCidr());
        var sources = stringList(ConfigKey.PRIVATE_ENDPOINT_SOURCES, fallback);
        var seen = new HashSet<String>();
        var accepted = ConfigKey.PRIVATE_ENDPOINT_SOURCES.accepted();
        for (var source : sources) {
            if (!seen.add(source)) {
                problem(key, "lists '" + source + "' twice; accepted: each source once");
                continue;
            }
            if (SECURITY_GROUP_ID.matcher(source).matches()) {
                continue;
            }
            var cidr = Cidr.parse(source);
            if (cidr.isEmpty() || !cidr.get().toString().equals(source)) {
                problem(key, "'" + source + "' is neither an IPv4 CIDR nor a security group id; accepted: " + accepted);
            } else if (cidr.get().prefix() < WIDEST_ENDPOINT_SOURCE_PREFIX) {
                problem(key, source + " is broader than /" + WIDEST_ENDPOINT_SOURCE_PREFIX + " (0.0.0.0/0 and its "
                        + "halves admit every address routed to the VPC); accepted: " + accepted);
            } else if (NOT_REAL_NETWORKS.stream().anyMatch(n -> n.overlaps(cidr.get()))) {
                problem(key, source + " is a documentation or benchmark range (RFC 5737, RFC 2544), not a network "
                        + "a runner is in; accepted: " + accepted);
            }
        }
        return sources;
    }

    private Optional<String> roleArn(ConfigKey key) {
        return Optional.ofNullable(scalar(key, null, s -> {
            if (!ROLE_ARN.matcher(s).matches()) {
                throw new BadValue("'" + s + "' is not an IAM role ARN");
            }
            return s;
        }).orElse(null));
    }

    /** EKS allows one access entry per principal; and with no creator grant, someone must be admin. */
    private void accessEntryChecks(List<String> admins, Optional<String> deploy, Optional<String> preview,
                                   boolean layer) {
        var byArn = new LinkedHashMap<String, String>();
        admins.forEach(a -> byArn.merge(a, ConfigKey.ADMIN_ROLE_ARNS.key(), (x, y) -> {
            problem(full(ConfigKey.ADMIN_ROLE_ARNS), "lists '" + a + "' twice; accepted: each role once");
            return x;
        }));
        for (var entry : List.of(Map.entry(ConfigKey.DEPLOY_ROLE_ARN, deploy), Map.entry(ConfigKey.PREVIEW_ROLE_ARN,
                preview))) {
            entry.getValue().ifPresent(arn -> {
                var other = byArn.putIfAbsent(arn, entry.getKey().key());
                if (other != null) {
                    problem(full(entry.getKey()), "'" + arn + "' is also in " + other + "; accepted: a role that "
                            + "has no other access entry (EKS allows one per role)");
                }
            });
        }
        if (layer && deploy.isEmpty() && admins.isEmpty() && raw.get(full(ConfigKey.DEPLOY_ROLE_ARN)).isEmpty()) {
            problem(full(ConfigKey.DEPLOY_ROLE_ARN), "is required when adminRoleArns is empty: the cluster grants its "
                    + "creator nothing, so without it no one could apply the Kubernetes resources; accepted: the IAM "
                    + "role ARN that runs pulumi up");
        }
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
            if (child == null && obj.reported(entry.getKey())) {
                continue;
            }
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
            int pinned = child.integer("desired", 0, 1, 1000); // 0: absent (the planner decides)
            Integer desired = pinned > 0 ? pinned : null;
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
        // azCount 0: the zone list itself is wrong and already reported; only the floor can be checked here.
        if (brokers > 0 && (brokers < 3 || (azCount > 0 && brokers % azCount != 0))) {
            problem(obj.path("brokerCount"), brokers + " brokers; accepted: at least 3 and a multiple of the "
                    + (azCount > 0 ? azCount + " " : "") + "availability zones");
        }
        int volume = obj.integer("volumeGiB", defaults.volumeGiB(), 1, 16384);
        var version = obj.string("kafkaVersion", defaults.kafkaVersion(), KAFKA_VERSION, "an MSK version such as 3.6.0 or 3.7.x");
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
            int n = rangeInt(s, parseLong(s), 1, 7);
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

    /** Scheduled milvus-backup runs (package backup); the schedule must be one Kubernetes runs. */
    private BackupSettings backup(Environment env) {
        var defaults = BackupSettings.defaults(env);
        var obj = json(ConfigKey.BACKUP).map(el -> new Obj(full(ConfigKey.BACKUP), el,
                Set.of("enabled", "schedule", "retentionDays", "restoreAccess"))).filter(Obj::ok).orElse(null);
        if (obj == null) {
            return defaults;
        }
        boolean enabled = obj.bool("enabled", defaults.enabled());
        var schedule = obj.string("schedule", defaults.schedule(), null, CronSchedule.ACCEPTED);
        if (!obj.reported("schedule") && CronSchedule.parse(schedule).isEmpty()) {
            problem(obj.path("schedule"), "'" + schedule + "' is not a schedule Kubernetes runs; accepted: "
                    + CronSchedule.ACCEPTED);
            schedule = defaults.schedule();
        }
        int retention = obj.integer("retentionDays", defaults.retentionDays(), 1, BackupSettings.MAX_RETENTION_DAYS);
        boolean restoreAccess = obj.bool("restoreAccess", false);
        if (restoreAccess && !enabled && !obj.reported("enabled")) {
            // the grant is a policy on the backup job's role, which exists only with backups on
            problem(obj.path("restoreAccess"), "true needs backups; accepted: false, or backup.enabled true");
        }
        return new BackupSettings(enabled, schedule, retention, restoreAccess);
    }

    /** Cluster Autoscaler for the data pool; its chart and image are pinned per Kubernetes minor. */
    private AutoscalingSettings autoscaling(Environment env, String kubernetesVersion) {
        var defaults = AutoscalingSettings.defaults(env);
        var obj = json(ConfigKey.AUTOSCALING).map(el -> new Obj(full(ConfigKey.AUTOSCALING), el,
                Set.of("enabled"))).filter(Obj::ok).orElse(null);
        var settings = obj == null ? defaults : new AutoscalingSettings(obj.bool("enabled", defaults.enabled()));
        // a version without an add-on row is already the one problem (cluster): not a second line for it here
        if (settings.enabled() && K8S_VERSION.matcher(kubernetesVersion).matches()
                && io.milvuseks.cluster.AddonVersions.forKubernetes(kubernetesVersion).isPresent()
                && io.milvuseks.autoscaling.AutoscalerVersions.forKubernetes(kubernetesVersion).isEmpty()) {
            problem(full(ConfigKey.AUTOSCALING), "Cluster Autoscaler has no pinned release for Kubernetes "
                    + kubernetesVersion + " (autoscaling/AutoscalerVersions.java); accepted: kubernetesVersion "
                    + String.join(", ", io.milvuseks.autoscaling.AutoscalerVersions.kubernetesVersions())
                    + ", autoscaling.enabled: false, or add a row");
        }
        return settings;
    }

    /**
     * The registry.k8s.io and quay.io cache rules are named '<prefix>-k8s' and '<prefix>-quay' (Mirror): with the
     * images that need them, the prefix must leave room for the longest suffix. One line, for the longest.
     */
    private void cacheRulePrefixes(ImageRegistrySettings registry, boolean monitoring, boolean autoscaling) {
        var prefix = registry == null ? null : registry.ecrRepositoryPrefix();
        if (prefix == null || registry.source() != ImageSource.ECR_PULL_THROUGH_CACHE) {
            return;
        }
        String suffix = monitoring ? io.milvuseks.registry.Mirror.QUAY_PREFIX_SUFFIX
                : autoscaling ? io.milvuseks.registry.Mirror.K8S_PREFIX_SUFFIX : null;
        if (suffix != null && prefix.length() + suffix.length() > ECR_PREFIX_MAX) {
            var upstream = monitoring ? "quay.io" : "registry.k8s.io";
            problem(full(ConfigKey.IMAGE_REGISTRY) + ".ecrRepositoryPrefix", "'" + prefix + "' leaves no room for "
                    + "the " + upstream + " cache rule '" + prefix + suffix + "' (ECR: at most " + ECR_PREFIX_MAX
                    + " characters); accepted: at most " + (ECR_PREFIX_MAX - suffix.length()) + " characters with "
                    + (monitoring ? "monitoring.enabled" : "autoscaling.enabled"));
        }
    }

    private CapacityTarget capacity() {
        var key = full(ConfigKey.CAPACITY);
        var el = json(ConfigKey.CAPACITY);
        var obj = el.map(e -> new Obj(key, e, Set.of("vectors", "elementType", "scalarBytesPerEntity", "targetQps",
                "allowUndersized", "minRecall"))).orElse(null);
        if (raw.get(key).isEmpty()) {
            problem(key, "is required; accepted: " + ConfigKey.CAPACITY.accepted());
        }
        boolean given = obj != null && obj.ok();
        if (!given) {
            obj = new Obj(key, new JsonObject(), Set.of());
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

    /**
     * Where images come from (issue 12: Docker Hub refuses anonymous pulls at this scale). The ECR cache needs a
     * Docker Hub login: ECR's Docker Hub upstream requires credentials in Secrets Manager.
     */
    private ImageRegistrySettings imageRegistry() {
        var key = full(ConfigKey.IMAGE_REGISTRY);
        var members = Set.of("source", "ecrRepositoryPrefix", "dockerHubUsername", "privateRegistry");
        var obj = json(ConfigKey.IMAGE_REGISTRY).map(e -> new Obj(key, e, members)).filter(Obj::ok).orElse(null);
        var tokenKey = full(ConfigKey.DOCKER_HUB_ACCESS_TOKEN);
        var source = obj == null ? ImageSource.ECR_PULL_THROUGH_CACHE
                : obj.enumValue("source", ImageSource.class, ImageSource.ECR_PULL_THROUGH_CACHE);
        if (source == ImageSource.PRIVATE) {
            for (var m : List.of("ecrRepositoryPrefix", "dockerHubUsername")) {
                if (obj.has(m)) {
                    problem(obj.path(m), "is only read with source ecrPullThroughCache; accepted: remove it");
                }
            }
            if (raw.get(tokenKey).isPresent()) {
                problem(tokenKey, "is only read with imageRegistry.source ecrPullThroughCache; accepted: remove it "
                        + "(pulumi config rm dockerHubAccessToken)");
            }
            var registry = obj.string("privateRegistry", null, REGISTRY, "host[:port][/path], e.g. "
                    + "registry.example.com/dockerhub (no scheme, no tag)");
            if (registry != null && DOCKER_HUB_HOSTS.contains(registry.split("[:/]", 2)[0])) {
                problem(obj.path("privateRegistry"), "'" + registry + "' is Docker Hub itself; accepted: a registry "
                        + "that mirrors Docker Hub");
                registry = null;
            }
            return new ImageRegistrySettings(source, ImageRegistrySettings.DEFAULT_ECR_PREFIX, Optional.empty(),
                    Optional.ofNullable(registry));
        }
        String prefix = ImageRegistrySettings.DEFAULT_ECR_PREFIX;
        String username = null;
        String accepted = "a Docker ID (4..30 lower-case letters and digits) whose access token is the secret "
                + ConfigKey.DOCKER_HUB_ACCESS_TOKEN.key();
        if (obj == null) {
            problem(key + ".dockerHubUsername", "is required; accepted: " + accepted);
        } else {
            if (obj.has("privateRegistry")) {
                problem(obj.path("privateRegistry"), "is only read with source private; accepted: remove it, or "
                        + "set source: private");
            }
            prefix = obj.string("ecrRepositoryPrefix", ImageRegistrySettings.DEFAULT_ECR_PREFIX, ECR_PREFIX,
                    "2..30 characters: lower-case letters, digits, '.', '_', '-' and '/' between them");
            if (prefix.length() < 2 || prefix.length() > 30) {
                problem(obj.path("ecrRepositoryPrefix"), "'" + prefix + "' has " + prefix.length() + " characters; "
                        + "accepted: 2..30");
                prefix = ImageRegistrySettings.DEFAULT_ECR_PREFIX;
            }
            username = obj.string("dockerHubUsername", null, DOCKER_ID, accepted);
        }
        secret(ConfigKey.DOCKER_HUB_ACCESS_TOKEN, true);
        return new ImageRegistrySettings(source, prefix, Optional.ofNullable(username), Optional.empty());
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
        BigDecimal n;
        try {
            n = new BigDecimal(s);
        } catch (NumberFormatException ex) {
            throw new BadValue("'" + s + "' is not a whole number");
        }
        return wholeNumber(n).orElseThrow(() -> new BadValue("'" + s + "' is not a whole number"));
    }

    /**
     * The number as a long; empty for a fraction. A whole number beyond a long (1e30, 20 digits) is out of every
     * range the stack accepts, so it becomes {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} and the range check
     * reports it as out of range.
     */
    static Optional<Long> wholeNumber(BigDecimal n) {
        if (n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
            return Optional.empty();
        }
        if (n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.of(Long.MAX_VALUE);
        }
        if (n.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Optional.of(Long.MIN_VALUE);
        }
        return Optional.of(n.longValue());
    }

    private static int rangeInt(String literal, long v, int min, int max) {
        if (v < min || v > max) {
            throw new BadValue(outOfRange(v, literal) + " is out of range " + min + ".." + max);
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

    /** How an out-of-range number reads: a clamped huge one is not printed as 9223372036854775807. */
    private static String outOfRange(long v, String literal) {
        return v == Long.MAX_VALUE || v == Long.MIN_VALUE ? literal : Long.toString(v);
    }

    /** A JSON object at a config path, reporting unknown members and wrong types against that path. */
    private final class Obj {
        private final String path;
        private final JsonObject obj;
        /** Members already reported (wrong shape, no value, bad number): no second line such as "is required". */
        private final Set<String> reported = new HashSet<>();

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

        /** Written in the stack file, with or without a value. */
        boolean present(String member) {
            return obj != null && obj.has(member);
        }

        boolean reported(String member) {
            return reported.contains(member);
        }

        private void report(String member, String message) {
            reported.add(member);
            problem(path(member), message);
        }

        /**
         * True (and reported) when the member is written with no value ({@code metric:} in YAML is null): the
         * README promises an empty value is reported, never silently defaulted, at any depth.
         */
        private boolean emptyValue(String member, String accepted) {
            if (obj == null || !obj.has(member) || !obj.get(member).isJsonNull()) {
                return false;
            }
            report(member, "has no value; accepted: " + accepted + ", or remove the key for its default");
            return true;
        }

        Obj child(String member, Set<String> allowed) {
            if (emptyValue(member, "a map of " + String.join(", ", allowed.stream().sorted().toList()))
                    || !has(member)) {
                return null;
            }
            var child = new Obj(path(member), obj.get(member), allowed);
            if (!child.ok()) {
                reported.add(member);
                return null;
            }
            return child;
        }

        /** The member's value if it is a single value; a list or object there is reported and treated as absent. */
        private Optional<JsonPrimitive> primitive(String member, String accepted) {
            if (emptyValue(member, accepted) || !has(member)) {
                return Optional.empty();
            }
            var el = obj.get(member);
            if (!el.isJsonPrimitive()) {
                report(member, "must be a single value, not a " + (el.isJsonArray() ? "list" : "map"));
                return Optional.empty();
            }
            return Optional.of(el.getAsJsonPrimitive());
        }

        String string(String member, String fallback, Pattern pattern, String accepted) {
            var p = primitive(member, accepted == null ? "a string" : accepted);
            if (p.isEmpty()) {
                if (fallback == null && !reported(member)) {
                    report(member, "is required" + (accepted == null ? "" : "; accepted: " + accepted));
                }
                return fallback;
            }
            if (!p.get().isString()) {
                report(member, "must be a string" + (accepted == null ? "" : "; accepted: " + accepted));
                return fallback;
            }
            var s = p.get().getAsString();
            if (pattern != null && !pattern.matcher(s).matches()) {
                report(member, "'" + s + "' is not valid; accepted: " + accepted);
                return fallback;
            }
            return s;
        }

        List<String> strings(String member) {
            if (!has(member) || !obj.get(member).isJsonArray()) {
                report(member, "must be a list of strings");
                return List.of();
            }
            return SettingsParser.this.strings(path(member), obj.get(member).getAsJsonArray());
        }

        long longValue(String member, Long fallback, long min, long max) {
            var p = primitive(member, "a whole number " + min + ".." + max);
            if (p.isEmpty()) {
                if (fallback == null) {
                    if (!reported(member)) {
                        report(member, "is required; accepted: a whole number " + min + ".." + max);
                    }
                    return -1;
                }
                return fallback;
            }
            Optional<Long> whole = Optional.empty();
            if (p.get().isNumber()) {
                try {
                    whole = wholeNumber(p.get().getAsBigDecimal());
                } catch (NumberFormatException ex) {
                    whole = Optional.empty();
                }
            }
            if (whole.isEmpty()) {
                report(member, "'" + p.get().getAsString() + "' is not a whole number; accepted: " + min + ".." + max);
                return fallback == null ? -1 : fallback;
            }
            long v = whole.get();
            if (v < min || v > max) {
                report(member, outOfRange(v, p.get().getAsString()) + " is out of range; accepted: " + min + ".."
                        + max);
                return fallback == null ? -1 : fallback;
            }
            return v;
        }

        int integer(String member, Integer fallback, int min, int max) {
            return (int) longValue(member, fallback == null ? null : fallback.longValue(), min, max);
        }

        /** A number in (0, 1]: a share such as a recall floor. */
        double fraction(String member, double fallback) {
            var p = primitive(member, "a number in (0, 1]");
            if (p.isEmpty()) {
                return fallback;
            }
            if (!p.get().isNumber() || !(p.get().getAsDouble() > 0 && p.get().getAsDouble() <= 1)) {
                report(member, "'" + p.get().getAsString() + "' is not a number in (0, 1]; accepted: a number "
                        + "greater than 0 and at most 1, e.g. 0.95");
                return fallback;
            }
            return p.get().getAsDouble();
        }

        boolean bool(String member, boolean fallback) {
            var p = primitive(member, "true | false");
            if (p.isEmpty()) {
                return fallback;
            }
            if (!p.get().isBoolean()) {
                report(member, "'" + p.get().getAsString() + "' is not a boolean; accepted: true | false");
                return fallback;
            }
            return p.get().getAsBoolean();
        }

        <E extends Enum<E> & WireEnum> E enumValue(String member, Class<E> type, E fallback) {
            var p = primitive(member, WireEnum.accepted(type));
            if (p.isEmpty()) {
                return fallback;
            }
            var s = p.get().getAsString();
            var parsed = p.get().isString() ? WireEnum.parse(type, s) : Optional.<E>empty();
            if (parsed.isEmpty()) {
                report(member, "'" + s + "' is not accepted; accepted: " + WireEnum.accepted(type));
                return fallback;
            }
            return parsed.get();
        }
    }
}
