package io.milvuseks.restore;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.milvuseks.collection.MilvusFailure;
import io.milvuseks.collection.StackOutputValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner's requests to the Kubernetes API, against a stand-in API server on loopback (the JDK's HTTP server):
 * it reads the CronJob, creates the Job (never replaces one), and waits on the Job's status.
 */
class KubernetesRestoreRunnerTest {

    private static final String CRONJOB = "/apis/batch/v1/namespaces/milvus/cronjobs/milvus-backup";
    private static final String JOBS = "/apis/batch/v1/namespaces/milvus/jobs";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger statusReads = new AtomicInteger();
    private volatile String createdJob;
    /** The status the Job reports from the second read on. */
    private volatile String finalStatus = "{\"succeeded\": 1}";
    private volatile boolean cronJobPresent = true;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        var path = ex.getRequestURI().getPath();
        var method = ex.getRequestMethod();
        requests.add(method + " " + path);
        var body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (method.equals("GET") && path.equals(CRONJOB) && cronJobPresent) {
            var cron = RestoreJobTest.deployedCronJob();
            cron.setApiVersion("batch/v1");
            cron.setKind("CronJob");
            reply(ex, 200, new KubernetesSerialization().asJson(cron));
        } else if (method.equals("POST") && path.equals(JOBS)) {
            createdJob = body;
            reply(ex, 201, body);
        } else if (method.equals("GET") && createdJob != null && path.startsWith(JOBS + "/")) {
            var job = JsonParser.parseString(createdJob).getAsJsonObject();
            var status = statusReads.incrementAndGet() == 1 ? "{\"active\": 1}" : finalStatus;
            job.add("status", JsonParser.parseString(status));
            reply(ex, 200, job.toString());
        } else {
            reply(ex, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                    + "\"code\":404,\"message\":\"not found\"}");
        }
    }

    private static void reply(HttpExchange ex, int code, String json) throws IOException {
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private KubernetesRestoreRunner runner() {
        var kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: test
                  context: {cluster: test, user: test}
                current-context: test
                users:
                - name: test
                  user: {token: test-token}
                """.formatted(server.getAddress().getPort());
        var outputs = new StackOutputValues(kubeconfig, "milvus", "milvus", 19530, false, "unused", null);
        return new KubernetesRestoreRunner(outputs, Duration.ofMillis(10));
    }

    @Test
    void createsTheJobFromTheCronJobAndWaitsForItToSucceed() {
        var progress = new StringWriter();
        runner().run(RestoreJobTest.REQUEST, false, new PrintWriter(new StringWriter()), new PrintWriter(progress,
                true));

        assertThat(requests).startsWith("GET " + CRONJOB, "POST " + JOBS);
        assertThat(requests).contains("GET " + JOBS + "/milvus-backup-restore-20261202-101530");
        assertThat(requests).noneMatch(r -> r.startsWith("PUT") || r.startsWith("PATCH") || r.startsWith("DELETE"));
        JsonObject job = JsonParser.parseString(createdJob).getAsJsonObject();
        assertThat(job.get("kind").getAsString()).isEqualTo("Job");
        var container = job.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject();
        assertThat(container.getAsJsonArray("args").toString()).contains("\"restore\"", "\"--rebuild_index\"");
        assertThat(createdJob).doesNotContain(RestoreJobTest.SENTINEL);
        assertThat(progress.toString()).contains("restore job milvus/milvus-backup-restore-20261202-101530 created")
                .contains("succeeded");
    }

    @Test
    void aFailedJobIsOneLineNamingItsLog() {
        finalStatus = "{\"failed\": 1, \"conditions\": [{\"type\": \"Failed\", \"status\": \"True\", "
                + "\"reason\": \"DeadlineExceeded\"}]}";
        assertThatThrownBy(() -> runner().run(RestoreJobTest.REQUEST, false, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())))
                .isInstanceOf(MilvusFailure.class)
                .hasMessage("restore job milvus/milvus-backup-restore-20261202-101530 failed (DeadlineExceeded); its "
                        + "log: kubectl -n milvus logs job/milvus-backup-restore-20261202-101530");
    }

    @Test
    void aDryRunPrintsTheManifestAndCreatesNothing() {
        var out = new StringWriter();
        runner().run(RestoreJobTest.REQUEST, true, new PrintWriter(out, true), new PrintWriter(new StringWriter()));
        assertThat(requests).containsExactly("GET " + CRONJOB);
        assertThat(out.toString()).contains("kind: \"Job\"").contains("--rebuild_index");
    }

    @Test
    void withoutTheBackupCronJobItSaysSo() {
        cronJobPresent = false;
        assertThatThrownBy(() -> runner().run(RestoreJobTest.REQUEST, false, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())))
                .isInstanceOf(MilvusFailure.class)
                .hasMessage("CronJob milvus/milvus-backup not found: the restore runs from the stack's backup "
                        + "CronJob; is backup.enabled on and applied?");
        assertThat(requests).noneMatch(r -> r.startsWith("POST"));
    }
}
