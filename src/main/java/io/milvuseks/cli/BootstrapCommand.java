package io.milvuseks.cli;

import io.milvuseks.collection.Backoff;
import io.milvuseks.collection.Bootstrapper;
import io.milvuseks.collection.Connector;
import io.milvuseks.collection.MilvusFailure;
import io.milvuseks.collection.MilvusTarget;
import io.milvuseks.collection.ProxyPortForward;
import io.milvuseks.collection.ResourceGroups;
import io.milvuseks.collection.SpecRequests;
import io.milvuseks.collection.StackOutputValues;
import io.milvuseks.config.CollectionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = {
            "Post-deploy step: creates the stack's collection (config key 'collection') in Milvus if absent — "
                    + "database, collection, indexes, partition key — loads it with the configured replicas and "
                    + "waits for the load. If it exists, compares schema, indexes and load state with the spec.",
            "It never drops, truncates or recreates a collection: a difference is reported field by field with the "
                    + "operator's steps (new collection + alias switch).",
            "By default it reaches the in-cluster proxy by a Kubernetes port-forward, from the stack outputs "
                    + "(pulumi stack output --json --show-secrets, via --outputs FILE or - for stdin); --uri "
                    + "connects directly.",
            "Exit codes: 0 created / nothing to do, 3 drift (nothing changed), 2 invalid config or usage, 1 failure."})
public final class BootstrapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--uri", description = "Connect directly to this Milvus URI (e.g. http://127.0.0.1:19530).")
    String uri;

    @Option(names = "--outputs", paramLabel = "FILE|-",
            description = "Stack outputs JSON (pulumi stack output --json --show-secrets); '-' reads stdin.")
    String outputs;

    @Option(names = "--database", description = "Database to use instead of the spec's.")
    String database;

    @Option(names = "--dry-run", description = "Change nothing: print what would be created, or the drift. Without"
            + " --uri/--outputs it prints the requests without connecting.")
    boolean dryRun;

    @Option(names = "--wait-seconds", defaultValue = "600",
            description = "How long to wait for the proxy to answer (fresh deploy). Default: ${DEFAULT-VALUE}.")
    long waitSeconds;

    @Option(names = "--step-timeout-seconds", defaultValue = "3600",
            description = "Limit for one index build or the load. Default: ${DEFAULT-VALUE}.")
    long stepTimeoutSeconds;

    @Mixin
    MilvusConnectionOptions connection;

    /** The zone resource groups of the stack (none with one replica). */
    private ResourceGroups groups = ResourceGroups.none();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var loaded = stack.load(err, "nothing was done.");
        if (loaded == null) {
            return Cli.INVALID;
        }
        CollectionSpec collection = loaded.settings().collection();
        groups = ResourceGroups.forStack(loaded.settings());
        if (database != null) {
            collection = withDatabase(collection, database);
        }
        if (uri != null && outputs != null) {
            err.println("error: bootstrap: give --uri or --outputs, not both");
            return Cli.INVALID;
        }
        try {
            if (uri == null && outputs == null) {
                if (!dryRun) {
                    err.println("error: bootstrap: no Milvus to reach: pass --outputs FILE|- (pulumi stack output "
                            + "--json --show-secrets) or --uri; --dry-run alone prints the requests");
                    return Cli.INVALID;
                }
                printRequests(collection);
                return Cli.OK;
            }
            if (uri != null) {
                return bootstrap(connection.target(uri), collection);
            }
            var values = StackOutputValues.parse(StackOutputsFile.read(outputs));
            err.println("port-forward to " + values + " through the Kubernetes API");
            var token = connection.token();
            try (var ca = CaFile.of(connection.caPem, values.caPem());
                 var forward = ProxyPortForward.open(values)) {
                // the tunnel ends on 127.0.0.1; the certificate names the proxy service: verify that name
                var target = new MilvusTarget("http://127.0.0.1:" + forward.localPort(),
                        token != null ? token : "root:" + values.rootPassword(), values.tls(),
                        values.tls() ? (connection.serverName != null ? connection.serverName : values.proxyHost())
                                : null,
                        values.tls() ? ca.path() : null, connection.callDeadline(), connection.insecure);
                return bootstrap(target, collection);
            }
        } catch (MilvusFailure ex) {
            err.println("error: bootstrap: " + ex.getMessage());
            return Cli.FAILED;
        }
    }

    private int bootstrap(MilvusTarget target, CollectionSpec collection) {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        err.println("connecting to " + target);
        var client = Connector.connect(target, Backoff.standard(Duration.ofSeconds(waitSeconds)), err);
        try {
            int code = new Bootstrapper(client, out, err, Duration.ofSeconds(stepTimeoutSeconds), dryRun, groups)
                    .run(collection);
            out.flush();
            return code;
        } finally {
            client.close();
        }
    }

    private void printRequests(CollectionSpec c) {
        var out = spec.commandLine().getOut();
        var create = SpecRequests.createCollection(c);
        out.println("dry run, not connected: the requests bootstrap sends for " + c.database() + "." + c.name());
        out.println("createCollection: shards=" + create.getNumShards() + " consistency="
                + create.getConsistencyLevel() + " partitions=" + (c.hasPartitionKey() ? c.partitions() : "none")
                + " properties=" + create.getProperties());
        create.getCollectionSchema().getFieldSchemaList().forEach(f -> out.println("  field " + f.getName() + " "
                + f.getDataType() + (f.getDimension() != null ? " dim=" + f.getDimension() : "")
                + (Boolean.TRUE.equals(f.getIsPrimaryKey()) ? " primary auto_id=" + f.getAutoID() : "")
                + (Boolean.TRUE.equals(f.getIsPartitionKey()) ? " partition_key" : "")
                + (f.getDataType() == io.milvus.v2.common.DataType.VarChar ? " max_length=" + f.getMaxLength() : "")));
        SpecRequests.indexParams(c).forEach(p -> out.println("createIndex: " + p.getFieldName() + " "
                + p.getIndexType() + (p.getMetricType() == null ? "" : " " + p.getMetricType())
                + (p.getExtraParams() == null || p.getExtraParams().isEmpty() ? "" : " " + p.getExtraParams())));
        groups.groups().forEach(g -> out.println("createResourceGroup: " + g.name() + " requests=limits="
                + g.nodes() + " nodeFilter " + ResourceGroups.config(g).getNodeFilter().getNodeLabels()));
        var load = SpecRequests.load(c, groups);
        out.println("loadCollection: replicas=" + load.getNumReplicas()
                + (groups.isEmpty() ? "" : " resourceGroups=" + load.getResourceGroups()));
    }

    static CollectionSpec withDatabase(CollectionSpec c, String database) {
        return new CollectionSpec(database, c.name(), c.dim(), c.metric(), c.index(), c.timestampIndex(), c.shards(),
                c.partitions(), c.mmap(), c.consistencyLevel(), c.replicas());
    }
}
