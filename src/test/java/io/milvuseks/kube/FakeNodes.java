package io.milvuseks.kube;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Node objects an EKS managed node group would register, one per instance at the group's desired size, built
 * from the plan's {@code aws:eks/nodeGroup:NodeGroup}, its subnets and its launch template — not from the stack's
 * Java model, so an error in that model shows up here.
 *
 * <ul>
 *   <li>Zones: a group's instances are spread round-robin over its subnets (the Auto Scaling group balances zones);
 *   zone ids become names as moto 5.2.5 names them for us-east-1 (moto/ec2/models/availability_zones_and_regions.py:
 *   use1-az6 a, az1 b, az2 c, az4 d, az3 e, az5 f). Another account may pair them differently; only the grouping
 *   matters here.</li>
 *   <li>Labels: what EKS and the kubelet put on a managed node (zone name and id, region, instance type, hostname,
 *   os, arch, nodegroup, capacity type, and the beta aliases), plus the group's labels; taints: the group's.</li>
 *   <li>Capacity: the type's vCPUs and memory as the kernel reports it, which is the capacity planner's assumption
 *   ({@link Assumptions#KERNEL_RESERVED_FRACTION} of nominal memory kept by the kernel), times {@code memoryFactor}
 *   (0.97 for the margin run); pods: the maxPods the managed node group's own NodeConfig sets and which wins over
 *   the launch template's: the ENI limit capped at 110 below 30 vCPUs, 250 from 30 (EKS user guide, "Choose an
 *   optimal Amazon EC2 node instance type"; ENI limits from amazon-eks-ami nodeadm/internal/kubelet/
 *   instance-info.jsonl); ephemeral storage: the launch template's root volume.</li>
 *   <li>Allocatable = capacity - kube-reserved (the launch template's nodeadm NodeConfig; nodeadm's defaults when
 *   it sets none: {@code 255 + 11 x ENI pods} MiB and 6/1/0.5/0.25 % of the cores) - system-reserved (nodeadm sets
 *   none) - eviction threshold ({@code memory.available: 100Mi}, {@code nodefs.available: 10%}) — nodeadm
 *   internal/kubelet/config.go (amazon-eks-ami 81fec2e8: evictionHard lines 110-113, kubeReserved 283-286,
 *   getCPUMillicoresToReserve 410, getMemoryMebibytesToReserve 442).</li>
 * </ul>
 */
final class FakeNodes {

    /** EC2 instance types: vCPUs, GiB (EC2 user guide), ENIs and IPv4 addresses per ENI (instance-info.jsonl). */
    record InstanceFacts(int vcpu, int memoryGiB, int enis, int ipsPerEni) {
        int eniMaxPods() {
            return enis * (ipsPerEni - 1) + 2;
        }

        /** The managed node group's maxPods (its appended NodeConfig wins over the launch template's). */
        int mngMaxPods() {
            return Math.min(eniMaxPods(), vcpu < 30 ? 110 : 250);
        }
    }

    static final Map<String, InstanceFacts> TYPES = Map.ofEntries(
            Map.entry("m6i.xlarge", new InstanceFacts(4, 16, 4, 15)),
            Map.entry("m6i.2xlarge", new InstanceFacts(8, 32, 4, 15)),
            Map.entry("m6i.4xlarge", new InstanceFacts(16, 64, 8, 30)),
            Map.entry("m6i.8xlarge", new InstanceFacts(32, 128, 8, 30)),
            Map.entry("m7i.2xlarge", new InstanceFacts(8, 32, 4, 15)),
            Map.entry("m7i.4xlarge", new InstanceFacts(16, 64, 8, 30)),
            Map.entry("m6in.2xlarge", new InstanceFacts(8, 32, 4, 15)),
            Map.entry("m6in.4xlarge", new InstanceFacts(16, 64, 8, 30)),
            Map.entry("m6in.8xlarge", new InstanceFacts(32, 128, 8, 30)),
            Map.entry("m6idn.4xlarge", new InstanceFacts(16, 64, 8, 30)),
            Map.entry("m6idn.8xlarge", new InstanceFacts(32, 128, 8, 30)),
            Map.entry("r6i.2xlarge", new InstanceFacts(8, 64, 4, 15)),
            Map.entry("r6i.4xlarge", new InstanceFacts(16, 128, 8, 30)),
            Map.entry("r6i.8xlarge", new InstanceFacts(32, 256, 8, 30)),
            Map.entry("r6in.4xlarge", new InstanceFacts(16, 128, 8, 30)),
            Map.entry("r6in.8xlarge", new InstanceFacts(32, 256, 8, 30)),
            Map.entry("r6id.4xlarge", new InstanceFacts(16, 128, 8, 30)),
            Map.entry("r6idn.4xlarge", new InstanceFacts(16, 128, 8, 30)),
            Map.entry("i4i.4xlarge", new InstanceFacts(16, 128, 8, 30)),
            Map.entry("i4i.8xlarge", new InstanceFacts(32, 256, 8, 30)),
            Map.entry("c6i.4xlarge", new InstanceFacts(16, 32, 8, 30)),
            Map.entry("c6in.4xlarge", new InstanceFacts(16, 32, 8, 30)));

    /** moto 5.2.5's us-east-1 zone names by zone id. */
    static final Map<String, String> ZONE_NAMES = Map.of("use1-az6", "us-east-1a", "use1-az1", "us-east-1b",
            "use1-az2", "us-east-1c", "use1-az4", "us-east-1d", "use1-az3", "us-east-1e", "use1-az5", "us-east-1f");

    record Zone(String id, String name) {
    }

    /** One managed node group as the plan declares it. */
    record Group(String name, String eksName, String instanceType, InstanceFacts facts, int size, List<Zone> zones,
                 Map<String, String> labels, List<Map<String, Object>> taints, NodeConfig nodeConfig, int rootGiB,
                 String arch, String capacityType) {

        /** Short name for reports: the resource name without the stack's "<project>-<stack>-nodes-" prefix. */
        String shortName() {
            var i = name.indexOf("-nodes-");
            return i >= 0 ? name.substring(i + "-nodes-".length()) : name;
        }

        long kubeReservedCpuMilli() {
            if (nodeConfig.kubeReserved().containsKey("cpu")) {
                return Quantity.milli(nodeConfig.kubeReserved().get("cpu"));
            }
            // nodeadm getCPUMillicoresToReserve: 6 % of the first core, 1 % of the second, 0.5 % of the third
            // and fourth, 0.25 % of the rest, per range in integer millicores
            long total = facts.vcpu * 1000L;
            long[] bounds = {0, 1000, 2000, 4000, total};
            long[] perTenThousand = {600, 100, 50, 25};
            long milli = 0;
            for (int i = 0; i < perTenThousand.length; i++) {
                if (total > bounds[i]) {
                    milli += (Math.min(total, bounds[i + 1]) - bounds[i]) * perTenThousand[i] / 10000;
                }
            }
            return milli;
        }

        long kubeReservedMiB() {
            if (nodeConfig.kubeReserved().containsKey("memory")) {
                return Quantity.mib(nodeConfig.kubeReserved().get("memory"));
            }
            return 255 + 11L * facts.eniMaxPods(); // nodeadm: for the ENI limit, whatever maxPods says
        }
    }

    private FakeNodes() {
    }

    static List<Group> groups(Plan plan) {
        var out = new ArrayList<Group>();
        for (var ng : plan.ofType("aws:eks/nodeGroup:NodeGroup")) {
            out.add(group(plan, ng));
        }
        return out;
    }

    private static Group group(Plan plan, PlannedResource ng) {
        var in = ng.inputs();
        var lt = Maps.str(in, "launchTemplate", "id");
        var template = lt == null ? null : plan.ofType("aws:ec2/launchTemplate:LaunchTemplate").stream()
                .filter(t -> lt.equals("mock-" + t.name())).findFirst()
                .orElseThrow(() -> new AssertionError(ng.name() + ": launch template " + lt + " not in the plan"));
        var type = template != null ? Maps.str(template.inputs(), "instanceType")
                : Maps.list(in, "instanceTypes").get(0).toString();
        var facts = TYPES.get(type);
        if (facts == null) {
            throw new AssertionError(ng.name() + ": FakeNodes.TYPES has no facts for " + type + ": add its vCPUs "
                    + "and GiB (EC2 user guide) and ENI limits (amazon-eks-ami instance-info.jsonl)");
        }
        var zones = new ArrayList<Zone>();
        for (var id : Maps.list(in, "subnetIds")) {
            var subnet = plan.ofType("aws:ec2/subnet:Subnet").stream().filter(s -> id.equals("mock-" + s.name()))
                    .findFirst().orElseThrow(() -> new AssertionError(ng.name() + ": subnet " + id + " not in plan"));
            var zoneId = Maps.str(subnet.inputs(), "availabilityZoneId");
            var zoneName = zoneId != null ? ZONE_NAMES.get(zoneId) : Maps.str(subnet.inputs(), "availabilityZone");
            if (zoneName == null) {
                throw new AssertionError(ng.name() + ": no zone name for " + zoneId + " (FakeNodes.ZONE_NAMES)");
            }
            zones.add(new Zone(zoneId != null ? zoneId : zoneName, zoneName));
        }
        var labels = new LinkedHashMap<String, String>();
        Maps.map(in, "labels").forEach((k, v) -> labels.put(k, String.valueOf(v)));
        var taints = new ArrayList<Map<String, Object>>();
        for (var t : Maps.maps(in, "taints")) {
            var taint = new LinkedHashMap<String, Object>();
            taint.put("key", t.get("key"));
            if (t.get("value") != null) {
                taint.put("value", t.get("value"));
            }
            taint.put("effect", switch (String.valueOf(t.get("effect"))) {
                case "NO_SCHEDULE" -> "NoSchedule";
                case "NO_EXECUTE" -> "NoExecute";
                case "PREFER_NO_SCHEDULE" -> "PreferNoSchedule";
                default -> throw new AssertionError(ng.name() + ": taint effect " + t.get("effect"));
            });
            taints.add(taint);
        }
        var userData = template == null ? null : Maps.str(template.inputs(), "userData");
        var config = NodeConfig.fromUserData(userData);
        int root = template == null ? 20 : (int) Maps.maps(template.inputs(), "blockDeviceMappings").stream()
                .mapToLong(b -> Maps.num(b, 20, "ebs", "volumeSize")).findFirst().orElse(20);
        var ami = String.valueOf(in.getOrDefault("amiType", "AL2023_x86_64_STANDARD"));
        var eksName = in.get("nodeGroupName") != null ? Maps.str(in, "nodeGroupName")
                : Maps.str(in, "nodeGroupNamePrefix") + "20261207000000000000000001";
        return new Group(ng.name(), eksName, type, facts, (int) Maps.num(in, 0, "scalingConfig", "desiredSize"),
                zones, labels, taints, config, root, ami.contains("ARM") ? "arm64" : "amd64",
                String.valueOf(in.getOrDefault("capacityType", "ON_DEMAND")));
    }

    /** Every node of every group; {@code memoryFactor} scales the memory capacity (1 nominal, 0.97 margin). */
    static List<Map<String, Object>> nodes(List<Group> groups, double memoryFactor, String kubeVersion) {
        var out = new ArrayList<Map<String, Object>>();
        int groupIndex = 0;
        for (var g : groups) {
            groupIndex++;
            for (int i = 0; i < g.size; i++) {
                var zone = g.zones.get(i % g.zones.size());
                out.add(node(g, zone, i, groupIndex, memoryFactor, kubeVersion));
            }
        }
        return out;
    }

    static Map<String, Object> node(Group g, Zone zone, int i, int groupIndex, double memoryFactor,
                                    String kubeVersion) {
        var name = "ip-10-%d-%d-%d.ec2.internal".formatted(groupIndex, i / 250, i % 250 + 1);
        var labels = new LinkedHashMap<String, Object>();
        var region = zone.name.substring(0, zone.name.length() - 1);
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", g.arch);
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", g.arch);
        labels.put("node.kubernetes.io/instance-type", g.instanceType);
        labels.put("beta.kubernetes.io/instance-type", g.instanceType);
        labels.put("topology.kubernetes.io/zone", zone.name);
        labels.put("failure-domain.beta.kubernetes.io/zone", zone.name);
        labels.put("topology.kubernetes.io/region", region);
        labels.put("failure-domain.beta.kubernetes.io/region", region);
        labels.put("topology.k8s.aws/zone-id", zone.id);
        labels.put("eks.amazonaws.com/nodegroup", g.eksName);
        labels.put("eks.amazonaws.com/capacityType", g.capacityType);
        labels.putAll(g.labels);

        long kib = (long) Math.floor(g.facts.memoryGiB * 1024L * 1024L
                * (1 - Assumptions.KERNEL_RESERVED_FRACTION) * memoryFactor);
        long allocKib = kib - g.kubeReservedMiB() * 1024 - g.nodeConfig.systemReservedMiB() * 1024
                - g.nodeConfig.evictionMemoryMiB() * 1024;
        long cpuMilli = g.facts.vcpu * 1000L;
        long allocCpu = cpuMilli - g.kubeReservedCpuMilli() - g.nodeConfig.systemReservedCpuMilli();
        long diskBytes = g.rootGiB * (1L << 30);
        long allocDisk = diskBytes - g.nodeConfig.kubeReservedEphemeralBytes() - diskBytes / 10;
        int pods = g.facts.mngMaxPods();

        var status = new LinkedHashMap<String, Object>();
        status.put("capacity", Map.of("cpu", String.valueOf(g.facts.vcpu), "memory", kib + "Ki",
                "pods", String.valueOf(pods), "ephemeral-storage", diskBytes + "", "hugepages-1Gi", "0",
                "hugepages-2Mi", "0"));
        status.put("allocatable", Map.of("cpu", allocCpu + "m", "memory", allocKib + "Ki",
                "pods", String.valueOf(pods), "ephemeral-storage", allocDisk + "", "hugepages-1Gi", "0",
                "hugepages-2Mi", "0"));
        var now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        var conditions = new ArrayList<Map<String, Object>>();
        for (var c : List.of(new String[] {"MemoryPressure", "False", "KubeletHasSufficientMemory"},
                new String[] {"DiskPressure", "False", "KubeletHasNoDiskPressure"},
                new String[] {"PIDPressure", "False", "KubeletHasSufficientPID"},
                new String[] {"Ready", "True", "KubeletReady"})) {
            conditions.add(Map.of("type", c[0], "status", c[1], "reason", c[2], "lastHeartbeatTime", now,
                    "lastTransitionTime", now, "message", "registered by the kube tier (no kubelet)"));
        }
        status.put("conditions", conditions);
        status.put("addresses", List.of(Map.of("type", "InternalIP",
                "address", "10.%d.%d.%d".formatted(groupIndex, i / 250, i % 250 + 1)),
                Map.of("type", "Hostname", "address", name)));
        status.put("nodeInfo", Map.of("kubeletVersion", "v" + kubeVersion + ".0-eks", "operatingSystem", "linux",
                "architecture", g.arch, "osImage", "Amazon Linux 2023", "containerRuntimeVersion", "containerd://2",
                "kernelVersion", "6.1", "machineID", "", "systemUUID", "", "bootID", "", "kubeProxyVersion", ""));

        var node = new LinkedHashMap<String, Object>();
        node.put("apiVersion", "v1");
        node.put("kind", "Node");
        node.put("metadata", Map.of("name", name, "labels", labels, "annotations",
                Map.of("volumes.kubernetes.io/controller-managed-attach-detach", "true")));
        var spec = new LinkedHashMap<String, Object>();
        spec.put("providerID", "aws:///" + zone.name + "/i-%08x%09x".formatted(groupIndex, i));
        if (!g.taints.isEmpty()) {
            spec.put("taints", g.taints);
        }
        node.put("spec", spec);
        node.put("status", status);
        return node;
    }
}
