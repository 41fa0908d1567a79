package io.milvuseks.cluster;

/**
 * How EKS rolls a managed node group (a new launch template version or AMI): {@link #MAX_UNAVAILABLE} nodes at a time,
 * and for that it first grows the group's Auto Scaling group, max and desired alike, by the larger of twice the
 * zones the group spans and maxUnavailable ("Understand each phase of node updates", EKS user guide: "with five
 * Availability Zones and maxUnavailable as one, the upgrade process can launch a maximum of 10 nodes"). Those nodes
 * come on top of the group's max: they count against the account's vCPU and EBS quotas while the roll lasts.
 */
public final class NodeRoll {

    /** The node groups' updateConfig (NodeGroups). */
    public static final int MAX_UNAVAILABLE = 1;

    private NodeRoll() {
    }

    /** Nodes a roll may add above the group's size: max(2 x zones, maxUnavailable). */
    public static int surge(int zones) {
        return Math.max(2 * zones, MAX_UNAVAILABLE);
    }
}
