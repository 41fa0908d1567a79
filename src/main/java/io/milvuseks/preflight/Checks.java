package io.milvuseks.preflight;

import io.milvuseks.config.NodeRole;
import io.milvuseks.config.WireEnum;
import io.milvuseks.registry.ImageRegistry;
import io.milvuseks.zones.ZoneRestrictions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which check says what, from what AWS answered: plain functions, no AWS calls ({@link AwsAccount} makes those).
 * A refused or missing answer is always {@code unverifiable}, never {@code ok}.
 */
public final class Checks {

    public static final String ZONES = "zones";
    public static final String OFFERINGS = "instance offerings";
    public static final String MSK_OFFERINGS = "msk broker offerings";
    public static final String VCPU_QUOTA = "vcpu quota";
    public static final String SESSION = "deploy role session";
    public static final String PULL_SECRET = "pull-through secret";
    public static final String CLUSTER = "cluster endpoint";
    /** A committed placeholder the real engine refuses (config.PlaceholderValues): one line per key. */
    public static final String PLACEHOLDER = "placeholder";

    /** Quota L-1216C47A: Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances, in vCPUs. */
    public static final String VCPU_QUOTA_CODE = "L-1216C47A";
    /** IAM's upper bound for a role's MaxSessionDuration (IAM API reference, CreateRole). */
    public static final Duration MAX_ROLE_SESSION = Duration.ofHours(12);
    /** The prefix ECR requires of a pull-through cache rule's credential secret (ECR user guide, pull-through cache). */
    public static final String PULL_THROUGH_PREFIX = ImageRegistry.SECRET_PREFIX;

    private Checks() {
    }

    /** The zones check, and the configured zones' ids (zone id → name), empty when they could not be resolved. */
    public record ZoneVerdict(CheckResult result, Map<String, String> ids) {
    }

    /** @param regionZones the region's zones as this account sees them, name → id (DescribeAvailabilityZones) */
    public static ZoneVerdict zones(PreflightPlan plan, Probe<Map<String, String>> regionZones) {
        if (regionZones instanceof Probe.Refused<Map<String, String>> r) {
            return new ZoneVerdict(CheckResult.unverifiable(ZONES, "DescribeAvailabilityZones gave no answer ("
                    + r.why() + "); the zone ids of " + String.join(", ", plan.zones()) + " are unknown"), Map.of());
        }
        var byName = ((Probe.Answer<Map<String, String>>) regionZones).value();
        var ids = new LinkedHashMap<String, String>();
        var unknown = new ArrayList<String>();
        for (var zone : plan.zones()) {
            if (plan.zonesById()) {
                var name = byName.entrySet().stream().filter(e -> e.getValue().equals(zone)).map(Map.Entry::getKey)
                        .findFirst();
                name.ifPresentOrElse(n -> ids.put(zone, n), () -> unknown.add(zone));
            } else if (byName.containsKey(zone)) {
                ids.put(byName.get(zone), zone);
            } else {
                unknown.add(zone);
            }
        }
        var usable = byName.entrySet().stream()
                .filter(e -> ZoneRestrictions.refusals(e.getValue(), plan.services()).isEmpty())
                .map(Map.Entry::getValue).sorted().toList();
        if (!unknown.isEmpty()) {
            return new ZoneVerdict(CheckResult.problem(ZONES, String.join(", ", unknown) + " is not a zone of "
                    + plan.region() + " in this account", "set availabilityZones to zone ids of this region: "
                    + String.join(", ", usable)), ids);
        }
        var refused = new ArrayList<String>();
        ids.forEach((id, name) -> {
            var by = ZoneRestrictions.refusals(id, plan.services());
            if (!by.isEmpty()) {
                refused.add(id + " (" + name + ") is refused by " + by.stream()
                        .map(r -> r.service().label() + " [" + r.source() + "]").collect(Collectors.joining(" and ")));
            }
        });
        if (!refused.isEmpty()) {
            var others = usable.stream().filter(id -> !ids.containsKey(id)).toList();
            return new ZoneVerdict(CheckResult.problem(ZONES, String.join("; ", refused),
                    "replace it in availabilityZones with a zone id " + String.join("/", services(plan))
                            + " accept" + (others.isEmpty() ? "" : ": " + String.join(", ", others))), ids);
        }
        return new ZoneVerdict(CheckResult.ok(ZONES, describe(ids) + ": " + String.join(" and ", services(plan))
                + " accept them"), ids);
    }

