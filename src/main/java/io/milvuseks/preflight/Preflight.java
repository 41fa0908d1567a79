package io.milvuseks.preflight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs every check against an account, in a fixed order, one result per check. */
public final class Preflight {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private Preflight() {
    }

    public static List<CheckResult> run(PreflightPlan plan, AwsAccount aws) {
        var results = new ArrayList<CheckResult>();
        var zones = Checks.zones(plan, aws.zones());
        results.add(zones.result());
        var offered = zones.ids().isEmpty()
                ? Probe.<java.util.Set<String>>refused("zones unresolved")
                : aws.offerings(plan.instanceTypes().keySet(), zones.ids().keySet());
        results.add(Checks.offerings(plan, zones.ids(), offered));
        Checks.mskOfferings(plan).ifPresent(results::add);
        var vcpu = aws.ec2Quota(Checks.VCPU_QUOTA_CODE);
        results.add(Checks.vcpuQuota(plan, vcpu));
        results.add(QuotaChecks.rollVcpu(plan, vcpu));
        results.add(QuotaChecks.elasticIps(plan, aws.quota(QuotaChecks.EIP_QUOTA.serviceCode(),
                QuotaChecks.EIP_QUOTA.code()), aws.elasticIps()));
        results.add(QuotaChecks.vpcs(plan, aws.quota(QuotaChecks.VPC_QUOTA.serviceCode(),
                QuotaChecks.VPC_QUOTA.code()), aws.vpcs()));
        results.add(QuotaChecks.internetGateways(plan, aws.quota(QuotaChecks.IGW_QUOTA.serviceCode(),
                QuotaChecks.IGW_QUOTA.code()), aws.internetGateways()));
        results.add(QuotaChecks.natGateways(plan, aws.quota(QuotaChecks.NAT_QUOTA.serviceCode(),
                QuotaChecks.NAT_QUOTA.code()), aws.natGatewaysByZone()));
        results.add(QuotaChecks.gp3(plan, aws.quota(QuotaChecks.GP3_QUOTA.serviceCode(),
                QuotaChecks.GP3_QUOTA.code()), aws.gp3GiB()));
        results.add(QuotaChecks.versionSupport(plan, aws.versionSupport(plan.footprint().kubernetesVersion())));
        results.add(QuotaChecks.addonVersions(plan, aws::addonVersions));
        results.add(Checks.session(plan, plan.deployRoleArn()
                .map(arn -> aws.maxSessionSeconds(Checks.roleName(arn))).orElse(Probe.refused("not given"))));
        results.add(Checks.pullThroughSecret(plan, aws::secretExists, aws::secretsNamed));
        results.add(plan.footprint().cacheRules().isEmpty()
                ? RegistryChecks.cacheRules(plan, Probe.refused("not asked"), Probe.refused("not asked"))
                : RegistryChecks.cacheRules(plan, aws.cacheRules(), aws.creationTemplates()));
        var cluster = aws.cluster(plan.clusterName());
        Optional<String> unreachable = cluster instanceof Probe.Answer<Checks.ClusterState> a && a.value().exists()
                ? AwsAccount.unreachable(a.value().endpoint(), CONNECT_TIMEOUT) : Optional.empty();
        results.add(Checks.cluster(plan, cluster, unreachable));
        return results;
    }
}
