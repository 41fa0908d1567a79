package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.NodeRole;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;
import io.milvuseks.zones.QueryZones;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the typed chart values from the stack settings, the pod sizes and the deploy-time inputs. */
public final class MilvusValuesFactory {

    public static final String IMAGE_REPOSITORY = "milvusdb/milvus";
    public static final int PROXY_PORT = 19530;
    /** The default gp3 StorageClass the storage component creates (encrypted, provisioned IOPS/throughput). */
    public static final String STORAGE_CLASS = "gp3";
    /** kubernetes.io/tls Secret with the proxy certificate; cert-manager issues it when proxyTls is on (ProxyTls). */
    public static final String PROXY_TLS_SECRET = "milvus-proxy-tls";
    public static final String CERT_DIR = "/etc/milvus/certs";
    public static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";
    /** Woodpecker's storage type for Milvus' object storage, which config.tpl points at externalS3 (the bucket). */
    static final String WOODPECKER_ON_OBJECT_STORAGE = "minio";
    static final String LB = "service.beta.kubernetes.io/aws-load-balancer-";

    private MilvusValuesFactory() {
    }

    public static MilvusValues build(StackSettings s, MilvusSizing sizing, DeployInputs in) {
        var queue = s.messageQueue();
        if (queue == MessageQueue.MSK && in.kafkaBrokers().isEmpty()) {
            throw new IllegalArgumentException("messageQueue is msk but no MSK bootstrap brokers were given");
        }
        var release = Naming.MILVUS_RELEASE;
        int zones = s.network().availabilityZones().size();

        var components = new EnumMap<Component, MilvusValues.ComponentValues>(Component.class);
        boolean zoned = queryZones(s, sizing).zoned();
        for (var c : Component.values()) {
            // zoned: the query and streaming pods come from one Deployment per zone group (QueryZoneDeployments);
            // the chart's query Deployment is off and its streaming Deployment (no 'enabled' key) stays at 0
            var size = ZONE_PODS.contains(c) && zoned ? sizing.of(c).withReplicas(0) : sizing.of(c);
            components.put(c, component(s, c, size, release));
        }

        var etcdLabels = Map.of("app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", release);
        int members = sizing.etcd().replicas();
        var etcd = new MilvusValues.Etcd(members, sizing.etcd(), STORAGE_CLASS,
                s.prod() ? "50Gi" : "10Gi", Scheduling.nodeSelector(NodeRole.INFRA),
                Scheduling.antiAffinity(etcdLabels, members, zones),
                Scheduling.zoneSpread(etcdLabels, true), etcdQuorum(members), EtcdBudget.of(s));

        var s3 = new MilvusValues.ExternalS3("s3." + s.region() + ".amazonaws.com", 443, in.bucketName(), "milvus",
                s.region(), true, true, "aws");

        var kafka = queue == MessageQueue.MSK
                ? new MilvusValues.ExternalKafka(true, in.kafkaBrokers().orElseThrow(), "SASL_SSL", "SCRAM-SHA-512",
                        Credentials.MSK_SCRAM_USERNAME)
                : MilvusValues.ExternalKafka.off();
        var pulsar = queue == MessageQueue.PULSAR ? pulsar(s) : MilvusValues.PulsarV3.off();

        var userYaml = new MilvusValues.UserYaml(true,
                s.milvus().proxyTls() ? Optional.of(CERT_DIR) : Optional.empty(),
                queue == MessageQueue.WOODPECKER ? Optional.of("woodpecker") : Optional.empty(), zoned);

        return new MilvusValues(
                new MilvusValues.Cluster(true),
                new MilvusValues.Image(IMAGE_REPOSITORY, s.milvus().imageTag(), "IfNotPresent"),
                new MilvusValues.ServiceAccount(true, Naming.MILVUS_SERVICE_ACCOUNT,
                        Map.of(IRSA_ANNOTATION, in.milvusRoleArn())),
                service(s),
                components,
                etcd,
                new MilvusValues.Minio(false),
                s3,
                kafka,
                new MilvusValues.Kafka(false),
                pulsar,
                new MilvusValues.Woodpecker(false),
                new MilvusValues.Streaming(true, queue == MessageQueue.WOODPECKER
                        ? Optional.of(WOODPECKER_ON_OBJECT_STORAGE) : Optional.empty()),
                new MilvusValues.Metrics(true, s.milvus().serviceMonitor()),
                new MilvusValues.Log("info", "json"),
                new MilvusValues.ExtraConfigFiles(userYaml),
                dataNodeHpa(s, sizing));
    }

    /** With autoscaling on: from the standing count (the sizing's data pods) up to the data pool's maximum. */
    static Optional<DataNodeHpa> dataNodeHpa(StackSettings s, MilvusSizing sizing) {
        return s.autoscaling().enabled()
                ? Optional.of(new DataNodeHpa(sizing.of(Component.DATA_NODE).replicas(), s.pool(NodeRole.DATA).max(),
                        DataNodeHpa.CPU_UTILIZATION))
                : Optional.empty();
    }

    /** The query placement for the planned query pods (one per query node), as the cluster lays out its groups. */
    public static QueryZones queryZones(StackSettings s, MilvusSizing sizing) {
        return QueryZones.of(s, sizing.of(Component.QUERY_NODE).replicas());
    }

