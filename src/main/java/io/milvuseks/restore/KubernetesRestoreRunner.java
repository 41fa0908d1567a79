package io.milvuseks.restore;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.milvuseks.backup.BackupJob;
import io.milvuseks.collection.MilvusErrors;
import io.milvuseks.collection.MilvusFailure;
import io.milvuseks.collection.StackOutputValues;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Creates the restore Job ({@link RestoreJob}) in the stack's cluster through the Kubernetes API, with the stack's
 * kubeconfig output (as collection.ProxyPortForward), and waits for it. It only ever creates: a Job of the same
 * name is an error, never replaced; the Job is left in place for its logs.
 */
public final class KubernetesRestoreRunner implements RestoreRunner {

    static final Duration POLL = Duration.ofSeconds(15);
    static final Duration REPORT_EVERY = Duration.ofMinutes(5);
    /** Past the Job's own activeDeadlineSeconds Kubernetes fails it; this only guards against a silent API. */
    static final Duration MARGIN = Duration.ofMinutes(10);
    static final int LOG_LINES = 15;

    private final StackOutputValues outputs;
    private final Duration poll;

    public KubernetesRestoreRunner(StackOutputValues outputs) {
        this(outputs, POLL);
    }

    KubernetesRestoreRunner(StackOutputValues outputs, Duration poll) {
        this.outputs = outputs;
        this.poll = poll;
    }

    @Override
    public void run(RestoreJob.Request request, boolean dryRun, PrintWriter out, PrintWriter progress) {
        try (var client = client()) {
            var ns = outputs.namespace();
            var cron = call("reading CronJob " + ns + "/" + BackupJob.NAME,
                    () -> client.batch().v1().cronjobs().inNamespace(ns).withName(BackupJob.NAME).get());
            if (cron == null) {
                throw new MilvusFailure("CronJob " + ns + "/" + BackupJob.NAME + " not found: the restore runs from "
                        + "the stack's backup CronJob; is backup.enabled on and applied?");
            }
            Job job;
            try {
                job = RestoreJob.from(cron, request);
            } catch (IllegalArgumentException ex) {
                throw new MilvusFailure(ex.getMessage());
            }
            if (dryRun) {
                out.print(RestoreJob.yaml(job));
                out.flush();
                return;
            }
            var name = job.getMetadata().getName();
            call("creating Job " + ns + "/" + name, () -> client.batch().v1().jobs().inNamespace(ns).resource(job)
                    .create());
            progress.println("restore job " + ns + "/" + name + " created (follow it: kubectl -n " + ns
                    + " logs -f job/" + name + ")");
            await(client, ns, name, request.deadline().plus(MARGIN), progress);
        }
    }

    private void await(KubernetesClient client, String ns, String name, Duration limit, PrintWriter progress) {
        long start = System.nanoTime();
        long lastReport = start;
        while (true) {
            var job = call("reading Job " + ns + "/" + name,
                    () -> client.batch().v1().jobs().inNamespace(ns).withName(name).get());
            var status = job == null ? null : job.getStatus();
            if (job == null) {
                throw new MilvusFailure("Job " + ns + "/" + name + " disappeared while the restore ran");
            }
            if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
                progress.println("restore job " + name + " succeeded after "
                        + Duration.ofNanos(System.nanoTime() - start).toMinutes() + " min");
                return;
            }
            if (status != null && status.getFailed() != null && status.getFailed() > 0) {
                logTail(client, ns, name).forEach(l -> progress.println("  | " + l));
                var reason = status.getConditions() == null ? "" : status.getConditions().stream()
                        .filter(c -> "Failed".equals(c.getType())).map(c -> " (" + c.getReason() + ")")
                        .findFirst().orElse("");
                throw new MilvusFailure("restore job " + ns + "/" + name + " failed" + reason + "; its log: kubectl -n "
                        + ns + " logs job/" + name);
            }
            long now = System.nanoTime();
            if (now - start > limit.toNanos()) {
                throw new MilvusFailure("restore job " + ns + "/" + name + " not finished after " + limit.toHours()
                        + " h; it was left running");
            }
            if (now - lastReport > REPORT_EVERY.toNanos()) {
                progress.println("restore job " + name + " running ("
                        + Duration.ofNanos(now - start).toMinutes() + " min)");
                lastReport = now;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new MilvusFailure("interrupted while waiting for restore job " + name + " (it keeps running)");
            }
        }
    }

    private static List<String> logTail(KubernetesClient client, String ns, String name) {
        try {
            var lines = client.batch().v1().jobs().inNamespace(ns).withName(name).getLog().lines().toList();
            return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
        } catch (RuntimeException ex) {
            return List.of("(log not readable: " + MilvusErrors.outerAndRoot(ex) + ")");
        }
    }

    private KubernetesClient client() {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(outputs.kubeconfig())).build();
        } catch (RuntimeException ex) {
            throw new MilvusFailure("reading the stack's kubeconfig output: " + MilvusErrors.outerAndRoot(ex));
        }
    }

    private static <T> T call(String action, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (MilvusFailure ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new MilvusFailure(action + " via the Kubernetes API: " + MilvusErrors.outerAndRoot(ex));
        }
    }
}
