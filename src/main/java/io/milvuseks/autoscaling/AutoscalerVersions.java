package io.milvuseks.autoscaling;

import io.milvuseks.registry.K8sImage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Cluster Autoscaler release for each Kubernetes minor, and the metrics-server release the data nodes' HPA reads
 * CPU from (EKS does not install metrics-server; without it an HPA never scales): the only place they are written. The autoscaler's minor
 * must match the cluster's (it is built against that minor's scheduler code: kubernetes/autoscaler README, "Releases");
 * a {@code kubernetesVersion} without a row is a config error while {@code autoscaling.enabled}, like
 * {@code cluster.AddonVersions}. Each row is the last chart of kubernetes/autoscaler whose appVersion is that minor
 * (tags {@code cluster-autoscaler-chart-<version>}, Chart.yaml appVersion), with the image tag it defaults to; the
 * key check (AutoscalerValuesKeysTest) runs against each row's values.yaml.
 */
public final class AutoscalerVersions {

    public static final String CHART = "cluster-autoscaler";
    public static final String CHART_REPO = "https://kubernetes.github.io/autoscaler";
    /** registry.k8s.io path of the image (the chart's image.repository without the host). */
    public static final String IMAGE_PATH = "autoscaling/cluster-autoscaler";

    public static final String METRICS_SERVER_CHART = "metrics-server";
    public static final String METRICS_SERVER_REPO = "https://kubernetes-sigs.github.io/metrics-server/";
    public static final String METRICS_SERVER_IMAGE_PATH = "metrics-server/metrics-server";

    /**
     * @param chartVersion        the cluster-autoscaler chart; {@code imageTag} its appVersion with the chart's 'v'
     * @param metricsServerChart  the metrics-server chart (kubernetes-sigs/metrics-server, tags
     *                            {@code metrics-server-helm-chart-<version>}); {@code metricsServerTag} its appVersion
     *                            with the 'v' its template adds. Its README's compatibility matrix: 0.8.x for
     *                            Kubernetes 1.31+, 0.7.x for 1.27+.
     */
    public record Release(String chartVersion, String imageTag, String metricsServerChart, String metricsServerTag) {
        public K8sImage image() {
            return new K8sImage(IMAGE_PATH, imageTag);
        }

        public K8sImage metricsServerImage() {
            return new K8sImage(METRICS_SERVER_IMAGE_PATH, metricsServerTag);
        }
    }

    private static final Map<String, Release> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("1.30", new Release("9.37.0", "v1.30.0", "3.12.2", "v0.7.2"));
        TABLE.put("1.31", new Release("9.44.0", "v1.31.0", "3.13.1", "v0.8.1"));
        TABLE.put("1.32", new Release("9.46.6", "v1.32.0", "3.13.1", "v0.8.1"));
        TABLE.put("1.33", new Release("9.51.0", "v1.33.0", "3.13.1", "v0.8.1"));
        // 1.34: cluster-autoscaler chart 9.53.0 (v1.34.2) and metrics-server 3.13.1 when cluster/AddonVersions gets its row
    }

    private AutoscalerVersions() {
    }

    public static List<String> kubernetesVersions() {
        return List.copyOf(TABLE.keySet());
    }

    public static Optional<Release> forKubernetes(String kubernetesVersion) {
        return Optional.ofNullable(TABLE.get(kubernetesVersion));
    }

    /** The release of a version the config check accepted; throws for one it should have refused. */
    public static Release of(String kubernetesVersion) {
        return forKubernetes(kubernetesVersion).orElseThrow(() -> new IllegalArgumentException(
                "no Cluster Autoscaler release for Kubernetes " + kubernetesVersion + "; rows: " + kubernetesVersions()));
    }
}
