package io.milvuseks.milvus;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of the milvus-helm chart, one record per chart section, and {@link #toMap()}, the one place that
 * names chart keys. Every key written here exists with this nesting and type in the chart 5.0.19 values.yaml
 * (or, marked where written, in a subchart's values or a template); MilvusValuesKeysTest pins that.
 * No field can hold a password: secrets reach the pods only through {@link Credentials}.
 */
public record MilvusValues(Cluster cluster, Image image, ServiceAccount serviceAccount, Service service,
                           Map<Component, ComponentValues> components, Etcd etcd, Minio minio,
                           ExternalS3 externalS3, ExternalKafka externalKafka, Kafka kafka, PulsarV3 pulsarv3,
                           Woodpecker woodpecker, Streaming streaming, Metrics metrics, Log log,
                           ExtraConfigFiles extraConfigFiles, Optional<DataNodeHpa> dataNodeHpa) {

    public MilvusValues {
        components = Collections.unmodifiableMap(new EnumMap<>(components));
    }

    /** The values map handed to the Helm release. */
    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("cluster", Map.of("enabled", cluster.enabled()));
        m.put("image", image.toMap());
        m.put("serviceAccount", serviceAccount.toMap());
        m.put("service", service.toMap());
        components.forEach((c, v) -> m.put(c.valuesKey(), v.toMap(c)));
        // autoscaling.enabled: the HPA owns the data node count (streaming nodes stay at the standing count)
        dataNodeHpa.ifPresent(h -> {
            @SuppressWarnings("unchecked")
            var dataNode = new LinkedHashMap<>((Map<String, Object>) m.get(Component.DATA_NODE.valuesKey()));
            dataNode.putAll(h.overlay());
            m.put(Component.DATA_NODE.valuesKey(), dataNode);
        });
        // Milvus 2.6 builds indexes in the data node; the chart keeps the section but it must stay off.
        m.put("indexNode", Map.of("enabled", false));
        m.put("etcd", etcd.toMap());
        m.put("minio", Map.of("enabled", minio.enabled()));
        m.put("externalS3", externalS3.toMap());
        m.put("externalKafka", externalKafka.toMap());
        m.put("kafka", Map.of("enabled", kafka.enabled()));
        m.put("pulsarv3", pulsarv3.toMap());
        m.put("woodpecker", Map.of("enabled", woodpecker.enabled()));
        m.put("streaming", streaming.toMap());
        m.put("metrics", metrics.toMap());
        m.put("log", log.toMap());
        m.put("extraConfigFiles", Map.of("user.yaml", extraConfigFiles.userYaml().render()));
        return m;
    }

    public record Cluster(boolean enabled) {
    }

    public record Image(String repository, String tag, String pullPolicy) {
        Map<String, Object> toMap() {
            var all = new LinkedHashMap<String, Object>();
            all.put("repository", repository);
            all.put("tag", tag);
            all.put("pullPolicy", pullPolicy);
            return Map.of("all", all);
        }
    }

    /** @param annotations the IRSA role annotation goes here */
    public record ServiceAccount(boolean create, String name, Map<String, String> annotations) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("create", create);
            m.put("name", name);
            m.put("annotations", new LinkedHashMap<>(annotations));
            return m;
        }
    }

    /** The proxy's Service (the chart calls it {@code service}). */
    public record Service(String type, int port, Map<String, String> annotations,
                          List<String> loadBalancerSourceRanges) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("type", type);
            m.put("port", port);
            m.put("annotations", new LinkedHashMap<>(annotations));
            m.put("loadBalancerSourceRanges", List.copyOf(loadBalancerSourceRanges));
            return m;
        }
    }

    /**
     * One Milvus component's deployment.
     *
     * @param extraEnv     environment variables (secretKeyRef only for secrets)
     * @param activeStandby mixCoordinator only: several replicas, one active
     * @param volumes      proxy only (TLS certificate); read by proxy-deployment.yaml, commented out in values.yaml
     * @param strategy     the Deployment's update strategy ({@link Rollout#strategy}); empty = the chart's default
     * @param affinity     the pod's affinity (data and streaming nodes: never two on one node,
     *                     {@link Scheduling#hostAntiAffinity}); empty = none
     */
    public record ComponentValues(PodSize size, Map<String, Object> nodeSelector, List<Object> tolerations,
                                  List<Object> topologySpreadConstraints, List<Object> extraEnv,
                                  boolean activeStandby, List<Object> volumes, List<Object> volumeMounts,
                                  Map<String, Object> strategy, Map<String, Object> affinity) {
        Map<String, Object> toMap(Component c) {
            var m = new LinkedHashMap<String, Object>();
            if (c != Component.STREAMING_NODE) {
                // streamingNode has no 'enabled': it is on with streaming.enabled. No query replicas here means the
                // zone Deployments run the query pods (QueryZoneDeployments): the chart's query Deployment and
                // Service are then off, so no two controllers select the same pods (overlapping selectors fight,
                // Kubernetes docs, Deployments). config.tpl does not read queryNode.enabled (chart 5.0.19).
                m.put("enabled", !(c == Component.QUERY_NODE && size.replicas() == 0));
            }
            m.put("replicas", size.replicas());
            m.put("resources", size.resources());
            m.put("nodeSelector", nodeSelector);
            m.put("tolerations", tolerations);
            m.put("topologySpreadConstraints", topologySpreadConstraints);
            m.put("extraEnv", extraEnv);
            if (c == Component.MIX_COORDINATOR) {
                m.put("activeStandby", Map.of("enabled", activeStandby));
            }
            if (!volumes.isEmpty()) {
                m.put("volumes", volumes);
                m.put("volumeMounts", volumeMounts);
            }
            if (!strategy.isEmpty()) {
                m.put("strategy", strategy);
            }
            if (!affinity.isEmpty()) {
                m.put("affinity", affinity);
            }
            return m;
        }
    }

    /**
     * The bundled etcd (bitnami etcd 8.12.0 subchart). nodeSelector, affinity, topologySpreadConstraints, resources,
     * pdb.minAvailable and removeMemberOnContainerTermination are keys of that subchart's values.yaml, not of
     * milvus' own.
     *
     * @param pdbMinAvailable a PodDisruptionBudget keeping this many members (a quorum); empty = no PDB (one member:
     *                        a PDB could only block every node drain)
     * @param budget          quota and auto-compaction ({@link EtcdBudget})
     */
    public record Etcd(int replicaCount, PodSize size, String storageClass, String volumeSize,
                       Map<String, Object> nodeSelector, Map<String, Object> affinity,
                       List<Object> topologySpreadConstraints, Optional<Integer> pdbMinAvailable,
                       EtcdBudget budget) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("enabled", true);
            m.put("replicaCount", replicaCount);
            var persistence = new LinkedHashMap<String, Object>();
            persistence.put("enabled", true);
            persistence.put("storageClass", storageClass);
            persistence.put("size", volumeSize);
            m.put("persistence", persistence);
            m.put("resources", size.resources());
            m.put("nodeSelector", nodeSelector);
            m.put("affinity", affinity);
            m.put("topologySpreadConstraints", topologySpreadConstraints);
            var pdb = new LinkedHashMap<String, Object>();
            pdb.put("create", pdbMinAvailable.isPresent());
            // intOrString in the subchart; templates/pdb.yaml writes it unquoted, so an int renders as a count.
            pdbMinAvailable.ifPresent(n -> pdb.put("minAvailable", n));
            m.put("pdb", pdb);
            // The chart's preStop hook removes the member from the cluster on every termination, so a drain or a
            // roll shrinks the cluster and the member cannot rejoin with its old data dir (bitnami/charts#16069,
            // milvus#40575). Members keep their identity; a member that is really gone is replaced by hand.
            m.put("removeMemberOnContainerTermination", false);
            m.put("autoCompactionMode", EtcdBudget.COMPACTION_MODE);
            m.put("autoCompactionRetention", EtcdBudget.COMPACTION_RETENTION);
            // Replaces the chart's list: its heartbeat/election timeouts are kept, the quota is sized.
            m.put("extraEnvVars", List.of(
                    env("ETCD_QUOTA_BACKEND_BYTES", Long.toString(budget.quotaBytes())),
                    env("ETCD_HEARTBEAT_INTERVAL", "500"),
                    env("ETCD_ELECTION_TIMEOUT", "2500")));
            return m;
        }

        private static Map<String, Object> env(String name, String value) {
            var e = new LinkedHashMap<String, Object>();
            e.put("name", name);
            e.put("value", value);
            return e;
        }
    }

    public record Minio(boolean enabled) {
    }

    /** S3 through the pods' IRSA role: no access keys anywhere. */
    public record ExternalS3(String host, int port, String bucketName, String rootPath, String region,
                             boolean useSSL, boolean useIAM, String cloudProvider) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("enabled", true);
            m.put("host", host);
            // values.yaml types the port as a string ("").
            m.put("port", Integer.toString(port));
            m.put("accessKey", "");
            m.put("secretKey", "");
            m.put("useSSL", useSSL);
            m.put("bucketName", bucketName);
            m.put("rootPath", rootPath);
            m.put("useIAM", useIAM);
            m.put("cloudProvider", cloudProvider);
            m.put("region", region);
            return m;
        }
    }

    /**
     * Amazon MSK. The SCRAM password is not a field: it comes from {@link Credentials#KAFKA_PASSWORD_ENV}.
     * No CA file: with SASL_SSL and Milvus' {@code kafka.ssl.enabled} left false (that switch is for client
     * certificates), librdkafka verifies the brokers' Amazon-issued certificates against the image's system CAs
     * (the Milvus image installs ca-certificates).
     */
    public record ExternalKafka(boolean enabled, String brokerList, String securityProtocol, String saslMechanisms,
                                String saslUsername) {
        public static ExternalKafka off() {
            return new ExternalKafka(false, null, null, null, null);
        }

        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("enabled", enabled);
            if (enabled) {
                m.put("brokerList", brokerList);
                m.put("securityProtocol", securityProtocol);
                var sasl = new LinkedHashMap<String, Object>();
                sasl.put("mechanisms", saslMechanisms);
                sasl.put("username", saslUsername);
                m.put("sasl", sasl);
            }
            return m;
        }
    }

    public record Kafka(boolean enabled) {
    }

    /**
     * The in-cluster Pulsar (apache pulsar chart 3.3.0 as {@code pulsarv3}). nodeSelector and
     * volumes.*.storageClassName are keys of that subchart (read by its statefulset templates).
     */
    public record PulsarV3(boolean enabled, int zookeepers, int bookies, int brokers, int proxies,
                           Map<String, Object> nodeSelector, String storageClass, boolean antiAffinity) {
        public static PulsarV3 off() {
            return new PulsarV3(false, 0, 0, 0, 0, Map.of(), null, false);
        }

        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("enabled", enabled);
            if (!enabled) {
                return m;
            }
            var zk = part(zookeepers);
            zk.put("volumes", Map.of("data", Map.of("storageClassName", storageClass)));
            m.put("zookeeper", zk);
            var bk = part(bookies);
            var bkVolumes = new LinkedHashMap<String, Object>();
            bkVolumes.put("journal", Map.of("storageClassName", storageClass));
            bkVolumes.put("ledgers", Map.of("storageClassName", storageClass));
            bk.put("volumes", bkVolumes);
            m.put("bookkeeper", bk);
            m.put("broker", part(brokers));
            m.put("proxy", part(proxies));
            m.put("autorecovery", new LinkedHashMap<>(Map.of("nodeSelector", nodeSelector)));
            return m;
        }

        private LinkedHashMap<String, Object> part(int replicas) {
            var p = new LinkedHashMap<String, Object>();
            p.put("replicaCount", replicas);
            p.put("nodeSelector", nodeSelector);
            p.put("affinity", Map.of("anti_affinity", antiAffinity));
            return p;
        }
    }

    /** The chart's standalone Woodpecker service (not the embedded WAL of {@link Streaming}). */
    public record Woodpecker(boolean enabled) {
    }

    /**
     * Milvus 2.6 streaming nodes, and with the Woodpecker queue their embedded Woodpecker WAL.
     *
     * @param embeddedWoodpeckerStorage the WAL's {@code storage.type}, present only with the Woodpecker queue.
     *        "minio" is the chart's name (config.tpl: woodpecker.storage.type) for Milvus' object storage, i.e.
     *        the {@code minio:} section of milvus.yaml, which config.tpl fills from {@code externalS3} (the S3
     *        bucket), not the bundled MinIO (off here). With MSK or Pulsar the block is left out: the WAL is not
     *        Woodpecker, so the key would only mislead a reader of the values.
     */
    public record Streaming(boolean enabled, Optional<String> embeddedWoodpeckerStorage) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("enabled", enabled);
            embeddedWoodpeckerStorage.ifPresent(type -> {
                var wp = new LinkedHashMap<String, Object>();
                wp.put("embedded", true);
                wp.put("storage", Map.of("type", type));
                m.put("woodpecker", wp);
            });
            return m;
        }
    }

    public record Metrics(boolean enabled, boolean serviceMonitor) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("enabled", enabled);
            m.put("serviceMonitor", Map.of("enabled", serviceMonitor));
            return m;
        }
    }

    public record Log(String level, String format) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("level", level);
            m.put("format", format);
            return m;
        }
    }

    public record ExtraConfigFiles(UserYaml userYaml) {
    }

    /**
     * The chart's {@code extraConfigFiles["user.yaml"]}: Milvus config that overrides the chart's default.yaml.
     *
     * @param mqType set when the chart's config.tpl does not say which queue to use (Woodpecker: it only writes
     *               mq.type for pulsar, kafka and the standalone Woodpecker service)
     * @param strictStreamingIsolation with 2+ replicas: each replica's delegators only on streaming nodes of its
     *               own zone resource group ({@code streaming.strictResourceGroupIsolation.enabled},
     *               zones.QueryZones#streamingConfig)
     */
    public record UserYaml(boolean authorizationEnabled, Optional<String> tlsCertDir, Optional<String> mqType,
                           boolean strictStreamingIsolation) {

        public UserYaml(boolean authorizationEnabled, Optional<String> tlsCertDir, Optional<String> mqType) {
            this(authorizationEnabled, tlsCertDir, mqType, false);
        }

        public String render() {
            var root = new LinkedHashMap<String, Object>();
            var security = new LinkedHashMap<String, Object>();
            security.put("authorizationEnabled", authorizationEnabled);
            tlsCertDir.ifPresent(dir -> security.put("tlsMode", 1));
            root.put("common", Map.of("security", security));
            tlsCertDir.ifPresent(dir -> {
                var tls = new LinkedHashMap<String, Object>();
                tls.put("serverPemPath", dir + "/tls.crt");
                tls.put("serverKeyPath", dir + "/tls.key");
                root.put("tls", tls);
            });
            mqType.ifPresent(t -> root.put("mq", Map.of("type", t)));
            // memory water levels and segment sizes the capacity plan assumes (h-planner, issue 14)
            root.putAll(io.milvuseks.capacity.MilvusMemoryConfig.userYaml());
            if (strictStreamingIsolation) {
                // beside the capacity plan's streaming.flush keys, not over them
                var streaming = new LinkedHashMap<String, Object>();
                if (root.get("streaming") instanceof Map<?, ?> planned) {
                    planned.forEach((k, v) -> streaming.put(String.valueOf(k), v));
                }
                streaming.putAll(io.milvuseks.zones.QueryZones.streamingConfig());
                root.put("streaming", streaming);
            }
            var options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setIndent(2);
            return new Yaml(options).dump(root);
        }
    }
}
