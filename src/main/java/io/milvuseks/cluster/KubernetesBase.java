package io.milvuseks.cluster;

import com.pulumi.aws.eks.Addon;
import com.pulumi.aws.eks.Cluster;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.storage.v1.StorageClass;
import com.pulumi.kubernetes.storage.v1.StorageClassArgs;
import com.pulumi.resources.Resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Kubernetes provider every Kubernetes resource of the stack uses, and the default gp3 StorageClass. */
final class KubernetesBase {

    static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    final Provider provider;
    final StorageClass defaultStorageClass;

    /** @param providerAfter what the provider (and so every Kubernetes resource) waits for */
    KubernetesBase(ClusterScope s, Output<String> kubeconfig, List<Resource> providerAfter, Addon ebsCsi) {
        var args = s.args();
        provider = new Provider(s.n("k8s"), ProviderArgs.builder()
                .kubeconfig(kubeconfig)
                // The default in 4.x, stated so a change of default cannot silently switch to client-side apply.
                .enableServerSideApply(true)
                .build(), s.options().dependsOn(providerAfter).build());

        var k8s = s.options().provider(provider).dependsOn(ebsCsi).build();
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("type", "gp3");
        parameters.put("encrypted", "true");
        parameters.put("iops", String.valueOf(args.storage().gp3Iops()));
        parameters.put("throughput", String.valueOf(args.storage().gp3ThroughputMiBps()));
        parameters.put("csi.storage.k8s.io/fstype", "ext4");
        defaultStorageClass = new StorageClass(s.n("gp3"), StorageClassArgs.builder()
                .metadata(ObjectMetaArgs.builder()
                        .name(EksCluster.DEFAULT_STORAGE_CLASS)
                        .annotations(Map.of(DEFAULT_CLASS_ANNOTATION, "true"))
                        .build())
                .provisioner("ebs.csi.aws.com")
                .parameters(parameters)
                // Prod keeps the volume when a claim goes (etcd, Pulsar/Woodpecker data): deleting it is a choice.
                .reclaimPolicy(args.prod() ? "Retain" : "Delete")
                .volumeBindingMode("WaitForFirstConsumer")
                .allowVolumeExpansion(true)
                .build(), k8s);
        // No gp2 patch: EKS stopped marking gp2 default on clusters created at 1.30+, and this stack only creates
        // 1.30+ clusters. A patch of a gp2 that a new cluster might not have would be a server-side apply *create*
        // of a StorageClass without a provisioner, which the API server rejects.
    }

    /** Secret; holds no credential (see {@link Kubeconfig}). */
    static Output<String> kubeconfig(Cluster cluster, String region) {
        return Output.tuple(cluster.name(), cluster.endpoint(),
                        cluster.certificateAuthority().applyValue(ca -> ca.data().orElseThrow()))
                .applyValue(t -> Kubeconfig.render(t.t1, t.t2, t.t3, region))
                .asSecret();
    }
}
