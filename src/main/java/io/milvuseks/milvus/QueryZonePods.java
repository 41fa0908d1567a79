package io.milvuseks.milvus;

import com.google.gson.Gson;
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
 * The query or streaming pod of one zone group, read from the release's final values (images routed to the mirror
 * included), so it matches what chart {@value QueryZones#POD_CHART_VERSION}'s querynode-deployment.yaml and
 * streamingnode-deployment.yaml render for {@code queryNode} / {@code streamingNode}: image, resources, extraEnv,
 * service account, the chart's ConfigMap (default.yaml + user.yaml), affinity — plus the resource-group env the chart
 * would add for a {@code replicaResourceGroups} entry. QueryZoneChartIT renders that chart with Helm and compares
 * the two field by field; the differences are the ones listed there (node selector, tolerations, zone label and
 * env, grace period, no zone spread inside one zone).
 */
record QueryZonePods(Component component, String image, String pullPolicy, List<Env> env,
                     Map<String, String> requests, Map<String, String> limits, String serviceAccount,
                     String configMap, Map<String, Object> affinity) {

    static final int PORT = 21123;
    static final int STREAMING_PORT = 22222;
    static final int METRICS_PORT = 9091;
    /** The annotation the chart uses to roll pods when the ConfigMap changes. */
    static final String CHECKSUM_ANNOTATION = "checksum/config";

    /** A literal value, or a key of a Secret. */
    record Env(String name, String value, String secretName, String secretKey) {
    }

    /** The container's own port (chart: querynode 21123, streamingnode 22222). */
    int port() {
        return component == Component.QUERY_NODE ? PORT : STREAMING_PORT;
    }

    /** {@code milvus.<component>.fullname} and the zone: {@code milvus-querynode-use1-az1}. */
    static String name(String release, Component c, QueryZones.Zone zone) {
        return MilvusValuesFactory.proxyServiceName(release) + "-" + c.podLabel() + "-" + zone.zone();
    }

    static String name(String release, QueryZones.Zone zone) {
        return name(release, Component.QUERY_NODE, zone);
    }

    /** The node label a component's zone group carries: query groups and data groups (streaming pods). */
    static String groupLabel(Component c) {
        return c == Component.QUERY_NODE ? QueryZones.GROUP_LABEL : QueryZones.DATA_GROUP_LABEL;
    }

    /** The chart's pod labels plus the zone group's: the Deployments' selectors stay disjoint. */
    static Map<String, String> labels(String release, Component c, QueryZones.Zone zone) {
        var labels = new LinkedHashMap<>(Rollout.podLabels(c, release));
        labels.put(groupLabel(c), zone.zone());
        return labels;
    }

    static Map<String, String> labels(String release, QueryZones.Zone zone) {
        return labels(release, Component.QUERY_NODE, zone);
    }

    /** The component's role and its zone group: exactly that group's nodes. */
    static Map<String, String> nodeSelector(Component c, QueryZones.Zone zone) {
        var m = new LinkedHashMap<String, String>();
        m.put(Scheduling.ROLE_LABEL, c.role().wire());
        m.put(groupLabel(c), zone.zone());
        return m;
    }

    static Map<String, String> nodeSelector(QueryZones.Zone zone) {
        return nodeSelector(Component.QUERY_NODE, zone);
    }

    static QueryZonePods of(Map<String, Object> values, QueryZones.Zone zone, String release) {
        return of(values, Component.QUERY_NODE, zone, release);
    }

    @SuppressWarnings("unchecked")
    static QueryZonePods of(Map<String, Object> values, Component c, QueryZones.Zone zone, String release) {
        if (!MilvusValuesFactory.ZONE_PODS.contains(c)) {
            throw new IllegalArgumentException("no zone pods for " + c);
        }
        var image = (Map<String, Object>) ((Map<String, Object>) values.get("image")).get("all");
        var query = (Map<String, Object>) values.get(c.valuesKey());
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
                    throw new IllegalStateException(c.valuesKey() + ".extraEnv " + e.get("name") + ": only value and "
                            + "valueFrom.secretKeyRef are copied to the zone Deployments, not " + from.keySet());
                }
                env.add(new Env((String) e.get("name"), null, (String) ref.get("name"), (String) ref.get("key")));
            } else {
                env.add(new Env((String) e.get("name"), String.valueOf(e.get("value")), null, null));
            }
        }
        var sa = (Map<String, Object>) values.get("serviceAccount");
        var affinity = (Map<String, Object>) query.getOrDefault("affinity", Map.of());
        return new QueryZonePods(c, image.get("repository") + ":" + image.get("tag"),
                (String) image.get("pullPolicy"), env, strings((Map<String, Object>) resources.get("requests")),
                strings((Map<String, Object>) resources.get("limits")), (String) sa.get("name"),
                MilvusValuesFactory.proxyServiceName(release), affinity);
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
