package io.milvuseks.backup;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * milvus-backup v0.5.16's REST client (req v3.57.0 with its default TLS settings, the restca probe) against an HTTPS
 * server whose certificate the stack's kind of private CA signed, the CA laid out as the kubelet projects the
 * ConfigMap key: without help it refuses the server (issue 23.6: backups then fall back to listing files), with the
 * CronJob's SSL_CERT_DIR it verifies it and keeps every system root (which S3's TLS needs).
 */
class RestClientCaIT {

    @TempDir
    Path dir;

    /** The probe's call with only {@code env} of the two variables set (Go treats an empty one as unset). */
    private GoProbe.Run call(Map<String, String> env) throws Exception {
        var all = new java.util.HashMap<>(Map.of("SSL_CERT_FILE", "", "SSL_CERT_DIR", ""));
        all.putAll(env);
        return GoProbe.exec(List.of(GoProbe.program("restca").toString(), "call", dir.toString()), dir, all, 120);
    }

    private static com.google.gson.JsonObject result(GoProbe.Run run) {
        return JsonParser.parseString(run.lines().get(run.lines().size() - 1)).getAsJsonObject();
    }

    @Test
    void theCronJobsCertDirMakesTheRestClientTrustTheCaAndKeepsTheSystemRoots() throws Exception {
        var made = GoProbe.exec(List.of(GoProbe.program("restca").toString(), "make", dir.toString()), dir, Map.of(),
                60);
        assertThat(made.exit()).as(made.stderr()).isZero();
        var caDir = dir.resolve("ca");
        assertThat(Files.isSymbolicLink(caDir.resolve("ca.pem"))).isTrue();

        // as v0.5.16 runs today: the system pool alone
        var before = call(Map.of());
        assertThat(before.exit()).isEqualTo(1);
        assertThat(result(before).get("error").getAsString()).contains("x509: certificate signed by unknown authority");

        // the CronJob's variable, with this CA directory in place of the ConfigMap mount
        var after = call(Map.of(BackupJob.CERT_DIR_ENV, BackupJob.sslCertDir(caDir.toString())));
        assertThat(after.exit()).as(after.stdout()).isZero();
        var ok = result(after);
        assertThat(ok.get("ok").getAsBoolean()).isTrue();
        assertThat(ok.get("publicRootKept").getAsBoolean()).as("the distribution's bundle is still read").isTrue();
        // nothing of the system pool lost, the stack's CA added
        assertThat(ok.get("systemRoots").getAsInt()).isEqualTo(result(before).get("systemRoots").getAsInt() + 1)
                .isGreaterThan(100);
    }
}
