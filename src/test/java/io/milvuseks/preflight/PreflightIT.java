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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

    /** The prod stack file with other zones, run through the jar's own command line. */
    private Run preflight(String zones, String... extra) throws Exception {
        Files.copy(Stacks.PROJECT_DIR.resolve("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        var prod = Files.readString(Stacks.PROJECT_DIR.resolve("Pulumi.prod.yaml"));
        var changed = prod.replaceFirst("(?m)^  milvus-eks:availabilityZones:\\n(    - .*\\n)+",
                "  milvus-eks:availabilityZones: " + zones + "\n");
        assertThat(changed).as("zones replaced").isNotEqualTo(prod);
        Files.writeString(dir.resolve("Pulumi.pf.yaml"), changed);
        var args = new java.util.ArrayList<>(List.of("preflight", "--stack", "pf", "--dir", dir.toString(),
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
            return iam.createRole(b -> b.roleName("deploy-" + maxSessionSeconds + "-" + SUFFIX)
                    .maxSessionDuration(maxSessionSeconds)
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}")).role().arn();
        }
    }

    private static String secret() {
        try (var sm = SecretsManagerClient.builder().region(Region.US_EAST_1).endpointOverride(moto)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            var name = Checks.PULL_THROUGH_PREFIX + "docker-hub-" + SUFFIX;
            sm.createSecret(b -> b.name(name).secretString("{\"username\":\"u\",\"accessToken\":\"t\"}"));
            return name;
        }
    }

    private static String line(Run run, String check) {
        return run.lines().stream().filter(l -> l.contains(" " + check + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + check + " in " + run.lines()));
    }

    @Test
    void aZoneThatLacksTheInstanceTypeAndIsRefusedFailsWithOneLinePerCheck() throws Exception {
        var run = preflight("[us-east-1a, us-east-1b, us-east-1e]", "--deploy-role-arn", role(3600));
        assertThat(run.exit()).isEqualTo(Cli.FAILED);
        assertThat(line(run, Checks.OFFERINGS)).startsWith("problem ")
                .contains("m6in.4xlarge (pools query, data, coord, infra) is not offered in use1-az3 (us-east-1e)");
        assertThat(line(run, Checks.ZONES)).startsWith("problem ").contains("use1-az3 (us-east-1e) is refused by EKS")
                .contains("MSK");
        assertThat(line(run, Checks.VCPU_QUOTA)).startsWith("unverifiable ").contains("L-1216C47A");
        assertThat(line(run, Checks.SESSION)).startsWith("problem ").contains("allows sessions of 1 h");
        assertThat(line(run, Checks.PULL_SECRET)).startsWith("unverifiable ").contains("not checked");
        assertThat(line(run, Checks.CLUSTER)).startsWith("ok ").contains("not created yet");
        assertThat(line(run, Checks.MSK_OFFERINGS)).startsWith("unverifiable ");
        // seven checks, then the summary
        assertThat(run.lines()).hasSize(8);
        assertThat(run.lines().get(7)).isEqualTo("preflight pf: 3 problem(s), 3 unverifiable, 1 ok");
    }

    @Test
    void zonesByIdThatOfferEverythingPassWithTheQuotaUnverifiable() throws Exception {
        var run = preflight("[use1-az1, use1-az2, use1-az4]", "--deploy-role-arn", role(43200),
                "--pull-through-secret", secret());
        assertThat(run.exit()).isEqualTo(Cli.OK);
        assertThat(line(run, Checks.ZONES)).startsWith("ok ").contains("use1-az1 (us-east-1b)");
        assertThat(line(run, Checks.OFFERINGS)).startsWith("ok ");
        assertThat(line(run, Checks.SESSION)).startsWith("ok ");
        assertThat(line(run, Checks.PULL_SECRET)).startsWith("ok ");
        assertThat(line(run, Checks.VCPU_QUOTA)).startsWith("unverifiable ");
        assertThat(run.lines()).noneMatch(l -> l.startsWith("problem"));
    }

    @Test
    void aMissingSecretIsAProblem() throws Exception {
        var run = preflight("[use1-az1, use1-az2, use1-az4]", "--pull-through-secret",
                Checks.PULL_THROUGH_PREFIX + "absent-" + SUFFIX);
        assertThat(run.exit()).isEqualTo(Cli.FAILED);
        assertThat(line(run, Checks.PULL_SECRET)).startsWith("problem ").contains("does not exist");
    }
}
