package io.milvuseks.preflight;

import io.milvuseks.cli.Cli;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `preflight` against moto, a real AWS API emulator on loopback: its data carries real zone names and ids (us-east-1e
 * is use1-az3 there) and instance-type offerings (m6in.4xlarge is not offered in us-east-1e), and its Service Quotas
 * API has no EC2 quotas, which must come out as unverifiable.
 */
class PreflightIT {

    private static URI moto;
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @BeforeAll
    static void credentials() {
        moto = MotoServer.uri();
        // moto accepts any credentials; the SDK's default chain reads these system properties first.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    record Run(int exit, List<String> lines) {
    }

    /** The prod stack file with other zones, as stack pf, run through the jar's own command line. */
    private Run preflight(String zones, String... extra) throws Exception {
        return preflightAs("pf", zones, extra);
    }

    /**
     * As stack {@code stack}: moto keeps its state across tests, so a test that creates the stack's own secret
     * names a stack of its own.
     */
    private Run preflightAs(String stack, String zones, String... extra) throws Exception {
        return preflightAs(stack, zones, text -> text, extra);
    }

    /** {@code edit}: a further change to the stack file's text (e.g. the documented AWS-only first apply). */
    private Run preflightAs(String stack, String zones, java.util.function.UnaryOperator<String> edit, String... extra)
            throws Exception {
        Files.copy(Stacks.PROJECT_DIR.resolve("Pulumi.yaml"), dir.resolve("Pulumi.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var prod = Files.readString(Stacks.PROJECT_DIR.resolve("Pulumi.prod.yaml"));
        var changed = edit.apply(prod.replaceFirst("(?m)^  milvus-eks:availabilityZones:\\n(    - .*\\n)+",
                "  milvus-eks:availabilityZones: " + zones + "\n"));
        assertThat(changed).as("zones replaced").isNotEqualTo(prod);
        Files.writeString(dir.resolve("Pulumi." + stack + ".yaml"), changed);
        var args = new java.util.ArrayList<>(List.of("preflight", "--stack", stack, "--dir", dir.toString(),
                "--endpoint-url", moto.toString()));
        args.addAll(Arrays.asList(extra));
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        System.out.println("$ milvus-eks " + String.join(" ", args) + "\n" + out + err + "(exit " + exit + ")");
        assertThat(err.toString()).as("stderr").isEmpty();
        return new Run(exit, out.toString().lines().toList());
    }

    private static String role(int maxSessionSeconds) {
        try (var iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(moto)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            var name = "deploy-" + maxSessionSeconds + "-" + SUFFIX;
            try {
                return iam.createRole(b -> b.roleName(name).maxSessionDuration(maxSessionSeconds)
                        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}")).role().arn();
            } catch (EntityAlreadyExistsException ex) { // moto keeps state across tests
                return iam.getRole(b -> b.roleName(name)).role().arn();
            }
        }
    }

    private static String secret() {
        return secret(Checks.PULL_THROUGH_PREFIX + "docker-hub-" + SUFFIX);
    }

    private static String secret(String name) {
        try (var sm = SecretsManagerClient.builder().region(Region.US_EAST_1).endpointOverride(moto)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            sm.createSecret(b -> b.name(name).secretString("{\"username\":\"u\",\"accessToken\":\"t\"}"));
            return name;
        }
    }

    /** The name the provider gives the stack's secret: the prefix, then a timestamp and a counter. */
    private static String stackSecretName(String stack, String suffix) {
        return "ecr-pullthroughcache/milvus-eks-" + stack + "-docker-hub-" + suffix;
    }

    private static String line(Run run, String check) {
        return run.lines().stream().filter(l -> l.contains(" " + check + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + check + " in " + run.lines()));
    }

    /**
     * The documented first apply of a new prod: the AWS layer only (docs/first-prod.md), with its secrets set (as
     * `pulumi config set --secret` writes them) instead of the committed placeholders.
     */
    static String awsOnly(String stackFile) {
        var changed = realSecrets(stackFile).replace("  milvus-eks:kubernetesLayer: true\n",
                "  milvus-eks:kubernetesLayer: false\n");
        assertThat(changed).as("kubernetesLayer set false").isNotEqualTo(realSecrets(stackFile));
        return changed;
    }

    static String realSecrets(String stackFile) {
        var changed = stackFile.replaceAll("(?m)^  (milvus-eks:\\w+): placeholder-run-pulumi-config-set-secret-\\w+$",
                "  $1:\n    secure: AAABAOq6cmVhbC1jaXBoZXJ0ZXh0");
        assertThat(changed).as("placeholders replaced").isNotEqualTo(stackFile);
        return changed;
    }

    @Test
    void aZoneThatLacksTheInstanceTypeAndIsRefusedFailsWithOneLinePerCheck() throws Exception {
        var run = preflight("[us-east-1a, us-east-1b, us-east-1e]", "--deploy-role-arn", role(3600));
        assertThat(run.exit()).isEqualTo(Cli.FAILED);
        assertThat(line(run, Checks.OFFERINGS)).startsWith("problem ")
                // moto's offerings: neither prod's query type (m6i.8xlarge since issue 24) nor the others' in us-east-1e
                .contains("m6i.8xlarge (pools query) is not offered in use1-az3 (us-east-1e)")
                .contains("m6in.4xlarge (pools data, coord, infra) is not offered in use1-az3 (us-east-1e)");
        assertThat(line(run, Checks.ZONES)).startsWith("problem ").contains("use1-az3 (us-east-1e) is refused by EKS")
                .contains("MSK");
        assertThat(line(run, Checks.VCPU_QUOTA)).startsWith("unverifiable ").contains("L-1216C47A");
        assertThat(line(run, Checks.SESSION)).startsWith("problem ").contains("allows sessions of 1 h");
        assertThat(line(run, Checks.PULL_SECRET)).startsWith("ok ").contains("no secret "
                + "ecr-pullthroughcache/milvus-eks-pf-docker-hub-* yet: the first pulumi up creates it");
        // the committed prod: private endpoint, Kubernetes layer on, its own VPC: a first up would time out
        assertThat(line(run, Checks.CLUSTER)).startsWith("problem ").contains("not created yet",
                "in a VPC this same up creates", "kubernetesLayer false");
        assertThat(line(run, Checks.MSK_OFFERINGS)).startsWith("unverifiable ");
        // the committed stack file's three secret placeholders, one line each, with the command that replaces it
        assertThat(run.lines().subList(0, 3)).allSatisfy(l -> assertThat(l).startsWith("problem      placeholder: "))
                .anySatisfy(l -> assertThat(l).contains("milvus-eks:milvusRootPassword: still holds the committed "
                        + "placeholder", "pulumi config set --secret milvusRootPassword --stack pf"))
                .anySatisfy(l -> assertThat(l).contains("mskScramPassword"))
                .anySatisfy(l -> assertThat(l).contains("dockerHubAccessToken"));
        // 3 placeholders and 16 checks, then the summary
        assertThat(run.lines()).hasSize(20);
        assertThat(run.lines().get(19)).matches("preflight pf: 7 problem\\(s\\), \\d+ unverifiable, \\d+ ok");
    }

    /**
     * What moto 5.2.5 answers for the account checks: Service Quotas only for service code vpc (VPCs, internet
     * gateways, NAT gateways per zone, at AWS's defaults of 5), so the EC2 and EBS quotas are unverifiable; EC2's
     * Describe calls (addresses, VPCs, gateways, volumes) it serves, with its default VPC and internet gateway in
     * use; EKS DescribeAddonVersions and ECR's pull-through cache calls it does not implement.
     */
    @Test
    void theAccountChecksSayWhatMotoAnswersAndWhatItCannot() throws Exception {
        var run = preflightAs("pf", "[use1-az1, use1-az2, use1-az4]", PreflightIT::awsOnly, "--deploy-role-arn",
                role(43200));
        // the pools of the prod stack file this run copies (ChecksTest and QuotaChecksTest work the arithmetic)
        var prod = PreflightPlan.of(Stacks.settings("prod"), Optional.empty(), Optional.empty());
        assertThat(line(run, QuotaChecks.ROLL_VCPU)).startsWith("unverifiable ")
                .contains(prod.plannedVcpu() + " vCPU at max and "
                        + (prod.plannedVcpu() + prod.footprint().surgeStandardVcpu()) + " while every node group rolls");
        assertThat(line(run, QuotaChecks.ELASTIC_IPS)).startsWith("unverifiable ")
                .contains("L-0263D0A3", "the stack adds 3 Elastic IPs");
        assertThat(line(run, QuotaChecks.VPCS)).startsWith("ok ")
                .contains("\"VPCs per Region\" (vpc L-F678F1CE) is 5,", "the stack adds 1 VPC");
        assertThat(line(run, QuotaChecks.INTERNET_GATEWAYS)).startsWith("ok ").contains("(vpc L-A4707A72) is 5,");
        assertThat(line(run, QuotaChecks.NAT_GATEWAYS)).startsWith("ok ")
                .contains("(vpc L-FE5A380F) is 5", "use1-az1 0, use1-az2 0, use1-az4 0");
        assertThat(line(run, QuotaChecks.GP3)).startsWith("unverifiable ")
                .contains("L-7A658B76", prod.footprint().gp3AtMaxGiB() + " GiB at max and "
                        + prod.footprint().gp3DuringRollGiB() + " GiB while every group rolls");
        assertThat(line(run, QuotaChecks.VERSION_SUPPORT)).startsWith("unverifiable ")
                .contains("DescribeClusterVersions gave no answer", "kubernetesVersion 1.33, kubernetesSupport extended");
        assertThat(line(run, QuotaChecks.ADDONS)).startsWith("unverifiable ")
                .contains("DescribeAddonVersions gave no answer", "vpc-cni v1.20.1-eksbuild.3");
        assertThat(line(run, RegistryChecks.CACHE_RULES)).startsWith("unverifiable ")
                .contains("DescribePullThroughCacheRules gave no answer", "docker-hub-pf, docker-hub-pf-k8s, "
                        + "docker-hub-pf-quay");
        assertThat(line(run, Checks.CLUSTER)).startsWith("ok ").contains("AWS layer only");
    }

    @Test
    void zonesByIdThatOfferEverythingPassWithTheQuotaUnverifiable() throws Exception {
        var run = preflightAs("pf", "[use1-az1, use1-az2, use1-az4]", PreflightIT::awsOnly, "--deploy-role-arn",
                role(43200), "--pull-through-secret", secret());
        assertThat(run.exit()).isEqualTo(Cli.OK);
        assertThat(line(run, Checks.ZONES)).startsWith("ok ").contains("use1-az1 (us-east-1b)");
        assertThat(line(run, Checks.OFFERINGS)).startsWith("ok ");
        assertThat(line(run, Checks.SESSION)).startsWith("ok ");
        assertThat(line(run, Checks.PULL_SECRET)).startsWith("ok ");
        assertThat(line(run, Checks.VCPU_QUOTA)).startsWith("unverifiable ");
        assertThat(run.lines()).noneMatch(l -> l.startsWith("problem"));
    }

    @Test
    void theRoleMustAllowWhatDeployYmlRequests() throws Exception {
        // stack prod in a project directory with the committed deploy.yml: its prod job requests 43200 s
        var workflows = dir.resolve(".github").resolve("workflows");
        Files.createDirectories(workflows);
        Files.copy(Stacks.PROJECT_DIR.resolve(WorkflowSession.DEPLOY_WORKFLOW), workflows.resolve("deploy.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var eleven = preflightAs("prod", "[use1-az1, use1-az2, use1-az4]", "--deploy-role-arn", role(39600));
        assertThat(line(eleven, Checks.SESSION)).startsWith("problem ").contains("allows sessions of 11 h",
                "deploy.yml's job prod requests 43200 s", "--max-session-duration 43200");
        var twelve = preflightAs("prod", "[use1-az1, use1-az2, use1-az4]", "--deploy-role-arn", role(43200));
        assertThat(line(twelve, Checks.SESSION)).startsWith("ok ").contains("job prod requests 43200 s");
    }

    @Test
    void aMissingSecretIsAProblem() throws Exception {
        var run = preflight("[use1-az1, use1-az2, use1-az4]", "--pull-through-secret",
                Checks.PULL_THROUGH_PREFIX + "absent-" + SUFFIX);
        assertThat(run.exit()).isEqualTo(Cli.FAILED);
        assertThat(line(run, Checks.PULL_SECRET)).startsWith("problem ").contains("does not exist");
    }

    @Test
    void theStacksOwnSecretIsFoundByItsPrefixAndASecondOneIsALeftover() throws Exception {
        var stack = "own" + SUFFIX;
        var first = secret(stackSecretName(stack, "20261201090000000000000001"));
        // another stack whose name extends this one's: not this stack's secret
        secret(stackSecretName(stack + "-docker-hub-x", "20261201090000000000000001"));
        var one = preflightAs(stack, "[use1-az1, use1-az2, use1-az4]", PreflightIT::awsOnly, "--deploy-role-arn",
                role(43200));
        assertThat(line(one, Checks.PULL_SECRET)).startsWith("ok ").contains("secret " + first + " exists");
        assertThat(one.exit()).isEqualTo(Cli.OK);

        Thread.sleep(1100); // moto's CreatedDate has whole seconds: the second secret is newer
        var second = secret(stackSecretName(stack, "20261202090000000000000001"));
        var two = preflightAs(stack, "[use1-az1, use1-az2, use1-az4]", PreflightIT::awsOnly, "--deploy-role-arn",
                role(43200));
        assertThat(two.exit()).isEqualTo(Cli.FAILED);
        assertThat(line(two, Checks.PULL_SECRET)).startsWith("problem ")
                .contains("2 secrets carry the stack's prefix", "the newest is " + second)
                .contains("aws secretsmanager delete-secret --region us-east-1 --secret-id " + first)
                .doesNotContain("--secret-id " + second);
    }

    @Test
    void theStacksSecretOnACustomerKeyIsAProblem() throws Exception {
        var stack = "cmk" + SUFFIX;
        var name = stackSecretName(stack, "20261201090000000000000001");
        try (var sm = SecretsManagerClient.builder().region(Region.US_EAST_1).endpointOverride(moto)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            // as an earlier version of the stack created it: on the registry's customer key
            sm.createSecret(b -> b.name(name).kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/registry-key")
                    .secretString("{\"username\":\"u\",\"accessToken\":\"t\"}"));
        }
        var run = preflightAs(stack, "[use1-az1, use1-az2, use1-az4]", "--deploy-role-arn", role(43200));
        assertThat(line(run, Checks.PULL_SECRET)).startsWith("problem ")
                .contains("is encrypted with the customer key arn:aws:kms:us-east-1:123456789012:key/registry-key")
                .contains("--secret-id " + name + " --kms-key-id alias/aws/secretsmanager");
    }

    @Test
    void theDeployRoleFallsBackToTheStacksDeployRoleArn() throws Exception {
        // the stack file's deployRoleArn (arn:aws:iam::123456789012:role/milvus-eks-deploy) is the role GetRole asks
        // about; moto has no such role, so the answer is a refusal naming it, not "no deploy role given"
        var run = preflight("[use1-az1, use1-az2, use1-az4]");
        assertThat(line(run, Checks.SESSION)).startsWith("unverifiable ")
                .contains("GetRole milvus-eks-deploy gave no answer").doesNotContain("no deploy role given");
    }
}
