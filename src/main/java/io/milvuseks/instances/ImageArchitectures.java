package io.milvuseks.instances;

import io.milvuseks.config.NodeRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which images each pool runs, and whether each has an arm64 variant: a Graviton type is offered (capacity --compare)
 * and accepted (a stack's node pool) only when every image its pods pull has one, because a node pulls the variant of
 * its own architecture and an amd64-only image never starts on it (exec format error). The manifests cannot be read
 * from here, so each verdict carries the evidence found; where there is none, the verdict is {@link Verdict#UNPROVEN}
 * and the type is refused. Checking a manifest by hand: {@code docker manifest inspect <image>:<tag>} lists the
 * platforms.
 */
public final class ImageArchitectures {

    /** What is known about an image's arm64 variant. */
    public enum Verdict {
        /** The project's own build publishes linux/arm64 for the tags the stack deploys. */
        ARM64_PUBLISHED,
        /** Claims or partial evidence, nothing showing the deployed tag's manifest has linux/arm64. */
        UNPROVEN,
        /** The project says it publishes no arm64 image. */
        AMD64_ONLY
    }

    /** One image (repository, as the stack pulls it through its mirror), its verdict and the evidence behind it. */
    public record Image(String repository, Verdict verdict, String evidence) {
        boolean runsOnArm64(boolean assumeUnproven) {
            return verdict == Verdict.ARM64_PUBLISHED || (assumeUnproven && verdict == Verdict.UNPROVEN);
        }
    }

    public static final Image MILVUS = new Image("milvusdb/milvus", Verdict.UNPROVEN,
            "the Milvus 2.3 release announced arm64 images (milvus.io/blog/unveiling-milvus-2-3-milestone-release-"
                    + "offering-support-for-gpu-arm64-cdc-and-other-features.md; milvus#29059: 'Milvus 2.3.3 should "
                    + "already support ARM'), but arm64 is built by a separate job that pushes its own tag "
                    + "(ci/jenkins/PublishArmBasedImages.groovy, nightly tags end in '-arm') and milvus#43184 "
                    + "(2025-07, open) finds only linux/amd64 on Docker Hub: the deployed tag's manifest is not shown "
                    + "to carry linux/arm64");
    public static final Image ETCD = new Image("milvusdb/etcd", Verdict.AMD64_ONLY,
            "milvus#27741 (2023-10-25, maintainer): 'we don't have a plan to release arm image for etcd'");
    public static final Image MILVUS_BACKUP = new Image("milvusdb/milvus-backup", Verdict.ARM64_PUBLISHED,
            "milvus-backup#452, closed 2024-12-11 with linux/arm64 tags on Docker Hub (the stack pins v0.5.16, "
                    + "later)");
    public static final Image PROMETHEUS_FAMILY = new Image("quay.io/prometheus/{prometheus,alertmanager,"
            + "node-exporter}", Verdict.ARM64_PUBLISHED, "prometheus Makefile / Makefile.common: DOCKER_ARCHS "
            + "amd64 armv7 arm64 ..., pushed as one multi-arch manifest per tag");
    public static final Image EKS_ADDONS = new Image("EKS add-ons (vpc-cni, kube-proxy, aws-ebs-csi-driver, "
            + "eks-pod-identity-agent)", Verdict.ARM64_PUBLISHED, "Amazon EKS add-on images are multi-architecture: "
            + "EKS documents Graviton (arm64) managed node groups with the same add-ons");
    public static final Image OTHER_INFRA = new Image("the infra pool's other images (kube-prometheus-stack, Grafana, "
            + "Cluster Autoscaler, metrics-server, cert-manager, amazon/aws-cli, Pulsar)", Verdict.UNPROVEN,
            "not checked: the infra pool is refused on etcd alone");

    private ImageArchitectures() {
    }

    /** The images a node of the role runs: its Milvus or infra pods and the per-node DaemonSets. */
    public static List<Image> images(NodeRole role) {
        var out = new ArrayList<Image>();
        if (role == NodeRole.INFRA) {
            out.add(ETCD);
            out.add(MILVUS_BACKUP);
            out.add(OTHER_INFRA);
        } else {
            out.add(MILVUS);
        }
        out.add(PROMETHEUS_FAMILY); // node-exporter DaemonSet (monitoring on)
        out.add(EKS_ADDONS);
        return List.copyOf(out);
    }

    /** The images of the role without a proven arm64 variant (with {@code assumeUnproven}, only amd64-only ones). */
    public static List<Image> blocking(NodeRole role, boolean assumeUnproven) {
        return images(role).stream().filter(i -> !i.runsOnArm64(assumeUnproven)).toList();
    }

    /**
     * Whether a node of this type can run the role's pods: every x86_64 type can; a Graviton type only when every
     * image has an arm64 variant ({@code assumeUnproven}: treat unproven images as having one, for a what-if).
     */
    public static boolean runs(InstanceType type, NodeRole role, boolean assumeUnproven) {
        return !type.graviton() || blocking(role, assumeUnproven).isEmpty();
    }

    /** One phrase naming what blocks a Graviton type for the role, with the evidence; empty when nothing does. */
    public static String why(NodeRole role, boolean assumeUnproven) {
        var b = blocking(role, assumeUnproven);
        if (b.isEmpty()) {
            return "";
        }
        return String.join("; ", b.stream().map(i -> i.repository() + " "
                + i.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + i.evidence() + ")").toList());
    }
}
