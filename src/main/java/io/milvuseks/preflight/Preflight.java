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
        results.add(Checks.vcpuQuota(plan, aws.ec2Quota(Checks.VCPU_QUOTA_CODE)));
        results.add(Checks.session(plan, plan.deployRoleArn()
                .map(arn -> aws.maxSessionSeconds(Checks.roleName(arn))).orElse(Probe.refused("not given"))));
        results.add(Checks.pullThroughSecret(plan, aws::secretExists, aws::secretsNamed));
        var cluster = aws.cluster(plan.clusterName());
        Optional<String> unreachable = cluster instanceof Probe.Answer<Checks.ClusterState> a && a.value().exists()
                ? AwsAccount.unreachable(a.value().endpoint(), CONNECT_TIMEOUT) : Optional.empty();
        results.add(Checks.cluster(plan, cluster, unreachable));
        return results;
    }
}
