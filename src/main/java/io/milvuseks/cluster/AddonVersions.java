package io.milvuseks.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The managed add-on versions this stack installs, by Kubernetes version: the only place they are written. A
 * {@code kubernetesVersion} without a row is a config error, so a version bump is also a reviewed bump of these
 * four pins (unpinned, EKS would pick its default at create time and a later re-create would differ).
 *
 * <p>Sources, read on the EKS user guide's "latest version of the Amazon EKS add-on type for each Kubernetes
 * version" tables: managing-kube-proxy.html and managing-coredns.html (the tables that list 1.34),
 * managing-vpc-cni.html (the table that lists 1.33: one vpc-cni build for every version); aws-ebs-csi-driver has no
 * table there. Before a real {@code pulumi up}, and when adding a row, check each pin with
 * {@code aws eks describe-addon-versions --kubernetes-version 1.33 --addon-name vpc-cni
 * --query 'addons[].addonVersions[].addonVersion'}: EKS refuses a version it does not offer for the cluster.
 * 1.34 has no row: no documented vpc-cni or EBS CSI build for it could be checked here.
 */
public final class AddonVersions {

    public static final String VPC_CNI = "vpc-cni";
    public static final String KUBE_PROXY = "kube-proxy";
    public static final String COREDNS = "coredns";
    public static final String EBS_CSI = "aws-ebs-csi-driver";

    private static final Map<String, Map<String, String>> TABLE = new LinkedHashMap<>();

    static {
        row("1.30", "v1.20.1-eksbuild.3", "v1.30.14-eksbuild.8", "v1.11.4-eksbuild.24", "v1.45.0-eksbuild.2");
        row("1.31", "v1.20.1-eksbuild.3", "v1.31.13-eksbuild.2", "v1.11.4-eksbuild.24", "v1.45.0-eksbuild.2");
        row("1.32", "v1.20.1-eksbuild.3", "v1.32.9-eksbuild.2", "v1.11.4-eksbuild.24", "v1.45.0-eksbuild.2");
        row("1.33", "v1.20.1-eksbuild.3", "v1.33.5-eksbuild.2", "v1.12.4-eksbuild.1", "v1.45.0-eksbuild.2");
    }

    private AddonVersions() {
    }

    private static void row(String kubernetes, String vpcCni, String kubeProxy, String coredns, String ebsCsi) {
        var row = new LinkedHashMap<String, String>();
        row.put(VPC_CNI, vpcCni);
        row.put(KUBE_PROXY, kubeProxy);
        row.put(COREDNS, coredns);
        row.put(EBS_CSI, ebsCsi);
        TABLE.put(kubernetes, java.util.Collections.unmodifiableMap(row));
    }

    /** The Kubernetes versions with a row, oldest first. */
    public static List<String> kubernetesVersions() {
        return List.copyOf(TABLE.keySet());
    }

    /** Add-on name to version for a Kubernetes version; empty when the table has no row. */
    public static Optional<Map<String, String>> forKubernetes(String kubernetesVersion) {
        return Optional.ofNullable(TABLE.get(kubernetesVersion));
    }

    /** The version of one add-on; throws for a Kubernetes version the config check should have refused. */
    static String of(String kubernetesVersion, String addon) {
        var row = forKubernetes(kubernetesVersion).orElseThrow(() -> new IllegalArgumentException(
                "no add-on versions for Kubernetes " + kubernetesVersion + "; rows: " + kubernetesVersions()));
        var version = row.get(addon);
        if (version == null) {
            throw new IllegalArgumentException("no version of add-on " + addon + "; columns: " + row.keySet());
        }
        return version;
    }

    static List<String> addons() {
        return List.of(VPC_CNI, KUBE_PROXY, COREDNS, EBS_CSI);
    }
}
