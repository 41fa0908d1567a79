package io.milvuseks.cli;

import io.milvuseks.collection.Backoff;
import io.milvuseks.collection.Connector;
import io.milvuseks.collection.MilvusFailure;
import io.milvuseks.collection.MilvusTarget;
import io.milvuseks.collection.ProxyPortForward;
import io.milvuseks.collection.RestoreChecks;
import io.milvuseks.collection.StackOutputValues;
import io.milvuseks.config.CollectionSpec;
import io.milvuseks.restore.KubernetesRestoreRunner;
import io.milvuseks.restore.RestoreJob;
import io.milvuseks.restore.RestoreRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {
            "Restores the stack's collection from a milvus-backup backup into a NEW collection (default "
                    + "<collection>_restored) and checks it. Never overwrites, drops or writes the live collection.",
            "1. Pre-checks (Milvus): the target must not exist (else exit 2, nothing done); the expected row count is"
                    + " the live source's (or --expect-rows). 2. Runs `milvus-backup restore` as a Kubernetes Job cut "
                    + "from the deployed milvus-backup CronJob (same image, IRSA service account, ConfigMap, Secret "
                    + "reference) and waits for it. 3. Post-checks on the restored collection, one line each: schema, "
                    + "index (built from the spec where missing), load, rows = expected, a search that returns hits.",
            "Needs backup.restoreAccess: true applied (the job's role may then write the restore's temporary files "
                    + "into the Milvus bucket); set it back to false afterwards.",
            "Exit codes: 0 restored and every check OK, 1 a check or the job failed, 2 invalid config or usage, or "
                    + "the target exists."})
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--backup", required = true, paramLabel = "NAME",
            description = "Backup to restore (milvus-backup names: backup_YYYY_MM_DD_hh_mm_ss_ns for the CronJob's).")
    String backup;

    @Option(names = "--target", paramLabel = "NAME",
            description = "Collection to restore into, in the spec's database. Default: <collection>_restored.")
    String target;

    @Option(names = "--outputs", paramLabel = "FILE|-",
            description = "Stack outputs JSON (pulumi stack output --json --show-secrets); '-' reads stdin. The "
                    + "Job is created with its kubeconfig; Milvus is reached by port-forward unless --uri is given.")
    String outputs;

    @Option(names = "--uri", description = "Reach Milvus directly at this URI for the checks.")
    String uri;

    @Option(names = "--expect-rows", paramLabel = "N",
            description = "Rows the restored collection must hold. Default: the live source's count before the "
                    + "restore (right only if nothing was written since the backup).")
    Long expectRows;

    @Option(names = "--replicas", defaultValue = "1",
            description = "Replicas to load the restored collection with for the checks. Default: ${DEFAULT-VALUE}.")
    int replicas;

    @Option(names = "--job-deadline-hours", defaultValue = "72",
            description = "The Job's activeDeadlineSeconds, in hours. Default: ${DEFAULT-VALUE}.")
    long jobDeadlineHours;

    @Option(names = "--appear-seconds", defaultValue = "300",
            description = "After the job: wait this long for the restored collection. Default: ${DEFAULT-VALUE}.")
    long appearSeconds;

    @Option(names = "--step-timeout-seconds", defaultValue = "43200",
            description = "Limit for one index build or the load. Default: ${DEFAULT-VALUE}.")
    long stepTimeoutSeconds;

    @Option(names = "--wait-seconds", defaultValue = "120",
            description = "How long to wait for Milvus to answer. Default: ${DEFAULT-VALUE}.")
    long waitSeconds;

    @Option(names = "--dry-run", description = "Run the pre-checks and print the Job manifest (alone on stdout); "
            + "create nothing.")
    boolean dryRun;

    @Mixin
    MilvusConnectionOptions connection;

    /** Null: the Kubernetes Job ({@link KubernetesRestoreRunner}); tests give their own. */
    private final RestoreRunner runner;

    public RestoreCommand() {
        this(null);
    }

    public RestoreCommand(RestoreRunner runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var loaded = stack.load(err, "nothing was done.");
        if (loaded == null) {
            return Cli.INVALID;
        }
        var settings = loaded.settings();
        var source = settings.collection();
        var targetName = target != null ? target : source.name() + "_restored";
        var usage = usage(settings.backup().enabled(), settings.backup().restoreAccess(), source, targetName);
        if (usage != null) {
            err.println("error: restore: " + usage);
            return Cli.INVALID;
        }
        var targetSpec = renamed(source, targetName);
        var where = source.database() + "." + targetName;
        try {
            var values = outputs == null ? null : StackOutputValues.parse(StackOutputsFile.read(outputs));
            var restoreRunner = runner != null ? runner : new KubernetesRestoreRunner(values);

            var before = withMilvus(values, checks -> checks.before(source, targetName));
            if (before.targetExists()) {
                err.println("error: restore: target collection " + where + " already exists; refusing: a restore "
                        + "never overwrites or drops a collection (choose another --target); nothing was done");
                return Cli.INVALID;
            }
            long expected;
            if (expectRows != null) {
                expected = expectRows;
            } else if (before.sourceRows().isPresent()) {
                expected = before.sourceRows().getAsLong();
            } else {
                err.println("error: restore: source " + source.database() + "." + source.name() + " is "
                        + (before.sourceExists() ? "not loaded" : "absent") + ", so its row count is unknown; "
                        + "pass --expect-rows N (the rows the backup holds); nothing was done");
                return Cli.INVALID;
            }
            // with --dry-run stdout is the manifest alone, for `kubectl apply -f -`
            (dryRun ? err : out).println("pre-check: " + where + " is absent; expecting " + expected + " rows ("
                    + (expectRows != null ? "--expect-rows" : "live count of " + source.name()) + ")");

            var request = new RestoreJob.Request(backup, source.database(), source.name(), targetName,
                    Duration.ofHours(jobDeadlineHours), Instant.now());
            restoreRunner.run(request, dryRun, out, err);
            if (dryRun) {
                return Cli.OK;
            }

            var verdicts = withMilvus(values, checks -> {
                checks.awaitTarget(source.database(), targetName, Duration.ofSeconds(appearSeconds));
                return checks.after(targetSpec, expected, replicas);
            });
            verdicts.forEach(v -> out.println(v.line()));
            long failed = verdicts.stream().filter(v -> !v.ok()).count();
            out.println(failed == 0 ? "restore: OK - " + where + " restored from " + backup + " and checked"
                    : "restore: FAILED - " + where + ": " + failed + " check(s) not OK (nothing was dropped)");
            return failed == 0 ? Cli.OK : Cli.FAILED;
        } catch (MilvusFailure ex) {
            err.println("error: restore: " + ex.getMessage());
            return Cli.FAILED;
        }
    }

    /** The usage problem, or null. */
    private String usage(boolean backupsOn, boolean restoreAccess, CollectionSpec source, String targetName) {
        if (!backupsOn) {
            return "backup.enabled is false in " + stack.file() + ": this stack takes no backups to restore";
        }
        if (!RestoreJob.BACKUP_NAME.matcher(backup).matches()) {
            return "--backup '" + backup + "': not a milvus-backup name; accepted: a letter or _, then letters, "
                    + "digits, _ (at most 128)";
        }
        if (!RestoreJob.MILVUS_NAME.matcher(targetName).matches()) {
            return "--target '" + targetName + "': not a collection name; accepted: a letter or _, then letters, "
                    + "digits, _";
        }
        if (targetName.equals(source.name())) {
            return "--target " + targetName + " is the live collection; accepted: a new name";
        }
        if (!dryRun && !restoreAccess) {
            return "backup.restoreAccess is false in " + stack.file() + ": the backup job's role cannot write the "
                    + "restore's files into the Milvus bucket; accepted: set it true and pulumi up first (false "
                    + "again afterwards), or --dry-run";
        }
        if (expectRows != null && expectRows < 0 || replicas < 1 || jobDeadlineHours < 1 || appearSeconds < 0
                || stepTimeoutSeconds < 1) {
            return "need --expect-rows >= 0, --replicas >= 1, --job-deadline-hours >= 1, --appear-seconds >= 0, "
                    + "--step-timeout-seconds >= 1";
        }
        if (uri == null && outputs == null) {
            return "no cluster to reach: pass --outputs FILE|- (pulumi stack output --json --show-secrets)";
        }
        if (runner == null && outputs == null) {
            return "the restore Job needs the cluster: pass --outputs FILE|- (--uri only replaces the Milvus address)";
        }
        return null;
    }

    /**
     * Connects for one phase and closes again: the job between the phases can run for days, longer than a
     * port-forward should be held open.
     */
    private <T> T withMilvus(StackOutputValues values, Function<RestoreChecks, T> body) {
        var err = spec.commandLine().getErr();
        if (uri != null) {
            return session(connection.target(uri), body);
        }
        var token = connection.token();
        try (var ca = CaFile.of(connection.caPem, values.caPem());
             var forward = ProxyPortForward.open(values)) {
            err.println("port-forward to " + values + " through the Kubernetes API");
            var t = new MilvusTarget("http://127.0.0.1:" + forward.localPort(),
                    token != null ? token : "root:" + values.rootPassword(), values.tls(),
                    values.tls() ? (connection.serverName != null ? connection.serverName : values.proxyHost())
                            : null,
                    values.tls() ? ca.path() : null, connection.callDeadline(), connection.insecure);
            return session(t, body);
        }
    }

    private <T> T session(MilvusTarget t, Function<RestoreChecks, T> body) {
        var err = spec.commandLine().getErr();
        err.println("connecting to " + t);
        var client = Connector.connect(t, Backoff.standard(Duration.ofSeconds(waitSeconds)), err);
        try {
            return body.apply(new RestoreChecks(client, err, Duration.ofSeconds(stepTimeoutSeconds)));
        } finally {
            client.close();
        }
    }

    static CollectionSpec renamed(CollectionSpec c, String name) {
        return new CollectionSpec(c.database(), name, c.dim(), c.metric(), c.index(), c.timestampIndex(), c.shards(),
                c.partitions(), c.mmap(), c.consistencyLevel(), c.replicas());
    }
}
