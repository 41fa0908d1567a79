package io.milvuseks.preflight;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account-capacity checks a new account hits (ok / problem / unverifiable from given answers), and the ECR cache
 * rules check. Figures are worked by hand from the committed stack files, not read from the code under test.
 */
class QuotaChecksTest {

    static PreflightPlan prod() {
        return ChecksTest.prod();
    }

    /**
     * Prod with its pools pinned (m6in.4xlarge everywhere; query max 120, data 24, coord 6, infra 6), so the quota
     * arithmetic below is worked from numbers written here, whatever the planner recommends for prod next. Its two
     * replicas make two one-zone query groups and two one-zone data groups.
     */
    static PreflightPlan pinnedProd() {
        return plan("prod", Map.of("nodePools", io.milvuseks.capacity.CapacityWiringTest.prodPools(
                        "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"max\": 120, \"diskGiB\": 200}"),
                "collection", io.milvuseks.capacity.CapacityWiringTest.IVF_COLLECTION,
                "capacity", io.milvuseks.capacity.CapacityWiringTest.CAPACITY_ALLOW));
    }

    static PreflightPlan plan(String stack, Map<String, String> overrides) {
        return PreflightPlan.of(Stacks.settings(stack, overrides), Optional.empty(), Optional.empty());
    }

    @Test
    void prodsFootprintIsOneVpcThreeNatsAndTheirAddresses() {
        var f = prod().footprint();
        assertThat(f.vpcs()).isEqualTo(1);
        assertThat(f.internetGateways()).isEqualTo(1);
        assertThat(f.natZones()).containsExactly("use1-az1", "use1-az2", "use1-az4");
        assertThat(f.elasticIps()).isEqualTo(3);
        // staging shares one NAT; an existing VPC adds none of these
        assertThat(plan("staging", Map.of()).footprint().natZones()).containsExactly("use1-az1");
        var existing = plan("prod", Map.of("existingVpc", ChecksTest.EXISTING_VPC)).footprint();
        assertThat(existing.vpcs() + existing.internetGateways() + existing.elasticIps()).isZero();
    }

    @Test
    void elasticIpsVpcsAndGatewaysCompareFreeCapacityWithWhatTheStackAdds() {
        var plan = prod();
        // 5 is the default of each quota (Amazon VPC quotas); 3 addresses in use leave 2 for 3 NATs
        var eips = QuotaChecks.elasticIps(plan, Probe.answer(5.0), Probe.answer(3));
        assertThat(eips.status()).isEqualTo(Status.PROBLEM);
        assertThat(eips.detail()).contains("\"EC2-VPC Elastic IPs\" (ec2 L-0263D0A3) is 5, 3 in use, the stack adds 3",
                "1 short", "fix: aws service-quotas request-service-quota-increase --region us-east-1 --service-code "
                        + "ec2 --quota-code L-0263D0A3 --desired-value 6");
        assertThat(QuotaChecks.elasticIps(plan, Probe.answer(5.0), Probe.answer(2)).status()).isEqualTo(Status.OK);
        assertThat(QuotaChecks.vpcs(plan, Probe.answer(5.0), Probe.answer(5)).detail())
                .contains("\"VPCs per Region\" (vpc L-F678F1CE) is 5, 5 in use, the stack adds 1 VPC");
        assertThat(QuotaChecks.internetGateways(plan, Probe.answer(5.0), Probe.answer(1)).line())
                .startsWith("ok ").contains("(vpc L-A4707A72) is 5, 1 in use, the stack adds 1 internet gateway");
        // no quota value, or no usage: unverifiable, with what is known
        var noQuota = QuotaChecks.elasticIps(plan, Probe.refused("NoSuchResourceException"), Probe.answer(0));
        assertThat(noQuota.status()).isEqualTo(Status.UNVERIFIABLE);
        assertThat(noQuota.detail()).contains("L-0263D0A3", "0 in use", "the stack adds 3");
        assertThat(QuotaChecks.vpcs(plan, Probe.answer(5.0), Probe.refused("UnauthorizedOperation")).status())
                .isEqualTo(Status.UNVERIFIABLE);
        // an existing VPC adds nothing, whatever the account holds
        var existing = plan("prod", Map.of("existingVpc", ChecksTest.EXISTING_VPC));
        assertThat(QuotaChecks.vpcs(existing, Probe.answer(5.0), Probe.answer(5)).line()).startsWith("ok ")
                .contains("adds no VPC (existingVpc)");
    }

