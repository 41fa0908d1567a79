package io.milvuseks.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * What a new account runs out of before anything is wrong with the stack: free capacity under a Service Quotas
 * quota (the applied value, else the AWS default) against what the stack adds, with the account's usage counted where
 * an API lists it; and the add-on versions the stack pins. Each is one line; a missing answer is unverifiable.
 *
 * <p>Quota codes (service code, quota code, name as Service Quotas shows it): Amazon EC2 {@code L-0263D0A3}
 * "EC2-VPC Elastic IPs"; Amazon VPC {@code L-F678F1CE} "VPCs per Region", {@code L-A4707A72} "Internet gateways per
 * Region", {@code L-FE5A380F} "NAT gateways per Availability Zone" (Amazon VPC quotas: defaults 5, 5, 5); Amazon EBS
 * {@code L-7A658B76} "Storage for General Purpose SSD (gp3) volumes, in TiB" (default 50).
 */
public final class QuotaChecks {

    public static final String ELASTIC_IPS = "elastic ips";
    public static final String VPCS = "vpcs";
    public static final String INTERNET_GATEWAYS = "internet gateways";
    public static final String NAT_GATEWAYS = "nat gateways";
    public static final String GP3 = "gp3 storage";
    public static final String ROLL_VCPU = "vcpu during a roll";
    public static final String ADDONS = "add-on versions";
    public static final String VERSION_SUPPORT = "eks version support";

    /** DescribeClusterVersions' answer for one version: STANDARD_SUPPORT | EXTENDED_SUPPORT | UNSUPPORTED, and dates. */
    public record VersionSupport(String status, String endOfStandardSupport, String endOfExtendedSupport) {
    }

    /**
     * What the cluster's version costs and allows now: in extended support a cluster is billed $0.60 instead of $0.10
     * a cluster-hour, and EKS allows the standard upgrade policy only for clusters in standard support ("Once your
     * cluster has entered extended support, you cannot disable it", EKS user guide, disable-extended-support).
     */
    public static CheckResult versionSupport(PreflightPlan plan, Probe<java.util.Optional<VersionSupport>> answer) {
        var f = plan.footprint();
        var asked = "kubernetesVersion " + f.kubernetesVersion() + ", kubernetesSupport " + f.kubernetesSupport().wire();
        if (answer instanceof Probe.Refused<java.util.Optional<VersionSupport>> r) {
            return CheckResult.unverifiable(VERSION_SUPPORT, "DescribeClusterVersions gave no answer (" + r.why()
                    + "); " + asked);
        }
        var v = ((Probe.Answer<java.util.Optional<VersionSupport>>) answer).value();
        var fix = "a kubernetesVersion in standard support (with its row in cluster/AddonVersions.java)";
        if (v.isEmpty() || "UNSUPPORTED".equals(v.get().status())) {
            return CheckResult.problem(VERSION_SUPPORT, "EKS does not offer Kubernetes " + f.kubernetesVersion()
                    + " for new clusters", fix);
        }
        var s = v.get();
        if ("EXTENDED_SUPPORT".equals(s.status())) {
            var since = " (standard support ended " + s.endOfStandardSupport() + ", extended support ends "
                    + s.endOfExtendedSupport() + ")";
            if (f.kubernetesSupport() == io.milvuseks.config.KubernetesSupport.STANDARD) {
                return CheckResult.problem(VERSION_SUPPORT, "Kubernetes " + f.kubernetesVersion() + " is in extended "
                        + "support" + since + ": a cluster on it runs at the extended rate, and EKS allows the "
                        + "standard upgrade policy only in standard support", fix + ", or kubernetesSupport: extended "
                        + "($0.60 instead of $0.10 per cluster-hour)");
            }
            return CheckResult.ok(VERSION_SUPPORT, "Kubernetes " + f.kubernetesVersion() + " is in extended support"
                    + since + ", which kubernetesSupport: extended pays for ($0.60 per cluster-hour)");
        }
        return CheckResult.ok(VERSION_SUPPORT, "Kubernetes " + f.kubernetesVersion() + " is in standard support until "
                + s.endOfStandardSupport() + "; then " + (f.kubernetesSupport() == io.milvuseks.config.KubernetesSupport
                .STANDARD ? "EKS upgrades the control plane (set kubernetesVersion to match)" : "extended support, "
                + "$0.60 per cluster-hour"));
    }

    /** A Service Quotas quota. */
    public record Quota(String serviceCode, String code, String name) {
        String label() {
            return "\"" + name + "\" (" + serviceCode + " " + code + ")";
        }

        String request(String region, long value) {
            return "aws service-quotas request-service-quota-increase --region " + region + " --service-code "
                    + serviceCode + " --quota-code " + code + " --desired-value " + value;
        }
    }

    public static final Quota EIP_QUOTA = new Quota("ec2", "L-0263D0A3", "EC2-VPC Elastic IPs");
    public static final Quota VPC_QUOTA = new Quota("vpc", "L-F678F1CE", "VPCs per Region");
    public static final Quota IGW_QUOTA = new Quota("vpc", "L-A4707A72", "Internet gateways per Region");
    public static final Quota NAT_QUOTA = new Quota("vpc", "L-FE5A380F", "NAT gateways per Availability Zone");
    public static final Quota GP3_QUOTA = new Quota("ebs", "L-7A658B76",
            "Storage for General Purpose SSD (gp3) volumes, in TiB");

