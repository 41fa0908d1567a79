package io.milvuseks.preflight;

import io.milvuseks.testing.Stacks;
import io.milvuseks.naming.Naming;
import io.milvuseks.registry.ImageRegistry;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which check says what, from given AWS answers (moto's us-east-1 zone map: us-east-1e is use1-az3). */
class ChecksTest {

    static final Map<String, String> US_EAST_1 = new LinkedHashMap<>(Map.of(
            "us-east-1a", "use1-az6", "us-east-1b", "use1-az1", "us-east-1c", "use1-az2",
            "us-east-1d", "use1-az4", "us-east-1e", "use1-az3", "us-east-1f", "use1-az5"));

    static PreflightPlan plan(String stack, Map<String, String> overrides, String role, String secret) {
        return PreflightPlan.of(Stacks.settings(stack, overrides), Optional.ofNullable(role),
                Optional.ofNullable(secret));
    }

    static PreflightPlan prod() {
        return plan("prod", Map.of(), null, null);
    }

    static PreflightPlan prodByName(String... zones) {
        return plan("prod", Map.of("availabilityZones", "[\"" + String.join("\",\"", zones) + "\"]"), null, null);
    }

    @Test
    void zonesByIdResolveAndPass() {
        var v = Checks.zones(prod(), Probe.answer(US_EAST_1));
        assertThat(v.result().status()).isEqualTo(Status.OK);
        assertThat(v.ids()).containsOnlyKeys("use1-az1", "use1-az2", "use1-az4");
        assertThat(v.result().line()).startsWith("ok ").contains("use1-az1 (us-east-1b)");
    }

    @Test
    void aNameThatIsUse1Az3IsRefusedByEksAndMskWithOtherIdsAsTheFix() {
        var v = Checks.zones(prodByName("us-east-1a", "us-east-1b", "us-east-1e"), Probe.answer(US_EAST_1));
        assertThat(v.result().status()).isEqualTo(Status.PROBLEM);
        assertThat(v.result().detail()).contains("use1-az3 (us-east-1e) is refused by EKS", "and MSK")
                .contains("fix: replace it in availabilityZones").contains("use1-az2").doesNotContain(": use1-az3");
        // still resolved, so the offerings check can run on the same ids
        assertThat(v.ids()).containsKeys("use1-az3", "use1-az6");
    }

    @Test
    void unknownZonesAreAProblemAndAMissingAnswerIsUnverifiable() {
        var missing = Checks.zones(plan("prod", Map.of("availabilityZones", "[\"use1-az1\",\"use1-az2\",\"use1-az9\"]"),
                null, null), Probe.answer(US_EAST_1));
        assertThat(missing.result().status()).isEqualTo(Status.PROBLEM);
        assertThat(missing.result().detail()).startsWith("use1-az9 is not a zone of us-east-1");
        var refused = Checks.zones(prod(), Probe.refused("UnauthorizedOperation: no"));
        assertThat(refused.result().status()).isEqualTo(Status.UNVERIFIABLE);
        assertThat(refused.ids()).isEmpty();
        assertThat(Checks.offerings(prod(), refused.ids(), Probe.answer(Set.of())).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void anInstanceTypeMissingInAZoneIsAProblemNamingTypePoolsAndZone() {
        var plan = prodByName("us-east-1a", "us-east-1b", "us-east-1e");
        var ids = Checks.zones(plan, Probe.answer(US_EAST_1)).ids();
        var offered = Set.of("m6in.4xlarge@use1-az6", "m6in.4xlarge@use1-az1");
        var r = Checks.offerings(plan, ids, Probe.answer(offered));
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        // prod's query pool runs m6i.8xlarge (issue 24), the other pools m6in.4xlarge
        assertThat(r.detail()).contains("m6in.4xlarge (pools data, coord, infra) is not offered in "
                + "use1-az3 (us-east-1e)").contains("m6i.8xlarge (pools query) is not offered in").contains("fix: ");
        var all = Set.of("m6in.4xlarge@use1-az6", "m6in.4xlarge@use1-az1", "m6in.4xlarge@use1-az3",
                "m6i.8xlarge@use1-az6", "m6i.8xlarge@use1-az1", "m6i.8xlarge@use1-az3");
        assertThat(Checks.offerings(plan, ids, Probe.answer(all)).status()).isEqualTo(Status.OK);
        assertThat(Checks.offerings(plan, ids, Probe.refused("Throttling")).status()).isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void vcpuQuotaCountsEveryPoolAtMaxSize() {
        var plan = prod();
        // prod: query 60 nodes of 32 vCPU + data 24 + coord 6 + infra 6 nodes of 16 vCPU
        assertThat(plan.plannedVcpu()).isEqualTo(60 * 32 + (24 + 6 + 6) * 16);
        assertThat(Checks.vcpuQuota(plan, Probe.answer(2496.0)).status()).isEqualTo(Status.OK);
        var low = Checks.vcpuQuota(plan, Probe.answer(640.0));
        assertThat(low.status()).isEqualTo(Status.PROBLEM);
        assertThat(low.detail()).contains("2496 vCPU", "quota is 640", "L-1216C47A of at least 2496");
        var none = Checks.vcpuQuota(plan, Probe.refused("NoSuchResourceException: not available"));
        assertThat(none.status()).isEqualTo(Status.UNVERIFIABLE);
        assertThat(none.line()).startsWith("unverifiable vcpu quota: ").contains("not available");
    }

    @Test
    void sessionMustOutlastTheLongestApply() {
        var role = "arn:aws:iam::123456789012:role/ci/milvus-deploy";
        // a query pool of at most 60 nodes rolls one node at a time, 60 x 5 min; the AWS layer alone (no zone
        // Deployments to roll after it)
        var plan = plan("prod", Map.of("kubernetesLayer", "false",
                "nodePools", io.milvuseks.capacity.CapacityWiringTest.prodPools(
                        "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"max\": 60, \"diskGiB\": 200}"),
                "collection", io.milvuseks.capacity.CapacityWiringTest.IVF_COLLECTION,
                "capacity", io.milvuseks.capacity.CapacityWiringTest.CAPACITY_ALLOW), role, null);
        assertThat(plan.expectedApply()).isEqualTo(Duration.ofHours(5));
        var short1h = Checks.session(plan, Probe.answer(3600));
        assertThat(short1h.status()).isEqualTo(Status.PROBLEM);
        assertThat(short1h.detail()).contains("milvus-deploy allows sessions of 1 h", "may take 5 h",
                "--role-name milvus-deploy --max-session-duration 21600");
        assertThat(Checks.session(plan, Probe.answer(43200)).status()).isEqualTo(Status.OK);
        assertThat(Checks.session(plan, Probe.answer(18000)).status()).as("equal is not enough")
                .isEqualTo(Status.PROBLEM);
        assertThat(Checks.session(prod(), Probe.refused("not given")).status()).isEqualTo(Status.UNVERIFIABLE);
        assertThat(Checks.session(plan, Probe.refused("AccessDenied")).status()).isEqualTo(Status.UNVERIFIABLE);
    }

    /** The committed deploy.yml, as preflight reads it from the project directory. */
    static Optional<WorkflowSession.Requested> committed(String stack) {
        return WorkflowSession.forStack(Stacks.PROJECT_DIR, stack);
    }

    @Test
    void theSessionDeployYmlRequestsIsReadFromTheWorkflow() {
        assertThat(committed("prod")).contains(new WorkflowSession.Requested(".github/workflows/deploy.yml", "prod",
                43200));
        assertThat(committed("staging")).contains(new WorkflowSession.Requested(".github/workflows/deploy.yml",
                "staging", 14400));
        assertThat(committed("pf")).as("a stack deploy.yml does not up").isEmpty();
    }

    @Test
    void theRoleMustAllowWhatDeployYmlRequestsNotAFigureOfPreflightsOwn() {
        var role = "arn:aws:iam::123456789012:role/milvus-deploy";
        var prod = PreflightPlan.of(Stacks.settings("prod"), Optional.of(role), Optional.empty(), committed("prod"),
                false);
        // 11 h outlasts the apply, but the workflow asks STS for 12 h: configure-aws-credentials would fail
        var elevenHours = Checks.session(prod, Probe.answer(39600));
        assertThat(elevenHours.status()).isEqualTo(Status.PROBLEM);
        assertThat(elevenHours.detail()).contains("allows sessions of 11 h", "deploy.yml's job prod requests 43200 s",
                "fix: aws iam update-role --role-name milvus-deploy --max-session-duration 43200");
        assertThat(Checks.session(prod, Probe.answer(43200)).line()).startsWith("ok ")
                .contains("job prod requests 43200 s (12 h)", "may take " + applyTime("prod"));
        var staging = PreflightPlan.of(Stacks.settings("staging"), Optional.of(role), Optional.empty(),
                committed("staging"), false);
        assertThat(Checks.session(staging, Probe.answer(7200)).detail()).contains("--max-session-duration 14400");
        assertThat(Checks.session(staging, Probe.answer(14400)).status()).isEqualTo(Status.OK);
    }

    @Test
    void theQueryZoneDeploymentsRollingOneAfterTheOtherCountInTheApplyTime() {
        // the seed design: IVF_FLAT on 120 m6in.4xlarge query nodes, two zone Deployments of 60 pods; each pod moves
        // its ~40 GiB of segments out and in at 200 MiB/s plus its start, so one zone takes ~10 h and both ~21 h
        var pinned = io.milvuseks.capacity.CapacityWiringTest.prodPools(
                "{\"instanceType\": \"m6in.4xlarge\", \"min\": 3, \"desired\": 120, \"max\": 120, \"diskGiB\": 200}");
        var seed = Stacks.settings("prod", Map.of("nodePools", pinned,
                "collection", io.milvuseks.capacity.CapacityWiringTest.IVF_COLLECTION,
                "capacity", io.milvuseks.capacity.CapacityWiringTest.CAPACITY_ALLOW));
        var roll = ApplyTime.milvusRoll(seed);
        assertThat(roll).isGreaterThan(java.time.Duration.ofHours(18)).isLessThan(java.time.Duration.ofHours(24));
        assertThat(ApplyTime.expected(seed)).isEqualTo(roll);
        var plan = PreflightPlan.of(seed, Optional.of("arn:aws:iam::123456789012:role/milvus-deploy"),
                Optional.empty(), committed("prod"), false);
        var r = Checks.session(plan, Probe.answer(43200));
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        assertThat(r.detail()).contains("an apply may take " + ApplyTime.text(roll));
        // one replica: no zone Deployments, nothing added
        assertThat(ApplyTime.milvusRoll(Stacks.settings("staging"))).isZero();
    }

    /** What ApplyTime expects for the committed stack: the figure the session check compares, not what it checks. */
    static String applyTime(String stack) {
        return ApplyTime.text(ApplyTime.expected(Stacks.settings(stack)));
    }

    @Test
    void aWorkflowThatRequestsLessThanTheApplyIsItselfTheProblem() {
        var short1h = new WorkflowSession.Requested(".github/workflows/deploy.yml", "prod", 3600);
        var plan = PreflightPlan.of(Stacks.settings("prod"), Optional.of("arn:aws:iam::123456789012:role/d"),
                Optional.empty(), Optional.of(short1h), false);
        var r = Checks.session(plan, Probe.answer(43200));
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        assertThat(r.detail()).contains("job prod requests role-duration-seconds 3600 (1 h), an apply may take "
                        + applyTime("prod"),
                "fix: raise role-duration-seconds");
    }

    @Test
    void stagingFirstApplyIsShorterThanItsRollFloor() {
        var staging = Stacks.settings("staging");
        assertThat(ApplyTime.firstApply(staging)).isEqualTo(Duration.ofMinutes(65));
        assertThat(ApplyTime.expected(staging)).isEqualTo(Duration.ofMinutes(65));
        assertThat(ApplyTime.firstApply(Stacks.settings("prod"))).isEqualTo(Duration.ofMinutes(110));
        assertThat(ApplyTime.text(Duration.ofMinutes(65))).isEqualTo("1 h 5 min");
    }

    /** The stack's secret prefix, spelled out here (not read from the code under test). */
    static final String PROD_PREFIX = "ecr-pullthroughcache/milvus-eks-prod-docker-hub-";

    /** Lookups that fail the test when the check should not have made them. */
    static Probe<Boolean> noDescribe(String name) {
        throw new AssertionError("DescribeSecret " + name + " was not expected");
    }

    static Probe<List<Checks.StoredSecret>> noList(String prefix) {
        throw new AssertionError("ListSecrets " + prefix + " was not expected");
    }

    static Checks.StoredSecret stored(String name, String created) {
        return new Checks.StoredSecret(name, Instant.parse(created));
    }

    @Test
    void thePlanCarriesThePrefixTheRegistryNamesItsSecretWith() {
        assertThat(prod().stackSecretPrefix()).isEqualTo(PROD_PREFIX)
                .isEqualTo(ImageRegistry.credentialSecretPrefix(new Naming("milvus-eks", "prod")));
        assertThat(prod().privateRegistry()).isEmpty();
    }

    @Test
    void aPrivateRegistryHasNoCacheAndNoSecret() {
        var overrides = new HashMap<String, String>();
        overrides.put("imageRegistry", "{\"source\": \"private\", \"privateRegistry\": \"harbor.example.com/hub\"}");
        overrides.put("dockerHubAccessToken", null);
        var plan = PreflightPlan.of(Stacks.settings("prod", overrides), Optional.empty(), Optional.empty());
        var r = Checks.pullThroughSecret(plan, ChecksTest::noDescribe, ChecksTest::noList);
        assertThat(r.line()).startsWith("ok ").endsWith("pull-through secret: no pull-through cache: images from "
                + "harbor.example.com/hub");
    }

    @Test
    void theStacksOwnSecretIsFoundByItsPrefix() {
        var asked = new ArrayList<String>();
        var one = Checks.pullThroughSecret(prod(), ChecksTest::noDescribe, prefix -> {
            asked.add(prefix);
            return Probe.answer(List.of(stored(PROD_PREFIX + "20261201120000000000000001", "2026-12-01T12:00:00Z")));
        });
        assertThat(asked).containsExactly(PROD_PREFIX);
        assertThat(one.status()).isEqualTo(Status.OK);
        assertThat(one.detail()).contains("secret " + PROD_PREFIX + "20261201120000000000000001 exists");
    }

    @Test
    void theStacksSecretOnACustomerKeyIsAProblemWithTheCommandThatMovesIt() {
        var name = PROD_PREFIX + "20261201120000000000000001";
        var key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var r = Checks.pullThroughSecret(prod(), ChecksTest::noDescribe, p -> Probe.answer(List.of(
                new Checks.StoredSecret(name, Instant.parse("2026-12-01T12:00:00Z"), key))));
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        assertThat(r.detail()).contains("is encrypted with the customer key " + key, "aws/secretsmanager",
                "fix: aws secretsmanager update-secret --region us-east-1 --secret-id " + name
                        + " --kms-key-id alias/aws/secretsmanager");
        // the AWS-managed key, named by its alias, is the one ECR reads
        assertThat(Checks.pullThroughSecret(prod(), ChecksTest::noDescribe, p -> Probe.answer(List.of(
                new Checks.StoredSecret(name, null, "alias/aws/secretsmanager")))).status()).isEqualTo(Status.OK);
    }

    @Test
    void noStackSecretYetIsFineTheFirstUpCreatesIt() {
        // another stack whose name extends this one's ("prod-docker-hub-x") and a name in another case do not count
        var others = List.of(stored(PROD_PREFIX + "x-docker-hub-2026", "2026-11-01T00:00:00Z"),
                stored(PROD_PREFIX.toUpperCase() + "2026", "2026-11-01T00:00:00Z"));
        var none = Checks.pullThroughSecret(prod(), ChecksTest::noDescribe, p -> Probe.answer(others));
        assertThat(none.status()).isEqualTo(Status.OK);
        assertThat(none.detail()).contains("no secret " + PROD_PREFIX + "* yet", "first pulumi up creates it",
                "dockerHubAccessToken");
    }

    @Test
    void twoStackSecretsAreAProblemNamingTheLeftoverToDelete() {
        // by creation date, not by name: the older one's suffix sorts last
        var old = PROD_PREFIX + "b20250101";
        var current = PROD_PREFIX + "a20261201";
        var r = Checks.pullThroughSecret(prod(), ChecksTest::noDescribe, p -> Probe.answer(List.of(
                stored(current, "2026-12-01T00:00:00Z"), stored(old, "2025-01-01T00:00:00Z"))));
        assertThat(r.status()).isEqualTo(Status.PROBLEM);
        assertThat(r.detail()).contains("2 secrets carry the stack's prefix", "the newest is " + current,
                "fix: ", "aws secretsmanager delete-secret --region us-east-1 --secret-id " + old)
                .doesNotContain("--secret-id " + current);
    }

    @Test
    void aRefusedListIsUnverifiable() {
        var r = Checks.pullThroughSecret(prod(), ChecksTest::noDescribe,
                p -> Probe.refused("AccessDeniedException: not allowed"));
        assertThat(r.status()).isEqualTo(Status.UNVERIFIABLE);
        assertThat(r.detail()).contains("ListSecrets " + PROD_PREFIX + "*", "AccessDeniedException");
    }

    @Test
    void aGivenSecretIsCheckedByItsExactNameAndNeedsThePrefix() {
        var name = "ecr-pullthroughcache/docker-hub";
        var plan = plan("prod", Map.of(), null, name);
        var asked = new ArrayList<String>();
        var ok = Checks.pullThroughSecret(plan, n -> {
            asked.add(n);
            return Probe.answer(true);
        }, ChecksTest::noList);
        assertThat(asked).containsExactly(name);
        assertThat(ok.status()).isEqualTo(Status.OK);
        var absent = Checks.pullThroughSecret(plan, n -> Probe.answer(false), ChecksTest::noList);
        assertThat(absent.status()).isEqualTo(Status.PROBLEM);
        assertThat(absent.detail()).contains("does not exist", "create-secret --name " + name);
        assertThat(Checks.pullThroughSecret(plan("prod", Map.of(), null, "dockerhub"), ChecksTest::noDescribe,
                ChecksTest::noList).detail()).contains("lacks the ecr-pullthroughcache/ prefix");
        assertThat(Checks.pullThroughSecret(plan, n -> Probe.refused("Throttling"), ChecksTest::noList).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void theDeployRoleFallsBackToTheStacksDeployRoleArn() {
        // prod's stack file: deployRoleArn arn:aws:iam::123456789012:role/milvus-eks-deploy
        assertThat(prod().deployRoleArn()).contains("arn:aws:iam::123456789012:role/milvus-eks-deploy");
        var given = "arn:aws:iam::123456789012:role/ci/other";
        assertThat(plan("prod", Map.of(), given, null).deployRoleArn()).as("the option wins").contains(given);
        var overrides = new HashMap<String, String>();
        overrides.put("deployRoleArn", null);
        overrides.put("adminRoleArns", "[\"arn:aws:iam::123456789012:role/admin\"]");
        var none = PreflightPlan.of(Stacks.settings("prod", overrides), Optional.empty(), Optional.empty());
        assertThat(none.deployRoleArn()).isEmpty();
        assertThat(Checks.session(none, Probe.refused("not given")).detail()).contains("no deploy role given");
        // the fallback role is the one GetRole is asked about
        assertThat(Checks.session(prod(), Probe.answer(3600)).detail()).contains("role milvus-eks-deploy allows");
    }

    static final String EXISTING_VPC = "{\"vpcId\": \"vpc-0abc1234\", \"privateSubnetIds\": [\"subnet-0aaa1111\", "
            + "\"subnet-0aaa2222\", \"subnet-0aaa3333\"], \"publicSubnetIds\": [\"subnet-0bbb1111\", \"subnet-0bbb2222\", "
            + "\"subnet-0bbb3333\"]}";

    static PreflightPlan withFlags(String stack, Map<String, String> overrides, boolean insideVpc) {
        return PreflightPlan.of(Stacks.settings(stack, overrides), Optional.empty(), Optional.empty(),
                Optional.empty(), insideVpc);
    }

    @Test
    void aFirstApplyThroughAPrivateEndpointOfAVpcTheSameUpCreatesIsAProblemWithTheWayOut() {
        var absent = Probe.answer(Checks.ClusterState.absent());
        // the committed prod: private endpoint, kubernetesLayer true, its own VPC: times out after ~2 h of AWS
        var prod = Checks.cluster(prod(), absent, Optional.empty());
        assertThat(prod.status()).isEqualTo(Status.PROBLEM);
        assertThat(prod.detail()).contains("cluster milvus-eks-prod not created yet", "private in a VPC this same up "
                + "creates", "fix: first apply with kubernetesLayer false", "docs/first-prod.md", "publicAccessCidrs");
        // --inside-vpc cannot make a VPC that does not exist yet reachable
        assertThat(Checks.cluster(withFlags("prod", Map.of(), true), absent, Optional.empty()).detail())
                .contains("--inside-vpc cannot hold");
        // the documented first apply (AWS layer only) and a public endpoint pass
        assertThat(Checks.cluster(withFlags("prod", Map.of("kubernetesLayer", "false"), false), absent,
                Optional.empty()).line()).startsWith("ok ").contains("not created yet", "AWS layer only");
        assertThat(Checks.cluster(plan("staging", Map.of(), null, null), absent, Optional.empty()).line())
                .startsWith("ok ").contains("public endpoint");
        // an existing VPC: only the caller knows whether it runs inside it
        var existing = Map.of("existingVpc", EXISTING_VPC);
        var outside = Checks.cluster(withFlags("prod", existing, false), absent, Optional.empty());
        assertThat(outside.status()).isEqualTo(Status.PROBLEM);
        assertThat(outside.detail()).contains("only 10.40.0.0/16 reach", "--inside-vpc");
        assertThat(Checks.cluster(withFlags("prod", existing, true), absent, Optional.empty()).line())
                .startsWith("ok ").contains("--inside-vpc: this machine is in 10.40.0.0/16");
    }

    @Test
    void clusterEndpointIsCheckedOnlyWhenTheClusterExists() throws Exception {
        var plan = prod();
        try (var server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var endpoint = "https://127.0.0.1:" + server.getLocalPort();
            assertThat(AwsAccount.unreachable(endpoint, Duration.ofSeconds(2))).isEmpty();
            var up = Checks.cluster(plan, Probe.answer(Checks.ClusterState.at(endpoint)), Optional.empty());
            assertThat(up.status()).isEqualTo(Status.OK);
        }
        int closed;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        var endpoint = "https://127.0.0.1:" + closed;
        var why = AwsAccount.unreachable(endpoint, Duration.ofSeconds(2));
        assertThat(why).isPresent();
        var down = Checks.cluster(plan, Probe.answer(Checks.ClusterState.at(endpoint)), why);
        assertThat(down.status()).isEqualTo(Status.PROBLEM);
        assertThat(down.detail()).contains("does not answer from here", "fix: ", "publicAccessCidrs");
        assertThat(Checks.cluster(plan, Probe.refused("AccessDeniedException"), Optional.empty()).status())
                .isEqualTo(Status.UNVERIFIABLE);
    }

    @Test
    void mskBrokerTypesAreSaidUnverifiableOnlyWithMsk() {
        assertThat(Checks.mskOfferings(prod())).hasValueSatisfying(r ->
                assertThat(r.status()).isEqualTo(Status.UNVERIFIABLE));
        assertThat(Checks.mskOfferings(plan("staging", Map.of(), null, null))).isEmpty();
    }

    @Test
    void onlyAProblemFailsTheRun() {
        var ok = CheckResult.ok("a", "fine");
        var unknown = CheckResult.unverifiable("b", "no answer");
        assertThat(Checks.passed(List.of(ok, unknown))).isTrue();
        assertThat(Checks.passed(List.of(ok, unknown, CheckResult.problem("c", "bad", "fix it")))).isFalse();
    }
}