    /**
     * @param offered "type@zoneId" pairs offered in the zones (DescribeInstanceTypeOfferings, location type
     *                availability-zone-id)
     */
    public static CheckResult offerings(PreflightPlan plan, Map<String, String> zoneIds, Probe<Set<String>> offered) {
        if (zoneIds.isEmpty()) {
            return CheckResult.unverifiable(OFFERINGS, "the zones' ids are unknown (see the zones line)");
        }
        if (offered instanceof Probe.Refused<Set<String>> r) {
            return CheckResult.unverifiable(OFFERINGS, "DescribeInstanceTypeOfferings gave no answer (" + r.why() + ")");
        }
        var pairs = ((Probe.Answer<Set<String>>) offered).value();
        var missing = new ArrayList<String>();
        plan.instanceTypes().forEach((type, roles) -> {
            var zones = zoneIds.entrySet().stream().filter(e -> !pairs.contains(type + "@" + e.getKey()))
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
            if (!zones.isEmpty()) {
                missing.add(type + " (pools " + roles(roles) + ") is not offered in " + String.join(", ", zones));
            }
        });
        if (!missing.isEmpty()) {
            return CheckResult.problem(OFFERINGS, String.join("; ", missing), "choose zones that offer every pool's "
                    + "type (availabilityZones), or another instance type for those pools (nodePools.*.instanceType)");
        }
        return CheckResult.ok(OFFERINGS, String.join(", ", plan.instanceTypes().keySet()) + " offered in all "
                + zoneIds.size() + " zones");
    }

    /** MSK has no API that lists broker types per zone: said, never passed silently. */
    public static Optional<CheckResult> mskOfferings(PreflightPlan plan) {
        return plan.mskBrokerType().map(type -> CheckResult.unverifiable(MSK_OFFERINGS, "MSK has no API listing "
                + "broker types per zone; " + type + " in these zones is known only when CreateCluster runs"));
    }

    /** @param quota the applied (or AWS default) value of {@link #VCPU_QUOTA_CODE} */
    public static CheckResult vcpuQuota(PreflightPlan plan, Probe<Double> quota) {
        var others = plan.otherFamilyTypes().isEmpty() ? "" : " (" + String.join(", ", plan.otherFamilyTypes())
                + " count against other quotas, not checked)";
        if (quota instanceof Probe.Refused<Double> r) {
            return CheckResult.unverifiable(VCPU_QUOTA, "Service Quotas gave no value for " + VCPU_QUOTA_CODE + " ("
                    + r.why() + "); the pools need " + plan.plannedVcpu() + " vCPU at max size" + others);
        }
        double value = ((Probe.Answer<Double>) quota).value();
        if (value < plan.plannedVcpu()) {
            return CheckResult.problem(VCPU_QUOTA, "the pools need " + plan.plannedVcpu() + " vCPU at max size, the "
                    + "On-Demand standard quota is " + (long) value + others, "request " + VCPU_QUOTA_CODE + " of at "
                    + "least " + plan.plannedVcpu() + " in Service Quotas (ec2), or lower nodePools.*.max");
        }
        return CheckResult.ok(VCPU_QUOTA, "quota " + (long) value + " vCPU covers " + plan.plannedVcpu()
                + " at max size (instances already running count too)" + others);
    }

