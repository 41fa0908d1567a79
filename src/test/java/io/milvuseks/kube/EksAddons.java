package io.milvuseks.kube;

import io.milvuseks.plan.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What EKS itself runs in kube-system for the add-ons the plan installs ({@code aws:eks/addon:Addon}), reduced to
 * what scheduling sees: workload kind, replicas, requests, priority, tolerations, affinity, labels. Transcribed for
 * the exact versions the stack pins ({@code cluster/AddonVersions}); a plan pinning another version fails the tier
 * until the figures here are checked against that version.
 *
 * <ul>
 *   <li>vpc-cni v1.20.1: DaemonSet aws-node, containers aws-node and aws-eks-nodeagent 25m CPU each, init container
 *   aws-vpc-cni-init 25m, no memory request, tolerates every taint, system-node-critical
 *   (aws/amazon-vpc-cni-k8s v1.20.1 config/master/aws-k8s-cni.yaml, the add-on's manifest).</li>
 *   <li>kube-proxy v1.33: DaemonSet kube-proxy, 100m CPU and no memory request, tolerates every taint,
 *   system-node-critical. EKS publishes no manifest for it; 100m is upstream's kube-proxy request
 *   (kubernetes cluster/gce/manifests/kube-proxy.manifest) which EKS's DaemonSet keeps, and the missing memory
 *   request is aws/containers-roadmap#1509. The least certain figure here.</li>
 *   <li>coredns v1.12.4-eksbuild.1: Deployment coredns, 2 replicas, 100m CPU, 70Mi (limit 170Mi), tolerates
 *   CriticalAddonsOnly and the control-plane taint only, zone spread ScheduleAnyway, system-cluster-critical
 *   (eksctl-io/eksctl pkg/addons/default/assets/coredns-1.33.json, EKS's manifest for that build).</li>
 *   <li>aws-ebs-csi-driver v1.45.0: Deployment ebs-csi-controller, 2 replicas, 5 containers of 10m/40Mi (limit
 *   256Mi); DaemonSet ebs-csi-node, 3 containers of 10m/40Mi, tolerates every taint; CSIDriver ebs.csi.aws.com
 *   (kubernetes-sigs/aws-ebs-csi-driver chart 2.45.0 = driver v1.45.0, values.yaml controller/node resources and
 *   node.tolerateAllTaints: true, rendered by helm 3.18 without the snapshot CRDs).</li>
 * </ul>
 * EKS's pod identity agent is not listed: the stack does not install that add-on.
 */
final class EksAddons {

    /** Add-on name to the version the manifests below were transcribed from. */
    static final Map<String, String> TRANSCRIBED = Map.of("vpc-cni", "v1.20.1-eksbuild.3",
            "kube-proxy", "v1.33.5-eksbuild.2", "coredns", "v1.12.4-eksbuild.1",
            "aws-ebs-csi-driver", "v1.45.0-eksbuild.2");

    private static final String NODE_AFFINITY = """
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions:
                      - {key: kubernetes.io/os, operator: In, values: [linux]}
                      - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}
                      - {key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate, hybrid, auto]}
            """;

    static final String VPC_CNI = """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: aws-node, namespace: kube-system}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: aws-node, namespace: kube-system, labels: {k8s-app: aws-node}}
            spec:
              selector: {matchLabels: {k8s-app: aws-node}}
              template:
                metadata: {labels: {k8s-app: aws-node, app.kubernetes.io/name: aws-node}}
                spec:
                  priorityClassName: system-node-critical
                  serviceAccountName: aws-node
                  hostNetwork: true
                  tolerations: [{operator: Exists}]
                  initContainers:
                  - {name: aws-vpc-cni-init, image: amazon-k8s-cni-init:v1.20.1, resources: {requests: {cpu: 25m}}}
                  containers:
                  - {name: aws-node, image: amazon-k8s-cni:v1.20.1, resources: {requests: {cpu: 25m}}}
                  - {name: aws-eks-nodeagent, image: aws-network-policy-agent, resources: {requests: {cpu: 25m}}}
            %s""".formatted(NODE_AFFINITY.indent(4));

    static final String KUBE_PROXY = """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: kube-proxy, namespace: kube-system}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: kube-proxy, namespace: kube-system, labels: {k8s-app: kube-proxy}}
            spec:
              selector: {matchLabels: {k8s-app: kube-proxy}}
              template:
                metadata: {labels: {k8s-app: kube-proxy}}
                spec:
                  priorityClassName: system-node-critical
                  serviceAccountName: kube-proxy
                  hostNetwork: true
                  tolerations: [{operator: Exists}]
                  containers:
                  - {name: kube-proxy, image: kube-proxy:v1.33.5-eksbuild.2, resources: {requests: {cpu: 100m}}}
            %s""".formatted(NODE_AFFINITY.indent(4));

    static final String COREDNS = """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: coredns, namespace: kube-system}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
            spec:
              clusterIP: 10.100.0.10
              selector: {k8s-app: kube-dns}
              ports:
              - {name: dns, port: 53, protocol: UDP, targetPort: 53}
              - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
            spec:
              replicas: 2
              selector: {matchLabels: {k8s-app: kube-dns, eks.amazonaws.com/component: coredns}}
              template:
                metadata: {labels: {k8s-app: kube-dns, eks.amazonaws.com/component: coredns}}
                spec:
                  priorityClassName: system-cluster-critical
                  serviceAccountName: coredns
                  tolerations:
                  - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
                  - {key: CriticalAddonsOnly, operator: Exists}
                  topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: ScheduleAnyway
                    labelSelector: {matchLabels: {k8s-app: kube-dns}}
                  containers:
                  - name: coredns
                    image: coredns:v1.12.4-eksbuild.1
                    resources: {requests: {cpu: 100m, memory: 70Mi}, limits: {memory: 170Mi}}
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                        - matchExpressions:
                          - {key: kubernetes.io/os, operator: In, values: [linux]}
                          - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}
                    podAntiAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 100
                        podAffinityTerm:
                          topologyKey: kubernetes.io/hostname
                          labelSelector: {matchExpressions: [{key: k8s-app, operator: In, values: [kube-dns]}]}
            """;

    private static final String EBS_CONTAINER = "resources: {requests: {cpu: 10m, memory: 40Mi}, "
            + "limits: {memory: 256Mi}}";

    static final String EBS_CSI = """
            apiVersion: storage.k8s.io/v1
            kind: CSIDriver
            metadata: {name: ebs.csi.aws.com}
            spec: {attachRequired: true, podInfoOnMount: false, fsGroupPolicy: File}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: ebs-csi-controller-sa, namespace: kube-system}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: ebs-csi-node-sa, namespace: kube-system}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ebs-csi-controller, namespace: kube-system}
            spec:
              replicas: 2
              selector: {matchLabels: {app: ebs-csi-controller, app.kubernetes.io/name: aws-ebs-csi-driver}}
              template:
                metadata: {labels: {app: ebs-csi-controller, app.kubernetes.io/name: aws-ebs-csi-driver}}
                spec:
                  priorityClassName: system-cluster-critical
                  serviceAccountName: ebs-csi-controller-sa
                  nodeSelector: {kubernetes.io/os: linux}
                  tolerations:
                  - {key: CriticalAddonsOnly, operator: Exists}
                  - {effect: NoExecute, operator: Exists, tolerationSeconds: 300}
                  containers:
                  - {name: ebs-plugin, image: aws-ebs-csi-driver:v1.45.0, R}
                  - {name: csi-provisioner, image: csi-provisioner, R}
                  - {name: csi-attacher, image: csi-attacher, R}
                  - {name: csi-resizer, image: csi-resizer, R}
                  - {name: liveness-probe, image: livenessprobe, R}
                  affinity:
                    nodeAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 1
                        preference:
                          matchExpressions:
                          - {key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate, auto, hybrid]}
                    podAntiAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 100
                        podAffinityTerm:
                          topologyKey: kubernetes.io/hostname
                          labelSelector: {matchExpressions: [{key: app, operator: In, values: [ebs-csi-controller]}]}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: ebs-csi-node, namespace: kube-system}
            spec:
              selector: {matchLabels: {app: ebs-csi-node, app.kubernetes.io/name: aws-ebs-csi-driver}}
              template:
                metadata: {labels: {app: ebs-csi-node, app.kubernetes.io/name: aws-ebs-csi-driver}}
                spec:
                  priorityClassName: system-node-critical
                  serviceAccountName: ebs-csi-node-sa
                  nodeSelector: {kubernetes.io/os: linux}
                  tolerations: [{operator: Exists}]
                  containers:
                  - {name: ebs-plugin, image: aws-ebs-csi-driver:v1.45.0, R}
                  - {name: node-driver-registrar, image: csi-node-driver-registrar, R}
                  - {name: liveness-probe, image: livenessprobe, R}
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                        - matchExpressions:
                          - {key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate, auto, hybrid]}
                          - key: node.kubernetes.io/instance-type
                            operator: NotIn
                            values: [a1.medium, a1.large, a1.xlarge, a1.2xlarge, a1.4xlarge]
            """.replace(", R}", ", " + EBS_CONTAINER + "}");

    private EksAddons() {
    }

    /** The add-ons' objects for the add-ons in the plan; fails for a version the figures were not taken from. */
    static List<PlanManifests.Manifest> of(Plan plan) {
        var out = new ArrayList<PlanManifests.Manifest>();
        var problems = new ArrayList<String>();
        for (var addon : plan.ofType("aws:eks/addon:Addon")) {
            var name = Maps.str(addon.inputs(), "addonName");
            var version = Maps.str(addon.inputs(), "addonVersion");
            var yaml = switch (name) {
                case "vpc-cni" -> VPC_CNI;
                case "kube-proxy" -> KUBE_PROXY;
                case "coredns" -> COREDNS;
                case "aws-ebs-csi-driver" -> EBS_CSI;
                default -> null;
            };
            if (yaml == null) {
                problems.add("add-on " + name + " has no stand-in in EksAddons (its pods' requests are unknown)");
                continue;
            }
            if (!version.equals(TRANSCRIBED.get(name))) {
                problems.add("add-on " + name + " is pinned at " + version + " but EksAddons was transcribed from "
                        + TRANSCRIBED.get(name) + ": check its requests in that version's manifest");
                continue;
            }
            for (var d : HelmTemplate.split(yaml)) {
                out.add(new PlanManifests.Manifest("eks add-on " + name + " " + version, d.yaml(), d.object(),
                        "kube-system", "eks"));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
        return out;
    }
}
