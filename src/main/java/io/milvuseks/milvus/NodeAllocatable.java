package io.milvuseks.milvus;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.instances.InstanceType;

/**
 * What a node of a given type leaves to Milvus pods: capacity minus what the EKS AMI reserves for the kubelet
 * and system, the eviction threshold, and the per-node DaemonSets (VPC CNI, kube-proxy, EBS CSI node, metrics).
 *
 * <p>Memory is {@link CapacityPlanner#podMemory}, the one model of a node's memory (kernel share, kube-reserved
 * for the pods EKS lets the type run ({@link Assumptions#kubeReservedMib}, pinned by every launch template), eviction,
 * DaemonSets; see {@link Assumptions}), so the query node's limit here is the memory the capacity planner counts
 * on. CPU: the EKS-optimised AMI reserves 6% of the first core, 1% of the second, 0.5% of the third and fourth and
 * 0.25% of the rest (kube-reserved, also pinned by the launch templates); DaemonSets get 400m per node.
 */
public record NodeAllocatable(int cpuMilli, int memoryMiB) {

    static final int DAEMONSET_CPU_MILLI = 400;

    public static NodeAllocatable of(InstanceType type) {
        int cpuReserved = kubeReservedCpuMilli(type.vcpu()) + DAEMONSET_CPU_MILLI;
        return new NodeAllocatable(type.vcpu() * 1000 - cpuReserved,
                (int) (CapacityPlanner.podMemory(type) / Assumptions.MIB));
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
        return sized(replicas, cpuRequestShare, cpuLimitShare, mem);
    }

    /** The node's whole memory (request = limit, exactly {@link #memoryMiB}) and a share of its CPU. */
    public PodSize wholeMemory(int replicas, double cpuRequestShare, double cpuLimitShare) {
        return sized(replicas, cpuRequestShare, cpuLimitShare, memoryMiB);
    }

    private PodSize sized(int replicas, double cpuRequestShare, double cpuLimitShare, int memMiB) {
        return new PodSize(replicas, (int) (cpuMilli * cpuRequestShare) / 10 * 10, memMiB,
                (int) (cpuMilli * cpuLimitShare) / 10 * 10, memMiB);
    }
}
