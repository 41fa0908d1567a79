package io.milvuseks.capacity;

import io.milvuseks.config.KubernetesSupport;
import io.milvuseks.config.ProxyExposure;
import io.milvuseks.config.StackSettings;

/**
 * The parts of the stack that are billed whatever the collection: what {@link PlatformCost} prices.
 *
 * @param prod               prod runs a NAT per zone, interface endpoints and VPC flow logs (network.Network)
 * @param zones              availability zones
 * @param internalNlb        the proxy is behind an internal NLB
 * @param etcdReplicas       etcd members, each with its own gp3 volume
 * @param etcdVolumeGiB      the etcd PVC (milvus.MilvusValuesFactory: 50Gi prod, 10Gi otherwise)
 * @param gp3Iops            provisioned IOPS of the gp3 StorageClass (3,000 free)
 * @param gp3ThroughputMiBps provisioned throughput of the gp3 StorageClass (125 MiB/s free)
 * @param extendedSupport    the cluster is billed EKS extended support ({@code kubernetesSupport: extended})
 */
public record Platform(boolean prod, int zones, boolean internalNlb, int etcdReplicas, int etcdVolumeGiB,
                       int gp3Iops, int gp3ThroughputMiBps, boolean extendedSupport) {

    /** What the CLI prices when no stack is given: the prod stack's platform, on a version in standard support. */
    public static final Platform PROD_DEFAULT = new Platform(true, 3, true, 3, 50, 6000, 250, false);

    public static Platform from(StackSettings s) {
        return new Platform(s.prod(), s.network().availabilityZones().size(),
                s.milvus().proxyService() == ProxyExposure.INTERNAL_NLB, s.milvus().etcdReplicas(),
                s.prod() ? 50 : 10, s.storage().gp3Iops(), s.storage().gp3ThroughputMiBps(),
                s.cluster().kubernetesSupport() == KubernetesSupport.EXTENDED);
    }
}