    /**
     * With 2+ replicas, the data pool's zone groups as the cluster lays them out (cluster.NodeGroups): the data
     * count divided by R, rounded up, in the query groups' zones; each runs one streaming pod per node.
     */
    public static List<QueryZones.Zone> dataZones(StackSettings s, MilvusSizing sizing) {
        var pool = s.pool(NodeRole.DATA);
        return queryZones(s, sizing).alongside(pool.min(), sizing.of(Component.DATA_NODE).replicas(), pool.max());
    }

    /** The components whose pods the stack runs itself, one Deployment per zone group, with 2+ replicas. */
    static final List<Component> ZONE_PODS = List.of(Component.QUERY_NODE, Component.STREAMING_NODE);

    /** A quorum of the members stays up through drains; one member gets no PDB (it could only block drains). */
    static Optional<Integer> etcdQuorum(int members) {
        return members > 1 ? Optional.of(members / 2 + 1) : Optional.empty();
    }

    /** The chart's name for the proxy Service: its fullname helper, {@code <release>} when it contains "milvus". */
    public static String proxyServiceName(String release) {
        return release.contains("milvus") ? release : release + "-milvus";
    }

    static MilvusValues.ComponentValues component(StackSettings s, Component c, PodSize size, String release) {
        var labels = Rollout.podLabels(c, release);
        List<Object> volumes = List.of();
        List<Object> mounts = List.of();
        if (c == Component.PROXY && s.milvus().proxyTls()) {
            volumes = List.of(Map.of("name", "proxy-tls", "secret", Map.of("secretName", PROXY_TLS_SECRET)));
            mounts = List.of(Map.of("name", "proxy-tls", "mountPath", CERT_DIR, "readOnly", true));
        }
        boolean activeStandby = c == Component.MIX_COORDINATOR && size.replicas() > 1;
        return new MilvusValues.ComponentValues(size, Scheduling.nodeSelector(c.role()),
                Scheduling.tolerations(c.role()), Scheduling.zoneSpread(labels, hardZoneSpread(s, c)), env(s, c),
                activeStandby, volumes, mounts, Rollout.strategyFor(c, activeStandby), affinity(c, labels));
    }

    /** One data pod and one streaming pod per data node ({@link Scheduling#hostAntiAffinity}); none elsewhere. */
    static Map<String, Object> affinity(Component c, Map<String, String> labels) {
        return c == Component.DATA_NODE || c == Component.STREAMING_NODE ? Scheduling.hostAntiAffinity(labels)
                : Map.of();
    }

    /**
     * A hard zone spread only where the scheduler can always meet it. Query, data, streaming and proxy pods fill
     * their pool one per node, so a hard spread needs exactly even zones, which a multi-zone autoscaling group does
     * not guarantee ({@link ZoneSpread}): they spread best-effort (ScheduleAnyway, still skew 1 when the nodes
     * allow). The coordinators are fewer than their nodes and keep the hard spread in prod.
     */
    static boolean hardZoneSpread(StackSettings s, Component c) {
        return s.prod() && c == Component.MIX_COORDINATOR;
    }

    /**
     * Secrets as environment variables from the credentials Secret: the root password where the root user is
     * created (mixCoord) and checked (proxy); the SCRAM password wherever Milvus opens the WAL.
     */
    static List<Object> env(StackSettings s, Component c) {
        var env = new ArrayList<Object>();
        if (c == Component.MIX_COORDINATOR || c == Component.PROXY) {
            env.add(secretEnv(Credentials.ROOT_PASSWORD_ENV, Credentials.ROOT_PASSWORD_KEY));
        }
        if (s.messageQueue() == MessageQueue.MSK) {
            env.add(secretEnv(Credentials.KAFKA_PASSWORD_ENV, Credentials.KAFKA_PASSWORD_KEY));
        }
        return env;
    }

    private static Map<String, Object> secretEnv(String name, String key) {
        var ref = new LinkedHashMap<String, Object>();
        ref.put("name", Credentials.SECRET_NAME);
        ref.put("key", key);
        var e = new LinkedHashMap<String, Object>();
        e.put("name", name);
        e.put("valueFrom", Map.of("secretKeyRef", ref));
        return e;
    }

    /**
     * The chart's proxy Service is always ClusterIP: with metrics on, service.yaml adds port 9091 to it, and on a
     * load balancer that port would open Milvus' unauthenticated management API ({@code /management/stop}), the
     * WebUI and the config views to the whole VPC (milvus#50763, #52052, #40267). {@code proxyService: internalNlb}
     * gets its own Service with the client port only ({@link MilvusGuards}).
     */
    static MilvusValues.Service service(StackSettings s) {
        return new MilvusValues.Service("ClusterIP", PROXY_PORT, Map.of(), List.of());
    }

    /**
     * The internal NLB's annotations: the in-tree AWS cloud provider's (type nlb + internal), which EKS serves
     * without installing the AWS Load Balancer Controller; that controller, when installed, honours the same pair.
     * Never internet-facing.
     */
    public static Map<String, String> nlbAnnotations() {
        var a = new LinkedHashMap<String, String>();
        a.put(LB + "type", "nlb");
        a.put(LB + "internal", "true");
        a.put(LB + "cross-zone-load-balancing-enabled", "true");
        return a;
    }

    /** Prod keeps Pulsar's quorum through a node loss: 3 ZooKeepers, 3 bookies, 2 brokers, spread by host. */
    static MilvusValues.PulsarV3 pulsar(StackSettings s) {
        return new MilvusValues.PulsarV3(true, 3, 3, 2, 2, Scheduling.nodeSelector(NodeRole.INFRA), STORAGE_CLASS,
                true);
    }
}
