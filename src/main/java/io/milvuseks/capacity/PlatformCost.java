package io.milvuseks.capacity;

import io.milvuseks.instances.InstanceCatalog;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.milvuseks.capacity.Assumptions.*;

/** The monthly bill of everything besides the node pools, MSK and S3, one line per billed part. */
public final class PlatformCost {

    private static final double H = InstanceCatalog.HOURS_PER_MONTH;

    private PlatformCost() {
    }

    /**
     * Lines in US dollars per month. {@code rootVolumeGiB} is the sum of every node's gp3 root volume.
     * Keys are stable: the capacity output and the report show them as they are.
     */
    public static Map<String, Double> lines(Platform p, long rootVolumeGiB) {
        var m = new LinkedHashMap<String, Double>();
        m.put("eksControlPlane", (p.extendedSupport() ? EKS_EXTENDED_SUPPORT_USD_PER_HOUR
                : EKS_CONTROL_PLANE_USD_PER_HOUR) * H);
        int nats = p.prod() ? p.zones() : 1;
        m.put("natGateways", nats * NAT_GATEWAY_USD_PER_HOUR * H);
        m.put("natData", (p.prod() ? NAT_DATA_GB_PER_MONTH_PROD : NAT_DATA_GB_PER_MONTH_STAGING) * NAT_USD_PER_GB);
        double extraIops = Math.max(0, p.gp3Iops() - GP3_FREE_IOPS) * GP3_USD_PER_IOPS_MONTH;
        double extraThroughput = Math.max(0, p.gp3ThroughputMiBps() - GP3_FREE_MIBPS) * GP3_USD_PER_MIBPS_MONTH;
        double etcdVolumes = p.etcdReplicas() * (p.etcdVolumeGiB() * GP3_USD_PER_GB_MONTH + extraIops
                + extraThroughput);
        m.put("ebsVolumes", rootVolumeGiB * GP3_USD_PER_GB_MONTH + etcdVolumes);
        m.put("interfaceEndpoints", p.prod()
                ? INTERFACE_ENDPOINTS * p.zones() * INTERFACE_ENDPOINT_USD_PER_HOUR * H : 0.0);
        m.put("loadBalancer", p.internalNlb() ? (NLB_USD_PER_HOUR + NLB_LCUS * NLB_USD_PER_LCU_HOUR) * H : 0.0);
        m.put("kms", KMS_KEYS * KMS_USD_PER_KEY_MONTH);
        double logsGb = CONTROL_PLANE_LOG_GB_PER_MONTH + (p.prod() ? FLOW_LOG_GB_PER_MONTH : 0);
        m.put("cloudwatchLogs", logsGb * (LOGS_USD_PER_GB_INGESTED + LOGS_USD_PER_GB_MONTH_STORED * LOG_MONTHS_KEPT));
        return m;
    }
}
