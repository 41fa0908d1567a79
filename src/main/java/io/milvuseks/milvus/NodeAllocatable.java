package io.milvuseks.milvus;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.instances.InstanceType;

/**
 * What a node of a given type leaves to Milvus pods: capacity minus what the EKS AMI reserves for the kubelet
 * and system, the eviction threshold, and the per-node DaemonSets (VPC CNI, kube-proxy, EBS CSI node, metrics).
 *
 * <p>The EKS-optimised AMI reserves memory as {@code 255 MiB + 11 MiB x maxPods} and CPU as 6% of the first core,
 * 1% of the second, 0.5% of the third and fourth and 0.25% of the rest (bootstrap.sh, kube-reserved); it sets
 * a 100 MiB hard eviction threshold. maxPods is {@link Assumptions#MAX_PODS}, which every launch template sets
 * (with this kube-reserved) in its nodeadm NodeConfig. DaemonSets are budgeted at 400m / 1 GiB per node.
 */
public record NodeAllocatable(int cpuMilli, int memoryMiB) {

    static final int MAX_PODS = Assumptions.MAX_PODS;
    static final int DAEMONSET_CPU_MILLI = 400;
    static final int DAEMONSET_MEMORY_MIB = 1024;
    static final int EVICTION_MIB = 100;

    public static NodeAllocatable of(InstanceType type) {
        int memReserved = (int) Assumptions.KUBE_RESERVED_MIB + EVICTION_MIB + DAEMONSET_MEMORY_MIB;
        int cpuReserved = kubeReservedCpuMilli(type.vcpu()) + DAEMONSET_CPU_MILLI;
        return new NodeAllocatable(type.vcpu() * 1000 - cpuReserved, type.memoryGiB() * 1024 - memReserved);
    }

    /** kube-reserved CPU of the EKS AMIs for a node of this many vCPUs (also pinned by the launch templates). */
    public static int kubeReservedCpuMilli(int vcpu) {
        double milli = 0;
        for (int core = 1; core <= vcpu; core++) {
            milli += core == 1 ? 60 : core == 2 ? 10 : core <= 4 ? 5 : 2.5;
        }
        return (int) Math.ceil(milli);
    }

    /** A share of this node, rounded down to 10m and 64 MiB so the figures read well in the plan. */
    public PodSize share(int replicas, double cpuRequestShare, double cpuLimitShare, double memoryShare) {
        int mem = (int) (memoryMiB * memoryShare) / 64 * 64;
        return new PodSize(replicas, (int) (cpuMilli * cpuRequestShare) / 10 * 10, mem,
                (int) (cpuMilli * cpuLimitShare) / 10 * 10, mem);
    }
}
