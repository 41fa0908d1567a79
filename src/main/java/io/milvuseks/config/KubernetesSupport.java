package io.milvuseks.config;

/**
 * Config key {@code kubernetesSupport}: the EKS cluster's upgrade policy ({@code upgradePolicy.supportType}). With
 * {@link #STANDARD} EKS upgrades the control plane to the next version when the cluster's version leaves standard
 * support (14 months after its EKS release); with {@link #EXTENDED} (EKS's own default) the cluster stays on it in
 * extended support for up to 12 more months, at $0.60 per cluster-hour instead of $0.10 (AWS containers blog,
 * "Amazon EKS extended support for Kubernetes versions pricing"). An in-place change (UpdateClusterConfig;
 * CloudFormation: "Update requires: No interruption"), but EKS refuses STANDARD for a cluster already in extended
 * support ("disable-extended-support": only clusters in standard support).
 */
public enum KubernetesSupport implements WireEnum {
    STANDARD("standard"),
    EXTENDED("extended");

    private final String wire;

    KubernetesSupport(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The EKS API value: STANDARD | EXTENDED. */
    public String supportType() {
        return name();
    }
}