    /**
     * The deploy role must allow the session deploy.yml requests for this stack (its configure-aws-credentials
     * role-duration-seconds: STS refuses a longer DurationSeconds than the role's MaxSessionDuration), and that
     * request must outlast the apply. The workflow file is the one source ({@link WorkflowSession}); a stack CI does
     * not deploy is checked against the apply time alone.
     *
     * @param maxSessionSeconds the deploy role's MaxSessionDuration (IAM GetRole)
     */
    public static CheckResult session(PreflightPlan plan, Probe<Integer> maxSessionSeconds) {
        var need = plan.expectedApply();
        var ci = plan.ciSession();
        var requested = ci.map(r -> " deploy.yml's job " + r.job() + " requests " + r.seconds() + " s ("
                + ApplyTime.text(Duration.ofSeconds(r.seconds())) + ");").orElse("");
        if (ci.isPresent() && Duration.ofSeconds(ci.get().seconds()).compareTo(need) <= 0) {
            // the workflow itself is short: no role setting can fix that
            var r = ci.get();
            return CheckResult.problem(SESSION, r.file() + ": job " + r.job() + " requests role-duration-seconds "
                    + r.seconds() + " (" + ApplyTime.text(Duration.ofSeconds(r.seconds())) + "), an apply may take "
                    + ApplyTime.text(need), "raise role-duration-seconds (and timeout-minutes) of job " + r.job()
                    + " in " + r.file() + " above " + need.toSeconds() + ", at most " + MAX_ROLE_SESSION.toSeconds()
                    + (need.compareTo(MAX_ROLE_SESSION) >= 0 ? " (12 h is IAM's limit: roll the pools in steps)" : ""));
        }
        if (plan.deployRoleArn().isEmpty()) {
            return CheckResult.unverifiable(SESSION, "no deploy role given (--deploy-role-arn);" + requested
                    + " an apply may take " + ApplyTime.text(need));
        }
        var role = roleName(plan.deployRoleArn().get());
        if (maxSessionSeconds instanceof Probe.Refused<Integer> r) {
            return CheckResult.unverifiable(SESSION, "GetRole " + role + " gave no answer (" + r.why() + ");"
                    + requested + " an apply may take " + ApplyTime.text(need));
        }
        var has = Duration.ofSeconds(((Probe.Answer<Integer>) maxSessionSeconds).value());
        if (ci.isPresent()) {
            var r = ci.get();
            if (has.toSeconds() < r.seconds()) {
                return CheckResult.problem(SESSION, "role " + role + " allows sessions of " + ApplyTime.text(has) + ","
                        + requested + " configure-aws-credentials would fail before the apply starts",
                        "aws iam update-role --role-name " + role + " --max-session-duration " + r.seconds());
            }
            return CheckResult.ok(SESSION, "role " + role + " allows " + ApplyTime.text(has) + "," + requested
                    + " an apply may take " + ApplyTime.text(need));
        }
        var noJob = " (no job of " + WorkflowSession.DEPLOY_WORKFLOW + " ups this stack: checked against the apply "
                + "time only)";
        if (has.compareTo(need) <= 0) {
            var want = need.compareTo(MAX_ROLE_SESSION) < 0 ? Duration.ofHours(need.toHours() + 1) : MAX_ROLE_SESSION;
            return CheckResult.problem(SESSION, "role " + role + " allows sessions of " + ApplyTime.text(has)
                    + ", an apply may take " + ApplyTime.text(need) + noJob, "aws iam update-role --role-name " + role
                    + " --max-session-duration " + want.toSeconds() + ", and request the same role-duration-seconds"
                    + (need.compareTo(MAX_ROLE_SESSION) >= 0 ? " (12 h is IAM's limit: roll the pools in steps)" : ""));
        }
        return CheckResult.ok(SESSION, "role " + role + " allows " + ApplyTime.text(has) + ", an apply may take "
                + ApplyTime.text(need) + noJob);
    }

    /**
     * A Secrets Manager secret as ListSecrets names it; {@code created} is null where the answer lacks it, and
     * {@code kmsKeyId} is null when the secret is on the AWS-managed aws/secretsmanager key (ListSecrets and
     * DescribeSecret omit the field then).
     */
    public record StoredSecret(String name, Instant created, String kmsKeyId) {
        public StoredSecret(String name, Instant created) {
            this(name, created, null);
        }

        /** On aws/secretsmanager: no key named, or that key's alias. */
        boolean onAwsManagedKey() {
            return kmsKeyId == null || kmsKeyId.isEmpty() || kmsKeyId.contains("alias/aws/secretsmanager");
        }
    }

    /**
     * The stack's own credential secret ends in the provider's unique suffix (terraform-plugin-sdk
     * id.PrefixedUniqueId: a timestamp and a hex counter, no dashes), so another stack whose name merely extends
     * this one ({@code prod} / {@code prod-docker-hub-x}) is not counted.
     */
    private static final Pattern UNIQUE_SUFFIX = Pattern.compile("[0-9A-Za-z]+");

