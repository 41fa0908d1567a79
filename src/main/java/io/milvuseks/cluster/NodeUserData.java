package io.milvuseks.cluster;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.instances.InstanceType;
import io.milvuseks.milvus.NodeAllocatable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Launch-template user data for AL2023 nodes: a nodeadm {@code NodeConfig} that makes the sizing assumptions true.
 *
 * <p>nodeadm sets kubelet {@code maxPods} from the instance's ENI limit (234 on m6in.4xlarge) and derives
 * kube-reserved memory ({@code 255 + 11 x maxPods} MiB) from that same ENI value, not from a {@code maxPods} given
 * in user data (nodeadm/internal/kubelet/config.go, {@code withDefaultReservedResources(cfg,
 * GetClassicMaxPods(...))}). So both are pinned here: {@code maxPods} and the whole kube-reserved map (cpu and
 * ephemeral-storage at nodeadm's own values, so the result is the same whether kubelet merges drop-in maps key by
 * key or replaces them). EKS managed node groups prepend this part to their own NodeConfig (cluster endpoint, CA,
 * DNS); nodeadm merges every NodeConfig part in order.
 */
final class NodeUserData {

    static final String BOUNDARY = "==MILVUSEKS==";
    static final String CONTENT_TYPE = "application/node.eks.aws";

    private NodeUserData() {
    }

    static String nodeConfig(InstanceType type) {
        return "---\n"
                + "apiVersion: node.eks.aws/v1alpha1\n"
                + "kind: NodeConfig\n"
                + "spec:\n"
                + "  kubelet:\n"
                + "    config:\n"
                + "      maxPods: " + Assumptions.MAX_PODS + "\n"
                + "      kubeReserved:\n"
                + "        cpu: " + NodeAllocatable.kubeReservedCpuMilli(type.vcpu()) + "m\n"
                + "        ephemeral-storage: 1Gi\n"
                + "        memory: " + Assumptions.KUBE_RESERVED_MIB + "Mi\n";
    }

    /** MIME multipart, the only user-data form EKS accepts in a managed node group's launch template. */
    static String mime(InstanceType type) {
        return "MIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + "\"\n"
                + "\n"
                + "--" + BOUNDARY + "\n"
                + "Content-Type: " + CONTENT_TYPE + "\n"
                + "\n"
                + nodeConfig(type)
                + "\n"
                + "--" + BOUNDARY + "--\n";
    }

    /** What the launch template's {@code userData} takes. */
    static String base64(InstanceType type) {
        return Base64.getEncoder().encodeToString(mime(type).getBytes(StandardCharsets.UTF_8));
    }
}
