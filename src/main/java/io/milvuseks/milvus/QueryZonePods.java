package io.milvuseks.milvus;

import com.google.gson.Gson;
import io.milvuseks.config.NodeRole;
import io.milvuseks.render.Canonical;
import io.milvuseks.zones.QueryZones;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query pod of one zone group, read from the release's final values (images routed to the mirror included), so
 * it matches what chart 5.0.19's querynode-deployment.yaml renders for {@code queryNode}: image, resources,
 * extraEnv, service account, the chart's ConfigMap (default.yaml + user.yaml) — plus the resource-group env the
 * chart would add for a {@code replicaResourceGroups} entry.
 */
record QueryZonePods(String image, String pullPolicy, List<Env> env, Map<String, String> requests,
                     Map<String, String> limits, String serviceAccount, String configMap) {

    static final int PORT = 21123;
    static final int METRICS_PORT = 9091;
    /** The annotation the chart uses to roll pods when the ConfigMap changes. */
    static final String CHECKSUM_ANNOTATION = "checksum/config";

    /** A literal value, or a key of a Secret. */
    record Env(String name, String value, String secretName, String secretKey) {
    }

    static String name(String release, QueryZones.Zone zone) {
        return MilvusValuesFactory.proxyServiceName(release) + "-querynode-" + zone.zone();
    }

    /** The chart's query pod labels plus the zone group's: the Deployments' selectors stay disjoint. */
    static Map<String, String> labels(String release, QueryZones.Zone zone) {
        var labels = new LinkedHashMap<>(Rollout.podLabels(Component.QUERY_NODE, release));
        labels.put(QueryZones.GROUP_LABEL, zone.zone());
        return labels;
    }

    static Map<String, String> nodeSelector(QueryZones.Zone zone) {
        var m = new LinkedHashMap<String, String>();
        m.put(Scheduling.ROLE_LABEL, NodeRole.QUERY.wire());
        m.put(QueryZones.GROUP_LABEL, zone.zone());
        return m;
    }

    @SuppressWarnings("unchecked")
    static QueryZonePods of(Map<String, Object> values, QueryZones.Zone zone, String release) {
        var image = (Map<String, Object>) ((Map<String, Object>) values.get("image")).get("all");
        var query = (Map<String, Object>) values.get(Component.QUERY_NODE.valuesKey());
        var resources = (Map<String, Object>) query.get("resources");
        var env = new ArrayList<Env>();
        env.add(new Env(QueryZones.SESSION_LABEL_ENV, zone.resourceGroup(), null, null));
        for (var o : (List<Object>) query.getOrDefault("extraEnv", List.of())) {
            var e = (Map<String, Object>) o;
            var from = (Map<String, Object>) e.get("valueFrom");
            if (from != null) {
                var ref = (Map<String, Object>) from.get("secretKeyRef");
                if (ref == null) {
                    // the stack sets only values and Secret keys; a new kind must be copied here, not dropped
                    throw new IllegalStateException("queryNode.extraEnv " + e.get("name") + ": only value and "
                            + "valueFrom.secretKeyRef are copied to the zone Deployments, not " + from.keySet());
                }
                env.add(new Env((String) e.get("name"), null, (String) ref.get("name"), (String) ref.get("key")));
            } else {
                env.add(new Env((String) e.get("name"), String.valueOf(e.get("value")), null, null));
            }
        }
        var sa = (Map<String, Object>) values.get("serviceAccount");
        return new QueryZonePods(image.get("repository") + ":" + image.get("tag"), (String) image.get("pullPolicy"),
                env, strings((Map<String, Object>) resources.get("requests")),
                strings((Map<String, Object>) resources.get("limits")), (String) sa.get("name"),
                MilvusValuesFactory.proxyServiceName(release));
    }

    static Map<String, String> annotations(String checksum) {
        return Map.of(CHECKSUM_ANNOTATION, checksum);
    }

    /**
     * The values chart 5.0.19's ConfigMap is rendered from: every {@code .Values} path its templates/config.tpl and
     * configmap.yaml read (and the name overrides its helpers read), nothing else. The chart's own pods roll on a
     * checksum of the rendered ConfigMap; this is the same trigger before rendering. A wider hash would restart
     * every query pod, and reload every segment, on an etcd resize or a new role ARN; a narrower one would miss
     * {@code queryNode.disk}. Paths read with {@code grep -o '.Values.[a-zA-Z.]*'} on both templates at 5.0.19.
     */
    static final List<String> CONFIG_PATHS = List.of(
            "cluster", "nameOverride", "fullnameOverride", "customConfigMap", "extraConfigFiles",
            "etcd.name", "etcd.replicaCount", "etcd.clusterDomain", "etcd.service", "externalEtcd",
            "externalS3", "minio.accessKey", "minio.bucketName", "minio.iamEndpoint", "minio.name", "minio.region",
            "minio.rootPath", "minio.secretKey", "minio.service", "minio.tls", "minio.useIAM", "minio.useVirtualHost",
            "externalKafka", "kafka.enabled", "kafka.name", "kafka.service", "externalPulsar", "pulsar.enabled",
            "pulsar.maxMessageSize", "pulsar.name", "pulsar.proxy", "pulsarv3.enabled", "pulsarv3.name",
            "pulsarv3.broker", "pulsarv3.proxy", "woodpecker.enabled", "woodpecker.ports", "streaming.woodpecker",
            "log.file", "log.format", "log.level", "log.persistence", "replicaResourceGroups", "queryNode.disk",
            "indexNode.disk", "standalone.disk", "standalone.messageQueue", "dataCoordinator.service",
            "indexCoordinator.service", "queryCoordinator.service", "rootCoordinator.service");

    /** A checksum of {@link #CONFIG_PATHS} in {@code values} and the chart version (its default.yaml changes too). */
    @SuppressWarnings("unchecked")
    static String checksum(Map<String, Object> values, String chartVersion) {
        var config = new java.util.TreeMap<String, Object>();
        config.put("chartVersion", chartVersion);
        for (var path : CONFIG_PATHS) {
            Object v = values;
            for (var key : path.split("\\.")) {
                v = v instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(key) : null;
            }
            if (v != null) {
                config.put(path, v);
            }
        }
        try {
            var json = new Gson().toJson(Canonical.sorted(config));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        var out = new LinkedHashMap<String, String>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