    /**
     * Which credential ECR's pull-through cache will use: none with a private registry; with
     * {@code --pull-through-secret}, that exact name; else the secret the stack creates, found by its name prefix.
     *
     * @param describe  DescribeSecret by name: whether it exists
     * @param byPrefix  ListSecrets with a {@code name} filter (a prefix match)
     */
    public static CheckResult pullThroughSecret(PreflightPlan plan, Function<String, Probe<Boolean>> describe,
                                                Function<String, Probe<List<StoredSecret>>> byPrefix) {
        if (plan.privateRegistry().isPresent()) {
            return CheckResult.ok(PULL_SECRET, "no pull-through cache: images from " + plan.privateRegistry().get()
                    + (plan.pullThroughSecret().isPresent() ? " (--pull-through-secret not used)" : ""));
        }
        if (plan.pullThroughSecret().isPresent()) {
            return givenSecret(plan, plan.pullThroughSecret().get(), describe);
        }
        var prefix = plan.stackSecretPrefix();
        var listed = byPrefix.apply(prefix);
        if (listed instanceof Probe.Refused<List<StoredSecret>> r) {
            return CheckResult.unverifiable(PULL_SECRET, "ListSecrets " + prefix + "* gave no answer (" + r.why() + ")");
        }
        var found = ((Probe.Answer<List<StoredSecret>>) listed).value().stream()
                .filter(x -> x.name().startsWith(prefix)
                        && UNIQUE_SUFFIX.matcher(x.name().substring(prefix.length())).matches())
                .sorted(Comparator.comparing(StoredSecret::created, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(StoredSecret::name))
                .toList();
        if (found.isEmpty()) {
            return CheckResult.ok(PULL_SECRET, "no secret " + prefix + "* yet: the first pulumi up creates it from the "
                    + "Pulumi secret dockerHubAccessToken");
        }
        if (found.size() == 1) {
            var own = found.get(0);
            if (!own.onAwsManagedKey()) {
                // created by an earlier version of the stack; removing kmsKeyId does not move it (the provider's
                // UpdateSecret sends no key), this command does: Secrets Manager re-encrypts the current versions
                // (Secrets Manager user guide, manage_update-encryption-key)
                return CheckResult.problem(PULL_SECRET, "secret " + own.name() + " is encrypted with the customer key "
                        + own.kmsKeyId() + ": ECR reads a pull-through credential only under the default "
                        + "aws/secretsmanager key (ECR user guide, pull-through-cache-creating-secret), so every image "
                        + "pull through the cache fails", "aws secretsmanager update-secret --region " + plan.region()
                        + " --secret-id " + own.name() + " --kms-key-id alias/aws/secretsmanager, then pulumi up");
            }
            return CheckResult.ok(PULL_SECRET, "secret " + own.name() + " exists (the stack's), on aws/secretsmanager");
        }
        // Only Pulumi state knows which one the cache rule uses; the newest is the last apply's, the others are
        // left from an earlier stack of the same name (a protected secret outlives `pulumi destroy`).
        var newest = found.get(found.size() - 1).name();
        var others = found.subList(0, found.size() - 1).stream().map(StoredSecret::name).toList();
        return CheckResult.problem(PULL_SECRET, found.size() + " secrets carry the stack's prefix " + prefix + ": "
                + found.stream().map(StoredSecret::name).collect(Collectors.joining(", ")) + "; all but the one in "
                + "Pulumi state are leftovers of an earlier stack", "keep the one `pulumi stack export | grep "
                + PULL_THROUGH_PREFIX + "` names (the newest is " + newest + ") and delete the others: " + others.stream()
                .map(n -> "aws secretsmanager delete-secret --region " + plan.region() + " --secret-id " + n)
                .collect(Collectors.joining("; ")));
    }

    private static CheckResult givenSecret(PreflightPlan plan, String name, Function<String, Probe<Boolean>> describe) {
        if (!name.startsWith(PULL_THROUGH_PREFIX)) {
            return CheckResult.problem(PULL_SECRET, "'" + name + "' lacks the " + PULL_THROUGH_PREFIX + " prefix ECR "
                    + "requires of a pull-through credential", "name the secret " + PULL_THROUGH_PREFIX + "<name>");
        }
        var exists = describe.apply(name);
        if (exists instanceof Probe.Refused<Boolean> r) {
            return CheckResult.unverifiable(PULL_SECRET, "DescribeSecret " + name + " gave no answer (" + r.why() + ")");
        }
        if (!((Probe.Answer<Boolean>) exists).value()) {
            return CheckResult.problem(PULL_SECRET, "secret " + name + " does not exist in " + plan.region(),
                    "create it with the Docker Hub user and access token (aws secretsmanager create-secret --name "
                            + name + " --secret-string '{\"username\":\"...\",\"accessToken\":\"...\"}')");
        }
        return CheckResult.ok(PULL_SECRET, "secret " + name + " exists");
    }

    /** What DescribeCluster said: absent, or the API endpoint. */
    public record ClusterState(boolean exists, String endpoint) {
        public static ClusterState absent() {
            return new ClusterState(false, null);
        }

        public static ClusterState at(String endpoint) {
            return new ClusterState(true, endpoint);
        }
    }

    /**
     * @param cluster   DescribeCluster's answer
     * @param reachable the connect attempt to the endpoint: empty when it answered, else why not (ignored when absent)
     */
    public static CheckResult cluster(PreflightPlan plan, Probe<ClusterState> cluster, Optional<String> unreachable) {
        if (cluster instanceof Probe.Refused<ClusterState> r) {
            return CheckResult.unverifiable(CLUSTER, "DescribeCluster " + plan.clusterName() + " gave no answer ("
                    + r.why() + ")");
        }
        var state = ((Probe.Answer<ClusterState>) cluster).value();
        if (!state.exists()) {
            return firstApply(plan);
        }
        if (unreachable.isPresent()) {
            return CheckResult.problem(CLUSTER, state.endpoint() + " does not answer from here ("
                    + unreachable.get() + ")", "run from a network the endpoint admits (a runner in the VPC, or VPN), "
                    + "or add this network's CIDR to publicAccessCidrs");
        }
        return CheckResult.ok(CLUSTER, state.endpoint() + " answers on 443 from here");
    }

    /**
     * No cluster yet: this up creates it. With a private endpoint and the Kubernetes layer, the Kubernetes resources
     * are applied through the endpoint from wherever this up runs, after about two hours of AWS resources. A VPC the
     * same up creates has nothing inside it yet, so that combination always times out; in an existing VPC only the
     * caller knows where it runs ({@code --inside-vpc}). Preflight cannot tell its own address reliably (NAT, proxies).
     */
    private static CheckResult firstApply(PreflightPlan plan) {
        var name = "cluster " + plan.clusterName() + " not created yet";
        return switch (plan.apiPath()) {
            case AWS_ONLY -> CheckResult.ok(CLUSTER, name + "; kubernetesLayer is false: this up creates the AWS "
                    + "layer only, the Kubernetes layer follows from a runner in the VPC");
            case PUBLIC -> CheckResult.ok(CLUSTER, name + "; the Kubernetes layer goes through the public endpoint "
                    + "(publicAccessCidrs), which must admit this machine");
            case PRIVATE -> {
                var wayOut = "first apply with kubernetesLayer false (pulumi config set kubernetesLayer false; "
                        + "docs/first-prod.md: First apply of a new prod), then set it true and up from a runner in the "
                        + "VPC; or give the first apply publicAccessCidrs: [<this machine's egress>/32]";
                if (plan.createsVpc()) {
                    yield CheckResult.problem(CLUSTER, name + ", and its API endpoint is private in a VPC this same up "
                            + "creates: nothing can be inside it yet, so the Kubernetes layer would time out after the "
                            + "AWS layer (about two hours) is built" + (plan.insideVpc() ? " (--inside-vpc cannot "
                            + "hold: the VPC does not exist before this up)" : ""), wayOut);
                }
                if (!plan.insideVpc()) {
                    yield CheckResult.problem(CLUSTER, name + ", and its API endpoint is private: this up applies the "
                            + "Kubernetes layer through it, which only " + String.join(", ",
                            plan.privateEndpointSources()) + " reach; nothing says this machine is there", "run from "
                            + "there and say so with --inside-vpc, or " + wayOut);
                }
                yield CheckResult.ok(CLUSTER, name + "; --inside-vpc: this machine is in "
                        + String.join(", ", plan.privateEndpointSources()) + ", which the private endpoint admits");
            }
        };
    }

    /** {@code arn:aws:iam::123456789012:role/path/name} → {@code name}. */
    static String roleName(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash >= 0 ? arn.substring(slash + 1) : arn;
    }

    private static String describe(Map<String, String> ids) {
        return ids.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    private static List<String> services(PreflightPlan plan) {
        return plan.services().stream().map(ZoneRestrictions.Service::label).toList();
    }

    /** Exit 0 only when no line says problem. */
    public static boolean passed(List<CheckResult> results) {
        return results.stream().noneMatch(r -> r.status() == Status.PROBLEM);
    }

    static String roles(List<NodeRole> roles) {
        return roles.stream().map(WireEnum::wire).collect(Collectors.joining(", "));
    }
}