    private QuotaChecks() {
    }

    public static CheckResult elasticIps(PreflightPlan plan, Probe<Double> quota, Probe<Integer> inUse) {
        return capacity(plan, ELASTIC_IPS, EIP_QUOTA, "Elastic IPs (one per NAT gateway)", quota, inUse,
                plan.footprint().elasticIps());
    }

    public static CheckResult vpcs(PreflightPlan plan, Probe<Double> quota, Probe<Integer> inUse) {
        return capacity(plan, VPCS, VPC_QUOTA, "VPC", quota, inUse, plan.footprint().vpcs());
    }

    public static CheckResult internetGateways(PreflightPlan plan, Probe<Double> quota, Probe<Integer> inUse) {
        return capacity(plan, INTERNET_GATEWAYS, IGW_QUOTA, "internet gateway", quota, inUse,
                plan.footprint().internetGateways());
    }

    /** Free capacity of one quota against what the stack adds; {@code adds} 0 (an existing VPC) needs no answer. */
    static CheckResult capacity(PreflightPlan plan, String check, Quota q, String what, Probe<Double> quota,
                                Probe<Integer> inUse, int adds) {
        if (adds == 0) {
            return CheckResult.ok(check, "the stack adds no " + what + " (existingVpc)");
        }
        var used = inUse instanceof Probe.Answer<Integer> a ? a.value() + " in use" : null;
        if (quota instanceof Probe.Refused<Double> r) {
            return CheckResult.unverifiable(check, "Service Quotas gave no value for " + q.label() + " (" + r.why()
                    + "); " + (used != null ? used + ", " : "") + "the stack adds " + adds + " " + what);
        }
        long limit = (long) Math.floor(((Probe.Answer<Double>) quota).value());
        if (inUse instanceof Probe.Refused<Integer> r) {
            return CheckResult.unverifiable(check, q.label() + " is " + limit + ", the stack adds " + adds + " " + what
                    + "; the usage is unknown (" + r.why() + ")");
        }
        int n = ((Probe.Answer<Integer>) inUse).value();
        if (n + adds > limit) {
            return CheckResult.problem(check, q.label() + " is " + limit + ", " + n + " in use, the stack adds " + adds
                    + " " + what + ": " + (n + adds - limit) + " short", q.request(plan.region(), n + adds)
                    + ", or release unused ones");
        }
        return CheckResult.ok(check, q.label() + " is " + limit + ", " + n + " in use, the stack adds " + adds + " "
                + what);
    }

    /**
     * One NAT gateway in each zone that gets one, against the per-zone quota.
     *
     * @param inUse NAT gateways per zone, keyed by zone id and zone name (either matches the configured zone)
     */
    public static CheckResult natGateways(PreflightPlan plan, Probe<Double> quota, Probe<Map<String, Integer>> inUse) {
        var zones = plan.footprint().natZones();
        if (zones.isEmpty()) {
            return CheckResult.ok(NAT_GATEWAYS, "the stack adds no NAT gateway (existingVpc)");
        }
        if (quota instanceof Probe.Refused<Double> r) {
            return CheckResult.unverifiable(NAT_GATEWAYS, "Service Quotas gave no value for " + NAT_QUOTA.label() + " ("
                    + r.why() + "); the stack adds one in " + String.join(", ", zones));
        }
        long limit = (long) Math.floor(((Probe.Answer<Double>) quota).value());
        if (inUse instanceof Probe.Refused<Map<String, Integer>> r) {
            return CheckResult.unverifiable(NAT_GATEWAYS, NAT_QUOTA.label() + " is " + limit + ", the stack adds one in "
                    + String.join(", ", zones) + "; the usage is unknown (" + r.why() + ")");
        }
        var counts = ((Probe.Answer<Map<String, Integer>>) inUse).value();
        var full = new ArrayList<String>();
        var each = new ArrayList<String>();
        for (var zone : zones) {
            int n = counts.getOrDefault(zone, 0);
            each.add(zone + " " + n);
            if (n + 1 > limit) {
                full.add(zone + " (" + n + " in use)");
            }
        }
        if (!full.isEmpty()) {
            return CheckResult.problem(NAT_GATEWAYS, NAT_QUOTA.label() + " is " + limit + " and full in "
                    + String.join(", ", full) + "; the stack adds one per zone there", NAT_QUOTA.request(plan.region(),
                    limit + 1) + ", or delete unused NAT gateways in those zones");
        }
        return CheckResult.ok(NAT_GATEWAYS, NAT_QUOTA.label() + " is " + limit + "; in use: " + String.join(", ", each)
                + "; the stack adds one in each of " + String.join(", ", zones));
    }

