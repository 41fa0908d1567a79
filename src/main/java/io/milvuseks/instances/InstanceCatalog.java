package io.milvuseks.instances;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instance types this stack knows, with their facts.
 *
 * <p>Sources: vCPU, memory and instance store from the EC2 instance-type pages; baseline and burst bandwidth from
 * "Amazon EC2 instance network bandwidth" (the per-family network specification tables, baseline column);
 * prices are on-demand Linux in us-east-1 from the AWS price list (2025; the types added for issue 24 from the list as
 * karpenter-provider-aws generated it for us-east-1 on 2026-01-19, pkg/providers/pricing/zz_generated.pricing_aws.go,
 * which agrees with the 2025 figures for the older types). Prices drift: treat the cost report as an estimate and
 * check the price list before a budget decision. ENI max pods: awslabs/amazon-eks-ami
 * {@code templates/shared/runtime/eni-max-pods.txt} (ENIs x (IPv4 addresses per ENI - 1) + 2; every type added here
 * has 8 ENIs of 30 addresses: the EC2 instance-type guide's network tables).
 *
 * <p>Instance store random-read IOPS: the EC2 instance-type guide's "Instance store specifications" tables ("100%
 * random read IOPS / Write IOPS", 4,096-byte blocks at queue depth saturation, all volumes): general purpose
 * (docs.aws.amazon.com/ec2/latest/instancetypes/gp.html#gp_instance-store), memory optimized (mo.html) and storage
 * optimized (so.html). The DiskANN I/O bound ({@code capacity.DiskReads}) divides by them.
 */
public final class InstanceCatalog {

    /** AWS bills 730 hours in an average month (8,760 h / 12). */
    public static final double HOURS_PER_MONTH = 730.0;

    private static final Map<String, InstanceType> EC2 = index(List.of(
            // general purpose, EBS only: "up to 12.5 Gbps" burst, much lower baseline
            new InstanceType("m6i.xlarge", 4, 16, 1.562, 12.5, 0, 0.192, 58),
            new InstanceType("m6i.2xlarge", 8, 32, 3.125, 12.5, 0, 0.384, 58),
            new InstanceType("m6i.4xlarge", 16, 64, 6.25, 12.5, 0, 0.768, 234),
            new InstanceType("m6i.8xlarge", 32, 128, 12.5, 12.5, 0, 1.536, 234),
            new InstanceType("m7i.2xlarge", 8, 32, 3.125, 12.5, 0, 0.4032, 58),
            new InstanceType("m7i.4xlarge", 16, 64, 6.25, 12.5, 0, 0.8064, 234),
            // network-optimised general purpose: 25 Gbps baseline at 4xlarge
            new InstanceType("m6in.2xlarge", 8, 32, 12.5, 40, 0, 0.55689, 58),
            new InstanceType("m6in.4xlarge", 16, 64, 25, 50, 0, 1.11378, 234),
            new InstanceType("m6in.8xlarge", 32, 128, 50, 50, 0, 2.22756, 234),
            new InstanceType("m6idn.4xlarge", 16, 64, 25, 50, 950, 1.27296, 234, 268_333, Arch.X86_64),
            new InstanceType("m6idn.8xlarge", 32, 128, 50, 50, 1900, 2.54592, 234, 536_666, Arch.X86_64),
            // memory optimised
            new InstanceType("r6i.2xlarge", 8, 64, 3.125, 12.5, 0, 0.504, 58),
            new InstanceType("r6i.4xlarge", 16, 128, 6.25, 12.5, 0, 1.008, 234),
            new InstanceType("r6i.8xlarge", 32, 256, 12.5, 12.5, 0, 2.016, 234),
            new InstanceType("r6in.4xlarge", 16, 128, 25, 50, 0, 1.39446, 234),
            new InstanceType("r6in.8xlarge", 32, 256, 50, 50, 0, 2.78892, 234),
            new InstanceType("r6id.4xlarge", 16, 128, 6.25, 12.5, 950, 1.2096, 234, 268_333, Arch.X86_64),
            new InstanceType("r6idn.4xlarge", 16, 128, 25, 50, 950, 1.56288, 234, 268_333, Arch.X86_64),
            // storage optimised, for DiskANN / mmap on local NVMe
            new InstanceType("i4i.4xlarge", 16, 128, 9.375, 25, 3750, 1.373, 234, 400_000, Arch.X86_64),
            new InstanceType("i4i.8xlarge", 32, 256, 18.75, 18.75, 7500, 2.746, 234, 800_000, Arch.X86_64),
            // compute optimised (index building)
            new InstanceType("c6i.4xlarge", 16, 32, 6.25, 12.5, 0, 0.68, 234),
            new InstanceType("c6in.4xlarge", 16, 32, 25, 50, 0, 0.9072, 234),
            // issue 24: larger local-NVMe types (DiskANN, mmap), x86_64
            new InstanceType("r6id.8xlarge", 32, 256, 12.5, 12.5, 1900, 2.4192, 234, 536_666, Arch.X86_64),
            new InstanceType("r6idn.8xlarge", 32, 256, 50, 50, 1900, 3.12624, 234, 536_666, Arch.X86_64),
            new InstanceType("i7i.8xlarge", 32, 256, 25, 25, 7500, 3.0202, 234, 1_200_000, Arch.X86_64),
            // issue 24: Graviton (arm64). The 4xlarge sizes burst to 15 Gbps on a 7.5 baseline (below the prod floor);
            // 8xlarge holds 15. Offered only where every image on the pool has an arm64 variant (ImageArchitectures).
            new InstanceType("m7g.4xlarge", 16, 64, 7.5, 15, 0, 0.6528, 234, 0, Arch.ARM64),
            new InstanceType("m7g.8xlarge", 32, 128, 15, 15, 0, 1.3056, 234, 0, Arch.ARM64),
            new InstanceType("m7gd.8xlarge", 32, 128, 15, 15, 1900, 1.7086, 234, 536_666, Arch.ARM64),
            new InstanceType("r7g.4xlarge", 16, 128, 7.5, 15, 0, 0.8568, 234, 0, Arch.ARM64),
            new InstanceType("r7g.8xlarge", 32, 256, 15, 15, 0, 1.7136, 234, 0, Arch.ARM64),
            new InstanceType("r7gd.8xlarge", 32, 256, 15, 15, 1900, 2.1773, 234, 536_666, Arch.ARM64),
            new InstanceType("r8g.8xlarge", 32, 256, 15, 15, 0, 1.88512, 234, 0, Arch.ARM64),
            new InstanceType("r8gd.8xlarge", 32, 256, 15, 15, 1900, 2.35136, 234, 536_666, Arch.ARM64),
            new InstanceType("r8gn.4xlarge", 16, 128, 50, 50, 0, 1.4574, 234, 0, Arch.ARM64),
            new InstanceType("i8g.8xlarge", 32, 256, 25, 25, 7500, 2.7456, 234, 1_200_000, Arch.ARM64),
            new InstanceType("c7g.8xlarge", 32, 64, 15, 15, 0, 1.16, 234, 0, Arch.ARM64)));

    /** MSK broker types: memory and vCPU as listed for Amazon MSK, price per broker-hour in us-east-1. */
    private static final Map<String, InstanceType> MSK = index(List.of(
            new InstanceType("kafka.m5.large", 2, 8, 0.75, 10, 0, 0.21, 0),
            new InstanceType("kafka.m5.xlarge", 4, 16, 1.25, 10, 0, 0.42, 0),
            new InstanceType("kafka.m5.2xlarge", 8, 32, 2.5, 10, 0, 0.84, 0),
            new InstanceType("kafka.m5.4xlarge", 16, 64, 5, 10, 0, 1.68, 0),
            new InstanceType("kafka.m7g.large", 2, 8, 0.937, 12.5, 0, 0.204, 0),
            new InstanceType("kafka.m7g.xlarge", 4, 16, 1.876, 12.5, 0, 0.408, 0),
            new InstanceType("kafka.m7g.2xlarge", 8, 32, 3.75, 15, 0, 0.816, 0)));

    private InstanceCatalog() {
    }

    private static Map<String, InstanceType> index(List<InstanceType> types) {
        var map = new LinkedHashMap<String, InstanceType>();
        types.forEach(t -> map.put(t.name(), t));
        return Collections.unmodifiableMap(map);
    }

    public static Optional<InstanceType> ec2(String name) {
        return Optional.ofNullable(EC2.get(name));
    }

    public static InstanceType requireEc2(String name) {
        return ec2(name).orElseThrow(() -> new IllegalArgumentException("unknown EC2 instance type " + name));
    }

    public static Optional<InstanceType> msk(String name) {
        return Optional.ofNullable(MSK.get(name));
    }

    public static List<String> ec2Names() {
        return List.copyOf(EC2.keySet());
    }

    public static List<String> mskNames() {
        return List.copyOf(MSK.keySet());
    }

    public static List<InstanceType> ec2Types() {
        return List.copyOf(EC2.values());
    }
}
