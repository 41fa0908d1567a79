package io.milvuseks.instances;

import io.milvuseks.config.Environment;
import io.milvuseks.config.NodeRole;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest node a role may run on.
 *
 * <p>The network floor is checked against the <em>baseline</em> bandwidth, not the "up to" burst figure: a query
 * node loading hundreds of GB of segments from S3, or a data node flushing them, runs for hours, far longer than
 * burst credits last (minutes). So m6i.4xlarge (6.25 Gbps baseline, "up to 12.5") misses a 10 Gbps floor, while
 * m6in.4xlarge (25 Gbps baseline) meets it.
 */
public record RoleFloor(int vcpu, int memoryGiB, double baselineGbps) {

    /** The design card: prod nodes are 16 vCPU / 64 GB / at least 10 Gbps, for every Milvus role. */
    public static final RoleFloor PROD = new RoleFloor(16, 64, 10);
    /** Staging runs Milvus, etcd and the queue for real, just smaller: below 4 vCPU / 16 GiB pods do not fit. */
    public static final RoleFloor STAGING = new RoleFloor(4, 16, 0);

    public static RoleFloor of(Environment env, NodeRole role) {
        return env == Environment.PROD ? PROD : STAGING;
    }

    /** What the type misses, one phrase per shortfall; empty when it meets the floor. */
    public List<String> shortfalls(InstanceType type) {
        var out = new ArrayList<String>();
        if (type.vcpu() < vcpu) {
            out.add(type.vcpu() + " vCPU < " + vcpu);
        }
        if (type.memoryGiB() < memoryGiB) {
            out.add(type.memoryGiB() + " GiB < " + memoryGiB + " GiB");
        }
        if (type.baselineGbps() < baselineGbps) {
            out.add(type.baselineGbps() + " Gbps baseline < " + baselineGbps + " Gbps");
        }
        return out;
    }

    @Override
    public String toString() {
        return vcpu + " vCPU / " + memoryGiB + " GiB / " + baselineGbps + " Gbps baseline";
    }
}
