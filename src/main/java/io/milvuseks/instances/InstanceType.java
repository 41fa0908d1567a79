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
 */
public record InstanceType(String name, int vcpu, int memoryGiB, double baselineGbps, double burstGbps,
                           int nvmeGB, double usdPerHour) {

    public boolean hasLocalNvme() {
        return nvmeGB > 0;
    }

    public double usdPerMonth() {
        return usdPerHour * InstanceCatalog.HOURS_PER_MONTH;
    }
}