    @Test
    void natGatewaysAreCountedPerZoneByIdOrName() {
        var plan = prod();
        // use1-az2 already holds the default 5: its NAT would fail; the usage is keyed by id and by name
        var full = QuotaChecks.natGateways(plan, Probe.answer(5.0), Probe.answer(Map.of("use1-az2", 5,
                "us-east-1c", 5, "use1-az1", 1, "us-east-1b", 1)));
        assertThat(full.status()).isEqualTo(Status.PROBLEM);
        assertThat(full.detail()).contains("L-FE5A380F", "full in use1-az2 (5 in use)").doesNotContain("use1-az1 (");
        var fine = QuotaChecks.natGateways(plan, Probe.answer(5.0), Probe.answer(Map.of("use1-az1", 4)));
        assertThat(fine.line()).startsWith("ok ").contains("use1-az1 4, use1-az2 0, use1-az4 0");
        assertThat(QuotaChecks.natGateways(plan, Probe.refused("x"), Probe.answer(Map.of())).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void gp3CountsRootVolumesAtMaxAndDuringARollAgainstTheTiBQuota() {
        var f = prodPlan().footprint();
        // query 2 zone groups x 60 x 200 + data 2 zone groups x 12 x 500 + coord 6 x 100 + infra 6 x 200 GiB
        assertThat(f.gp3AtMaxGiB()).isEqualTo(24_000 + 12_000 + 600 + 1_200);
        // a roll adds 2 nodes to a one-zone group, 6 to a three-zone group (2 x zones)
        assertThat(f.gp3DuringRollGiB()).isEqualTo(2 * 62 * 200 + 2 * 14 * 500 + 12 * 100 + 12 * 200);
        var ok = QuotaChecks.gp3(prodPlan(), Probe.answer(50.0), Probe.answer(1024L));
        assertThat(ok.line()).startsWith("ok ").contains("(ebs L-7A658B76) is 50.0 TiB, 1.0 TiB in use",
                "37800 GiB at max and 42400 GiB while every group rolls", "peak 42.4 TiB");
        var full = QuotaChecks.gp3(prodPlan(), Probe.answer(50.0), Probe.answer(10_240L));
        assertThat(full.status()).isEqualTo(Status.PROBLEM);
        assertThat(full.detail()).contains("51.4 TiB at the peak", "--quota-code L-7A658B76 --desired-value 52");
        assertThat(QuotaChecks.gp3(prodPlan(), Probe.refused("NoSuchResourceException"), Probe.answer(0L)).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    static PreflightPlan prodPlan() {
        return pinnedProd();
    }

    @Test
    void aRollAddsTwiceEachGroupsZonesOfNodesOnTopOfMax() {
        var plan = pinnedProd();
        // 156 nodes x 16 vCPU at max; a roll adds 2 + 2 (query zone groups) + 2 + 2 (data zone groups) + 6 + 6
        assertThat(plan.plannedVcpu()).isEqualTo(2496);
        assertThat(plan.footprint().surgeStandardVcpu()).isEqualTo(20 * 16);
        var tight = QuotaChecks.rollVcpu(plan, Probe.answer(2500.0));
        assertThat(tight.status()).isEqualTo(Status.PROBLEM);
        assertThat(tight.detail()).contains("2496 vCPU at max and 2816 while every node group rolls",
                "query-use1-az1 +2", "data-use1-az1 +2", "coord +6", "quota is 2500", "L-1216C47A of at least 2816");
        assertThat(QuotaChecks.rollVcpu(plan, Probe.answer(2816.0)).status()).isEqualTo(Status.OK);
        assertThat(QuotaChecks.rollVcpu(plan, Probe.refused("NoSuchResourceException")).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void everyPinnedAddonVersionMustBeOfferedForTheKubernetesVersion() {
        var plan = prod();
        // prod pins for 1.33 (cluster/AddonVersions): vpc-cni v1.20.1-eksbuild.3, coredns v1.12.4-eksbuild.1, ...
        var offered = Map.of("vpc-cni", Set.of("v1.20.1-eksbuild.3", "v1.19.0-eksbuild.1"),
                "kube-proxy", Set.of("v1.33.5-eksbuild.2"), "coredns", Set.of("v1.12.1-eksbuild.2"),
                "aws-ebs-csi-driver", Set.of("v1.45.0-eksbuild.2"));
        var r = QuotaChecks.addonVersions(plan, (k8s, addon) -> {
            assertThat(k8s).isEqualTo("1.33");
            return Probe.answer(offered.get(addon));
        });
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        assertThat(r.detail()).contains("EKS does not offer coredns v1.12.4-eksbuild.1 for Kubernetes 1.33")
                .doesNotContain("vpc-cni v1.20.1");
        var all = QuotaChecks.addonVersions(plan, (k8s, addon) -> Probe.answer(Set.of("v1.20.1-eksbuild.3",
                "v1.33.5-eksbuild.2", "v1.12.4-eksbuild.1", "v1.45.0-eksbuild.2")));
        assertThat(all.line()).startsWith("ok ").contains("vpc-cni v1.20.1-eksbuild.3");
        assertThat(QuotaChecks.addonVersions(plan, (k8s, addon) -> Probe.refused("not implemented")).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void aVersionInExtendedSupportWithTheStandardPolicyIsAProblem() {
        // EKS's calendar: 1.33 left standard support on 2026-07-29 (the committed kubernetesVersion, which the
        // committed stacks therefore run with kubernetesSupport: extended)
        var standardPolicy = plan("prod", Map.of("kubernetesSupport", "standard"));
        var extended = new QuotaChecks.VersionSupport("EXTENDED_SUPPORT", "2026-07-29T00:00:00Z", "2027-07-29T00:00:00Z");
        var r = QuotaChecks.versionSupport(standardPolicy, Probe.answer(Optional.of(extended)));
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        assertThat(r.detail()).contains("Kubernetes 1.33 is in extended support (standard support ended 2026-07-29",
                "fix: a kubernetesVersion in standard support", "or kubernetesSupport: extended");
        assertThat(QuotaChecks.versionSupport(prod(), Probe.answer(Optional.of(extended))).status())
                .isEqualTo(Status.OK);
        var standard = new QuotaChecks.VersionSupport("STANDARD_SUPPORT", "2027-03-27T00:00:00Z", null);
        assertThat(QuotaChecks.versionSupport(standardPolicy, Probe.answer(Optional.of(standard))).line()).startsWith("ok ")
                .contains("standard support until 2027-03-27", "EKS upgrades the control plane");
        assertThat(QuotaChecks.versionSupport(standardPolicy, Probe.answer(Optional.empty())).status())
                .isEqualTo(Status.PROBLEM);
        assertThat(QuotaChecks.versionSupport(standardPolicy, Probe.refused("HTTP 404")).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    // ---- ECR pull-through cache rules (issue 22 item 2) ----

    static final String PROD_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
            + "ecr-pullthroughcache/milvus-eks-prod-docker-hub-20261201-AbCdEf";
    static final String STAGING_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
            + "ecr-pullthroughcache/milvus-eks-staging-docker-hub-20261201-XyZ123";

    @Test
    void theDefaultPrefixIsPerStackAndTheRulesFollowIt() {
        assertThat(prod().footprint().cacheRules()).extracting(Footprint.CacheRule::prefix)
                .containsExactly("docker-hub-prod", "docker-hub-prod-k8s", "docker-hub-prod-quay");
        assertThat(plan("staging", Map.of()).footprint().cacheRules()).extracting(Footprint.CacheRule::prefix)
                .startsWith("docker-hub-staging");
    }

    @Test
    void aRuleOrTemplateAtTheStacksPrefixThatIsNotItsOwnIsAProblem() {
        var plan = prod();
        // staging's rule sits at the prefix prod asks for (both stack files once said docker-hub)
        var foreign = RegistryChecks.cacheRules(plan, Probe.answer(List.of(new RegistryChecks.ExistingRule(
                        "docker-hub-prod", "registry-1.docker.io", STAGING_SECRET_ARN))),
                Probe.answer(List.of(new RegistryChecks.ExistingTemplate("docker-hub-prod-quay",
                        "quay.io images cached for milvus-eks-staging"))));
        assertThat(foreign.status()).isEqualTo(Status.PROBLEM);
        assertThat(foreign.detail()).contains("rule 'docker-hub-prod' (registry-1.docker.io) exists and is not this "
                        + "stack's (its credential is ecr-pullthroughcache/milvus-eks-staging-docker-hub-",
                "template 'docker-hub-prod-quay' exists and is not this stack's", "PullThroughCacheRuleAlreadyExists",
                "fix: set imageRegistry.ecrRepositoryPrefix");
        // its own rule and template (a second up) pass
        var own = RegistryChecks.cacheRules(plan, Probe.answer(List.of(new RegistryChecks.ExistingRule(
                        "docker-hub-prod", "registry-1.docker.io", PROD_SECRET_ARN),
                new RegistryChecks.ExistingRule("docker-hub-prod-k8s", "registry.k8s.io", null),
                new RegistryChecks.ExistingRule("docker-hub", "registry-1.docker.io", STAGING_SECRET_ARN))),
                Probe.answer(List.of(new RegistryChecks.ExistingTemplate("docker-hub-prod-k8s",
                        "registry.k8s.io images cached for milvus-eks-prod"))));
        assertThat(own.line()).startsWith("ok ").contains("docker-hub-prod, docker-hub-prod-k8s, docker-hub-prod-quay");
        // a credential-less rule with no template of the stack beside it is not provably the stack's
        var bare = RegistryChecks.cacheRules(plan, Probe.answer(List.of(new RegistryChecks.ExistingRule(
                "docker-hub-prod-k8s", "registry.k8s.io", null))), Probe.answer(List.of()));
        assertThat(bare.status()).isEqualTo(Status.PROBLEM);
    }

    @Test
    void theStacksOwnRuleAtTheOldPrefixIsAProblemThatSaysKeepIt() {
        // a prod created when the default was docker-hub, upgraded without setting the prefix
        var r = RegistryChecks.cacheRules(prod(), Probe.answer(List.of(new RegistryChecks.ExistingRule("docker-hub",
                "registry-1.docker.io", PROD_SECRET_ARN))), Probe.answer(List.of()));
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        assertThat(r.detail()).contains("this stack's Docker Hub rule is at prefix 'docker-hub'", "asks for "
                + "'docker-hub-prod'", "every pod restarts", "fix: keep it: set imageRegistry.ecrRepositoryPrefix: docker-hub");
    }

    @Test
    void unansweredListingsAreUnverifiableAndAPrivateRegistryNeedsNone() {
        var both = RegistryChecks.cacheRules(prod(), Probe.refused("InvalidAction"), Probe.refused("InvalidAction"));
        assertThat(both.status()).isEqualTo(Status.UNVERIFIABLE);
        assertThat(both.detail()).contains("DescribePullThroughCacheRules gave no answer (InvalidAction)",
                "docker-hub-prod, docker-hub-prod-k8s, docker-hub-prod-quay");
        var half = RegistryChecks.cacheRules(prod(), Probe.answer(List.of()), Probe.refused("AccessDenied"));
        assertThat(half.status()).isEqualTo(Status.UNVERIFIABLE);
        var overrides = new java.util.HashMap<String, String>();
        overrides.put("imageRegistry", "{\"source\": \"private\", \"privateRegistry\": \"harbor.example.com/hub\"}");
        overrides.put("dockerHubAccessToken", null);
        assertThat(RegistryChecks.cacheRules(plan("prod", overrides), Probe.refused("not asked"),
                Probe.refused("not asked")).line()).startsWith("ok ").contains("harbor.example.com/hub");
    }
}
