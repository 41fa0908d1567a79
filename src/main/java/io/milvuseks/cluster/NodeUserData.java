package io.milvuseks.cluster;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.instances.InstanceType;
import io.milvuseks.milvus.NodeAllocatable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Launch-template user data for AL2023 nodes: a nodeadm {@code NodeConfig} that makes the sizing assumptions true.
 *
 * <p>maxPods: an EKS managed node group appends its own NodeConfig after this one and it wins, capping maxPods at
 * 110 below 30 vCPUs and 250 above (Amazon EKS user guide, "How maxPods is determined"), so the model uses that
 * value ({@link InstanceType#maxPods()}) and this part sets the same, so both parts agree.
 * kube-reserved: nodeadm derives it ({@code 255 + 11 x pods} MiB) from the ENI limit, not from maxPods
 * (nodeadm/internal/kubelet/config.go, {@code withDefaultReservedResources(cfg, GetClassicMaxPods(...))}): 234 pods
 * on m6in.4xlarge where 110 run. So the whole kube-reserved map is pinned for the pods that will run (cpu and
 * ephemeral-storage at nodeadm's own values, so the result is the same whether kubelet merges drop-in maps key by
 * key or replaces them).
 *
 * <p>Local NVMe: without {@code spec.instance.localStorage} nodeadm never formats or mounts instance-store disks
 * (nodeadm API, LocalStorageOptions). RAID0 stripes them into one array and moves kubelet's and containerd's
 * directories onto it, so emptyDir volumes and images, and with them Milvus' local DiskANN and mmap files, land on
 * NVMe rather than the root EBS volume the planner does not count for NVMe types.
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
                + (type.hasLocalNvme()
                        ? "  instance:\n"
                        + "    localStorage:\n"
                        + "      strategy: RAID0\n"
                        : "")
                + "  kubelet:\n"
                + "    config:\n"
                + "      maxPods: " + type.maxPods() + "\n"
                + "      kubeReserved:\n"
                + "        cpu: " + NodeAllocatable.kubeReservedCpuMilli(type.vcpu()) + "m\n"
                + "        ephemeral-storage: 1Gi\n"
                + "        memory: " + Assumptions.kubeReservedMib(type) + "Mi\n";
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
