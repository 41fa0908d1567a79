package io.milvuseks.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to preflight: one line, exit 2, no AWS call (no endpoint is given, and none would be reached). */
class PreflightCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aMalformedRoleArnIsAUsageError() {
        assertThat(run("preflight", "--stack", "prod", "--deploy-role-arn", "milvus-deploy")).isEqualTo(Cli.INVALID);
        assertThat(err.toString().strip()).startsWith("error: preflight: --deploy-role-arn 'milvus-deploy' is not an "
                + "IAM role ARN; accepted: arn:aws:iam::").doesNotContain("\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aRefusedZoneInTheStackFileStopsBeforeAnyCheck(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        Files.writeString(dir.resolve("Pulumi.az3.yaml"), Files.readString(Path.of("Pulumi.prod.yaml"))
                .replace("    - use1-az4\n", "    - use1-az3\n"));
        assertThat(run("preflight", "--stack", "az3", "--dir", dir.toString())).isEqualTo(Cli.INVALID);
        assertThat(err.toString()).contains("config error: milvus-eks:availabilityZones: EKS refuses zone use1-az3",
                "config error: milvus-eks:availabilityZones: MSK refuses zone use1-az3", "nothing was checked");
        assertThat(out.toString()).isEmpty();
    }
}
