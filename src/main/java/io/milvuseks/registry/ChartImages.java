package io.milvuseks.registry;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.StackSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every image the Milvus chart deploys for this stack, and the chart values that point each at the mirror.
 * Upstream references are those of milvus-helm 5.0.19 (its values.yaml, and the etcd 8.12.0 / pulsar 3.3.0
 * subcharts it bundles). Sections the stack turns off (attu, minio, kafka, the Woodpecker service, tei, pulsar v2)
 * deploy no image; MilvusImagesPlanTest fails if one is turned on without being routed here.
 */
public final class ChartImages {

    public static final String MILVUS = "milvusdb/milvus";
    /** Milvus' heaptrack sidecar (off unless heaptrack.enabled): routed anyway, so turning it on avoids Docker Hub. */
    public static final DockerHubImage HEAPTRACK = new DockerHubImage("milvusdb/heaptrack", "v0.1.0");
    /** milvus values.yaml etcd.image; the bitnami subchart prepends etcd.image.registry (default docker.io). */
    public static final DockerHubImage ETCD = new DockerHubImage("milvusdb/etcd", "3.5.25-r1");
    /** milvus values.yaml pulsarv3.images.* and pulsarv3.pulsar_metadata.image. */
    public static final DockerHubImage PULSAR = new DockerHubImage("apachepulsar/pulsar", "3.0.7");
    /** The pulsar subchart's components with an {@code images.<name>} entry that the stack runs. */
    public static final List<String> PULSAR_COMPONENTS = List.of("zookeeper", "bookie", "autorecovery", "broker",
            "proxy");
    /** etcd defrag and snapshot CronJobs (milvus.EtcdMaintenance): the snapshot's copy to S3. */
    public static final DockerHubImage AWS_CLI = new DockerHubImage("amazon/aws-cli", "2.22.35");
    /**
     * The backup CronJob (package backup): milvus-backup's latest release; its release workflow tags the image with
     * {@code git describe --tags} (zilliztech/milvus-backup .github/workflows/release.yaml).
     */
    public static final DockerHubImage MILVUS_BACKUP = new DockerHubImage("milvusdb/milvus-backup", "v0.5.16");
    /** Grafana of kube-prometheus-stack 88.5.3 (its grafana 12.11.1 subchart: appVersion 13.2.0). */
    public static final DockerHubImage GRAFANA = new DockerHubImage("grafana/grafana", "13.2.0");
    /** grafana 12.11.1 initChownData (on with persistence): Docker Hub's official busybox. */
    public static final DockerHubImage BUSYBOX = new DockerHubImage("library/busybox", "1.38.0");
    static final String PULL_POLICY = "IfNotPresent";

    private ChartImages() {
    }

    /**
     * Every Docker Hub image the stack deploys: the Milvus chart's (Pulsar's only with messageQueue pulsar), the etcd
     * upkeep jobs', milvus-backup's with backups on, and monitoring's Grafana when monitoring is on. The other
     * monitoring images come from quay.io and registry.k8s.io ({@link #quayUpstream}, {@link #k8sUpstream}).
     */
    public static List<DockerHubImage> upstream(StackSettings s) {
        var all = new java.util.ArrayList<DockerHubImage>(List.of(new DockerHubImage(MILVUS, s.milvus().imageTag()),
                HEAPTRACK, ETCD));
        if (s.messageQueue() == MessageQueue.PULSAR) {
            all.add(PULSAR);
        }
        all.add(AWS_CLI);
        if (s.backup().enabled()) {
            all.add(MILVUS_BACKUP);
        }
        if (s.monitoring().enabled()) {
            all.add(GRAFANA);
            all.add(BUSYBOX);
        }
        return List.copyOf(all);
    }

    /**
     * Every registry.k8s.io image the stack deploys itself (routed through a second cache rule): Cluster Autoscaler's
     * and metrics-server's with {@code autoscaling.enabled}, at the releases pinned for the cluster's Kubernetes minor;
     * kube-state-metrics and the admission webhook's certificate Jobs with monitoring on.
     */
    public static List<K8sImage> k8sUpstream(StackSettings s) {
        var all = new java.util.ArrayList<K8sImage>();
        if (s.autoscaling().enabled()) {
            var release = io.milvuseks.autoscaling.AutoscalerVersions.of(s.cluster().kubernetesVersion());
            all.add(release.image());
            all.add(release.metricsServerImage());
        }
        if (s.monitoring().enabled()) {
            all.addAll(MonitoringImages.k8s());
        }
        return List.copyOf(all);
    }

    /**
     * Every quay.io image the stack deploys (routed through a third cache rule): monitoring's when it is on,
     * cert-manager's with {@code proxyTls}.
     */
    public static List<QuayImage> quayUpstream(StackSettings s) {
        var all = new java.util.ArrayList<QuayImage>();
        if (s.monitoring().enabled()) {
            all.addAll(MonitoringImages.quay());
        }
        if (s.milvus().proxyTls()) {
            all.addAll(CertManagerImages.quay());
        }
        return List.copyOf(all);
    }

    /** The chart values (a fragment to lay over the rest) that make every deployed image come from {@code mirror}. */
    public static Map<String, Object> values(StackSettings s, Mirror mirror) {
        var v = new LinkedHashMap<String, Object>();
        var milvus = mirror.route(new DockerHubImage(MILVUS, s.milvus().imageTag()));
        v.put("image", Map.of("all", image(milvus.hostRepository(), milvus.tag())));
        var heaptrack = mirror.route(HEAPTRACK);
        v.put("heaptrack", Map.of("image", image(heaptrack.hostRepository(), heaptrack.tag())));
        var etcd = mirror.route(ETCD);
        var etcdImage = new LinkedHashMap<String, Object>();
        etcdImage.put("registry", etcd.registry()); // bitnami common.images.image: registry/repository:tag
        etcdImage.put("repository", etcd.repository());
        etcdImage.put("tag", etcd.tag());
        etcdImage.put("pullPolicy", PULL_POLICY);
        v.put("etcd", Map.of("image", etcdImage));
        if (s.messageQueue() == MessageQueue.PULSAR) {
            var pulsar = mirror.route(PULSAR);
            var images = new LinkedHashMap<String, Object>();
            for (var c : PULSAR_COMPONENTS) {
                images.put(c, image(pulsar.hostRepository(), pulsar.tag()));
            }
            var p = new LinkedHashMap<String, Object>();
            p.put("images", images);
            p.put("pulsar_metadata", Map.of("image", image(pulsar.hostRepository(), pulsar.tag())));
            v.put("pulsarv3", p);
        }
        return v;
    }

    /** {@code base} with {@code overlay} laid over it: maps merge key by key, anything else is replaced. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> overlay(Map<String, Object> base, Map<String, Object> overlay) {
        var out = new LinkedHashMap<>(base);
        overlay.forEach((k, v) -> {
            var old = out.get(k);
            if (old instanceof Map<?, ?> om && v instanceof Map<?, ?> nm) {
                out.put(k, overlay((Map<String, Object>) om, (Map<String, Object>) nm));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, Object> image(String repository, String tag) {
        var m = new LinkedHashMap<String, Object>();
        m.put("repository", repository);
        m.put("tag", tag);
        m.put("pullPolicy", PULL_POLICY);
        return m;
    }
}
