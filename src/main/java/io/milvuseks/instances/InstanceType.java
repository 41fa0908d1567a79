package io.milvuseks.instances;

/**
 * Facts about one EC2 instance type that sizing, validation and cost need.
 *
 * @param name              API name, e.g. {@code m6in.4xlarge}
 * @param vcpu              vCPUs
 * @param memoryGiB         memory in GiB
 * @param baselineGbps      sustained network bandwidth (what a node keeps up for hours of segment loading)
 * @param burstGbps         the "up to" figure on the product page, reachable only while burst credits last
 * @param nvmeGB            local instance-store NVMe in GB (0 when EBS only)
 * @param usdPerHour        on-demand Linux price in us-east-1
 * @param eniMaxPods        amazon-eks-ami eni-max-pods.txt: ENIs x (IPv4 per ENI - 1) + 2 (0 for MSK broker types)
 * @param randomReadIops    the instance store's published "100% random read IOPS" (4 KiB, queue depth saturation,
 *                          all volumes); 0 without instance store
 * @param arch              the CPU architecture: Graviton types are arm64
 */
public record InstanceType(String name, int vcpu, int memoryGiB, double baselineGbps, double burstGbps,
                           int nvmeGB, double usdPerHour, int eniMaxPods, int randomReadIops, Arch arch) {

    /** An x86_64 type without instance store (and MSK broker types). */
    public InstanceType(String name, int vcpu, int memoryGiB, double baselineGbps, double burstGbps, int nvmeGB,
                        double usdPerHour, int eniMaxPods) {
        this(name, vcpu, memoryGiB, baselineGbps, burstGbps, nvmeGB, usdPerHour, eniMaxPods, 0, Arch.X86_64);
    }

    /**
     * EKS managed node groups (no custom AMI) put a cap on maxPods in the NodeConfig they append to the launch
     * template's user data, and that part wins: 110 below 30 vCPUs, 250 from 30 (Amazon EKS user guide, "Choose an
     * optimal Amazon EC2 node instance type", How maxPods is determined; nodeadm merges NodeConfig parts in order).
     */
    public static final int MNG_MAX_PODS_SMALL = 110;
    public static final int MNG_MAX_PODS_LARGE = 250;
    public static final int MNG_LARGE_VCPU = 30;

    public boolean hasLocalNvme() {
        return nvmeGB > 0;
    }

    public boolean graviton() {
        return arch == Arch.ARM64;
    }

    /** The maxPods kubelet runs with on a managed node of this type: the ENI limit under the EKS cap. */
    public int maxPods() {
        return Math.min(eniMaxPods, vcpu < MNG_LARGE_VCPU ? MNG_MAX_PODS_SMALL : MNG_MAX_PODS_LARGE);
    }

    public double usdPerMonth() {
        return usdPerHour * InstanceCatalog.HOURS_PER_MONTH;
    }
}
