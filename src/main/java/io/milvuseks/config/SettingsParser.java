package io.milvuseks.config;

import io.milvuseks.instances.InstanceCatalog;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.milvuseks.config.ConfigReader.enumOf;

/**
 * Turns {@link RawConfig} into {@link StackSettings}, collecting every problem (one per key) instead of stopping at
 * the first, so a reviewer fixes a stack file in one pass.
 *
 * <p>{@link #run} reads the sections in a fixed order, so problems are reported in that order: network and cluster
 * ({@link NetworkSection}, {@link ClusterSection}), what Milvus runs and holds ({@link MilvusSection}), running it
 * ({@link OperationsSection}); all read keys through one {@link ConfigReader}, which holds the problems.
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

    /** Broader than the largest private range (10.0.0.0/8) is not a network a runner sits in. */
    public static final int WIDEST_ENDPOINT_SOURCE_PREFIX = 8;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");

    private final ConfigReader reader;
    private final NetworkSection networkSection;
    private final ClusterSection clusterSection;
    private final MilvusSection milvusSection;
    private final OperationsSection operationsSection;

    private SettingsParser(RawConfig raw) {
        this.reader = new ConfigReader(raw);
        this.networkSection = new NetworkSection(reader);
        this.clusterSection = new ClusterSection(reader);
        this.milvusSection = new MilvusSection(reader);
        this.operationsSection = new OperationsSection(reader);
    }

    /** Parses and validates; throws {@link InvalidConfigException} listing every problem. */
    public static StackSettings parse(RawConfig raw) {
        var parser = new SettingsParser(raw);
        var settings = parser.run();
        if (!parser.reader.problems().isEmpty()) {
            throw new InvalidConfigException(parser.reader.problems());
        }
        return settings;
    }

    private StackSettings run() {
        unknownKeys();
        var env = reader.scalar(ConfigKey.ENVIRONMENT, null, s -> enumOf(Environment.class, s)).orElse(null);
        Environment e = env == null ? Environment.STAGING : env;
        if (env == null && reader.raw().get(reader.full(ConfigKey.ENVIRONMENT)).isEmpty()) {
            reader.problem(reader.full(ConfigKey.ENVIRONMENT),
                    "is required; accepted: " + ConfigKey.ENVIRONMENT.accepted());
        }
        String region = reader.raw().get("aws:region").orElse(null);
        if (region == null) {
            reader.problem("aws:region", "is required; accepted: an AWS region such as us-east-1");
        } else if (!REGION.matcher(region).matches()) {
            reader.problem("aws:region", "'" + region + "' is not an AWS region name; accepted: e.g. us-east-1");
            region = null;
        }
        var network = networkSection.network(e, region);
        var cluster = clusterSection.cluster(e, network);
        var pools = clusterSection.nodePools(e);
        var queue = reader.scalar(ConfigKey.MESSAGE_QUEUE, null, s -> enumOf(MessageQueue.class, s)).orElse(null);
        if (queue == null && reader.raw().get(reader.full(ConfigKey.MESSAGE_QUEUE)).isEmpty()) {
            reader.problem(reader.full(ConfigKey.MESSAGE_QUEUE),
                    "is required; accepted: " + ConfigKey.MESSAGE_QUEUE.accepted());
        }
        var msk = milvusSection.msk(networkSection.zonesValid() ? network.availabilityZones().size() : 0);
        networkSection.refusedZones(network, queue);
        var storage = new StorageSettings(
                reader.intKey(ConfigKey.BUCKET_NONCURRENT_VERSION_DAYS, 30, 1, 3650),
                reader.boolKey(ConfigKey.BUCKET_ACCESS_LOGGING, e.isProd()),
                reader.intKey(ConfigKey.GP3_IOPS, 3000, 3000, 16000),
                reader.intKey(ConfigKey.GP3_THROUGHPUT, 125, 125, 1000));
        if (storage.gp3ThroughputMiBps() > storage.gp3Iops() / 4) {
            reader.problem(reader.full(ConfigKey.GP3_THROUGHPUT), storage.gp3ThroughputMiBps() + " MiB/s exceeds what "
                    + storage.gp3Iops() + " IOPS allow (gp3: at most 0.25 MiB/s per IOPS); accepted: at most "
                    + storage.gp3Iops() / 4 + ", or raise gp3Iops");
        }
        var monitoring = operationsSection.monitoring(e);
        var milvus = milvusSection.milvus(e, monitoring.enabled());
        var collection = milvusSection.collection();
        var capacity = milvusSection.capacity(e);
        milvusSection.indexNeedsVersion(collection, milvus);
        var secrets = operationsSection.secrets(queue);
        var imageRegistry = operationsSection.imageRegistry();
        var backup = operationsSection.backup(e);
        var autoscaling = operationsSection.autoscaling(e, cluster.kubernetesVersion());
        operationsSection.cacheRulePrefixes(imageRegistry, monitoring.enabled(), autoscaling.enabled());
        crossChecks(e, network, pools, milvus, collection);
        return new StackSettings(reader.ns(), reader.raw().stack(), e, region, network, cluster, pools, queue, msk,
                storage, milvus, collection, capacity, monitoring, secrets, imageRegistry, backup, autoscaling);
    }

    /** Rules that tie keys together; each names the key a user would change. */
    private void crossChecks(Environment env, NetworkSettings network, Map<NodeRole, NodePool> pools,
                             MilvusSettings milvus, CollectionSpec collection) {
        if (network.existingVpc().isPresent() && reader.raw().get(reader.full(ConfigKey.VPC_CIDR)).isEmpty()) {
            reader.problem(reader.full(ConfigKey.VPC_CIDR),
                    "is required with existingVpc; accepted: the existing VPC's CIDR "
                    + "(the internal load balancer and the endpoints admit it)");
        }
        var infra = pools.get(NodeRole.INFRA);
        if (infra != null && infra.min() > 0) {
            int nodes = infra.desired().orElse(infra.min());
            if (milvus.etcdReplicas() > nodes) {
                // etcd members require distinct nodes (required anti-affinity): extra members would stay Pending
                reader.problem(reader.full(ConfigKey.ETCD_REPLICAS),
                        milvus.etcdReplicas() + " etcd members need as many infra "
                        + "nodes, the infra pool runs " + nodes + "; accepted: at most " + nodes
                        + ", or raise nodePools.infra.desired");
            }
        }
        int zoneCount = network.availabilityZones().size();
        if (collection.replicas() > 1 && zoneCount > 0 && collection.replicas() > zoneCount) {
            // one zone-pinned query group per replica (zones.QueryZones): a zone's loss must leave a whole replica
            reader.problem(reader.full(ConfigKey.COLLECTION) + ".replicas",
                    collection.replicas() + " replicas need one zone each, "
                    + "availabilityZones lists " + zoneCount + "; accepted: 1 to " + zoneCount
                    + ", or more availabilityZones");
        }
        if (collection.replicas() > 1 && milvus.chartVersion() != null
                && !milvus.chartVersion().equals(io.milvuseks.zones.QueryZones.POD_CHART_VERSION)) {
            // the zone pods copy that chart's query and streaming pods (milvus.QueryZonePods, QueryZoneChartIT)
            reader.problem(reader.full(ConfigKey.MILVUS_CHART_VERSION), milvus.chartVersion() + " with "
                    + collection.replicas() + " replicas: the zone query and streaming pods are copied from chart "
                    + io.milvuseks.zones.QueryZones.POD_CHART_VERSION + "; accepted: "
                    + io.milvuseks.zones.QueryZones.POD_CHART_VERSION + ", or collection.replicas 1");
        }
        var query = pools.get(NodeRole.QUERY);
        boolean onDisk = collection.index().type().onDisk() || collection.mmap();
        if (env.isProd() && onDisk && query != null && query.instanceType() != null) {
            InstanceCatalog.ec2(query.instanceType()).filter(t -> !t.hasLocalNvme()).ifPresent(t -> reader.problem(
                    reader.full(ConfigKey.NODE_POOLS) + ".query.instanceType", t.name() + " has no local NVMe, which "
                            + (collection.mmap() ? "mmap" : "DISKANN") + " reads at random in prod; accepted: a type "
                            + "with local NVMe (" + String.join(", ", InstanceCatalog.ec2Types().stream()
                            .filter(x -> x.hasLocalNvme()).map(x -> x.name()).toList()) + ")"));
        }
    }

    // ---- keys -----------------------------------------------------------------------------------------------

    private void unknownKeys() {
        if (!reader.raw().keysComplete()) {
            return;
        }
        var known = new HashSet<>(ConfigKey.names());
        for (var key : reader.raw().values().keySet()) {
            int colon = key.indexOf(':');
            if (colon < 0 || !key.substring(0, colon).equals(reader.ns())) {
                continue; // other namespaces (aws:, kubernetes:) belong to their providers
            }
            var local = key.substring(colon + 1);
            if (!known.contains(local)) {
                reader.problem(key, "unknown key; accepted keys: " + String.join(", ", ConfigKey.names()));
            }
        }
    }

    /** The number as a long, empty for a fraction; beyond a long, clamped ({@link ConfigReader#wholeNumber}). */
    static Optional<Long> wholeNumber(BigDecimal n) {
        return ConfigReader.wholeNumber(n);
    }
}