    /**
     * The node groups' gp3 root volumes at max and while every group rolls (the most the stack holds at once), on top
     * of the region's gp3 volumes. Persistent volumes (etcd, Prometheus, Pulsar) come on top, a few hundred GiB.
     */
    public static CheckResult gp3(PreflightPlan plan, Probe<Double> quotaTiB, Probe<Long> inUseGiB) {
        var f = plan.footprint();
        var adds = "the node groups' root volumes take " + f.gp3AtMaxGiB() + " GiB at max and " + f.gp3DuringRollGiB()
                + " GiB while every group rolls";
        if (quotaTiB instanceof Probe.Refused<Double> r) {
            return CheckResult.unverifiable(GP3, "Service Quotas gave no value for " + GP3_QUOTA.label() + " ("
                    + r.why() + "); " + adds);
        }
        double limitTiB = ((Probe.Answer<Double>) quotaTiB).value();
        if (inUseGiB instanceof Probe.Refused<Long> r) {
            return CheckResult.unverifiable(GP3, GP3_QUOTA.label() + " is " + tib(limitTiB * 1024) + " TiB; " + adds
                    + "; the usage is unknown (" + r.why() + ")");
        }
        long used = ((Probe.Answer<Long>) inUseGiB).value();
        long peak = used + f.gp3DuringRollGiB();
        var detail = GP3_QUOTA.label() + " is " + tib(limitTiB * 1024) + " TiB, " + tib(used) + " TiB in use; " + adds;
        if (peak > limitTiB * 1024) {
            return CheckResult.problem(GP3, detail + ": " + tib(peak) + " TiB at the peak",
                    GP3_QUOTA.request(plan.region(), (long) Math.ceil(peak / 1024.0)));
        }
        return CheckResult.ok(GP3, detail + " (peak " + tib(peak) + " TiB)");
    }

    /**
     * A roll (a launch template or AMI change, a kubernetesVersion bump) adds nodes above every group's max while it
     * lasts (cluster.NodeRoll: max(2 x zones, maxUnavailable) a group), against the same On-Demand quota.
     */
    public static CheckResult rollVcpu(PreflightPlan plan, Probe<Double> quota) {
        var f = plan.footprint();
        int surge = f.surgeStandardVcpu();
        int need = plan.plannedVcpu() + surge;
        var groups = f.groups().stream().filter(Footprint.Group::standardFamily)
                .map(g -> g.name() + " +" + g.surge()).collect(Collectors.joining(", "));
        var detail = "the pools need " + plan.plannedVcpu() + " vCPU at max and " + need + " while every node group "
                + "rolls (nodes a roll adds: " + groups + ")";
        if (quota instanceof Probe.Refused<Double> r) {
            return CheckResult.unverifiable(ROLL_VCPU, "Service Quotas gave no value for " + Checks.VCPU_QUOTA_CODE
                    + " (" + r.why() + "); " + detail);
        }
        double value = ((Probe.Answer<Double>) quota).value();
        if (value < need) {
            return CheckResult.problem(ROLL_VCPU, detail + ", the On-Demand standard quota is " + (long) value,
                    "request " + Checks.VCPU_QUOTA_CODE + " of at least " + need + " (Service Quotas), or roll the "
                            + "groups one per up (pulumi up --target)");
        }
        return CheckResult.ok(ROLL_VCPU, detail + ", within the quota of " + (long) value);
    }

    /** Every pinned add-on version must be one EKS offers for the cluster's Kubernetes version (else it refuses). */
    public static CheckResult addonVersions(PreflightPlan plan, BiFunction<String, String, Probe<Set<String>>> offered) {
        var f = plan.footprint();
        var missing = new ArrayList<String>();
        var refused = new ArrayList<String>();
        for (var e : f.addonVersions().entrySet()) {
            var answer = offered.apply(f.kubernetesVersion(), e.getKey());
            if (answer instanceof Probe.Refused<Set<String>> r) {
                refused.add(e.getKey() + " (" + r.why() + ")");
            } else if (!((Probe.Answer<Set<String>>) answer).value().contains(e.getValue())) {
                missing.add(e.getKey() + " " + e.getValue());
            }
        }
        var pins = f.addonVersions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            return CheckResult.problem(ADDONS, "EKS does not offer " + String.join(", ", missing) + " for Kubernetes "
                    + f.kubernetesVersion(), "pin versions aws eks describe-addon-versions --kubernetes-version "
                    + f.kubernetesVersion() + " lists (cluster/AddonVersions.java)");
        }
        if (!refused.isEmpty()) {
            return CheckResult.unverifiable(ADDONS, "DescribeAddonVersions gave no answer for " + String.join(", ", refused)
                    + "; pinned for Kubernetes " + f.kubernetesVersion() + ": " + pins);
        }
        return CheckResult.ok(ADDONS, "EKS offers every pin for Kubernetes " + f.kubernetesVersion() + ": " + pins);
    }

    private static String tib(double gib) {
        return String.format(java.util.Locale.ROOT, "%.1f", gib / 1024);
    }

    static List<String> checks() {
        return List.of(ROLL_VCPU, ELASTIC_IPS, VPCS, INTERNET_GATEWAYS, NAT_GATEWAYS, GP3, ADDONS);
    }
}
