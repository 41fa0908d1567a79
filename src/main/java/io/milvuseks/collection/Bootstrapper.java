package io.milvuseks.collection;

import io.milvus.grpc.LoadState;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.IndexBuildState;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DescribeReplicasReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvuseks.config.CollectionSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the server to the spec without ever dropping, truncating or recreating a collection: creates what is
 * absent, resumes an interrupted bootstrap (missing index on an unloaded collection, not loaded), and reports any
 * other difference as drift for the operator.
 */
public final class Bootstrapper {

    public static final int OK = 0;
    public static final int DRIFT = 3;

    private final MilvusClientV2 client;
    private final PrintWriter out;
    private final PrintWriter progress;
    private final Duration stepTimeout;
    private final boolean dryRun;
    private final ResourceGroups groups;
    private final ZonePlacement zones;

    public Bootstrapper(MilvusClientV2 client, PrintWriter out, PrintWriter progress, Duration stepTimeout,
                        boolean dryRun) {
        this(client, out, progress, stepTimeout, dryRun, ResourceGroups.none());
    }

    /** @param groups the zone resource groups to create and load one replica into each (none: default group) */
    public Bootstrapper(MilvusClientV2 client, PrintWriter out, PrintWriter progress, Duration stepTimeout,
                        boolean dryRun, ResourceGroups groups) {
        this.groups = groups;
        this.client = client;
        this.zones = new ZonePlacement(client, out, progress, stepTimeout, dryRun, groups);
        this.out = out;
        this.progress = progress;
        this.stepTimeout = stepTimeout;
        this.dryRun = dryRun;
    }

    public int run(CollectionSpec spec) {
        var traits = ServerTraits.of(call("reading the server version", client::getServerVersion));
        var target = spec.database() + "." + spec.name();
        progress.println("server " + traits.version() + "; collection " + target);
        // cluster-wide, before anything of the database: a server that cannot place the replicas changes nothing
        zones.ensure();
        if (!ensureDatabase(spec.database())) {
            printCreatePlan(spec);
            return OK;
        }
        boolean exists = call("checking collection " + target, () -> client.hasCollection(HasCollectionReq.builder()
                .databaseName(spec.database()).collectionName(spec.name()).build()));
        if (!exists) {
            if (dryRun) {
                printCreatePlan(spec);
                return OK;
            }
            create(spec);
            var after = DriftCheck.compare(spec, observe(spec), traits);
            if (!after.drifts().isEmpty()) {
                // The server changed what it was asked for: say so instead of claiming success.
                out.println("created " + target + ", but the server describes it differently from the spec:");
                after.drifts().forEach(d -> out.println("  " + d));
                return DRIFT;
            }
            out.println("created " + target + ": " + summary(spec));
            printUnchecked(after.unchecked());
            return zones.check(spec);
        }
        var result = DriftCheck.compare(spec, observe(spec), traits);
        if (!result.drifts().isEmpty()) {
            printDrift(spec, result);
            return DRIFT;
        }
        if (result.inSync()) {
            out.println("nothing to do: " + target + " matches the spec and is loaded");
            printUnchecked(result.unchecked());
            return zones.check(spec);
        }
        if (dryRun) {
            result.missingIndexes().forEach(f -> out.println("would create index on " + f));
            if (result.needsLoad()) {
                out.println("would load " + target + " with " + spec.replicas() + " replica(s)");
            }
            return OK;
        }
        for (var param : SpecRequests.indexParams(spec)) {
            if (result.missingIndexes().contains(param.getFieldName())) {
                createIndex(spec, param);
            }
        }
        load(spec);
        out.println("completed " + target + " (resumed: " + (result.missingIndexes().isEmpty() ? ""
                : "indexes " + result.missingIndexes() + ", ") + "load)");
        printUnchecked(result.unchecked());
        return zones.check(spec);
    }

    /** False when the database is absent and this is a dry run (nothing below it can exist). */
    private boolean ensureDatabase(String database) {
        var names = call("listing databases", () -> client.listDatabases().getDatabaseNames());
        if (names.contains(database)) {
            return true;
        }
        if (dryRun) {
            out.println("would create database " + database);
            return false;
        }
        progress.println("creating database " + database);
        call("creating database " + database, () -> {
            client.createDatabase(CreateDatabaseReq.builder().databaseName(database).build());
            return null;
        });
        return true;
    }

    private void create(CollectionSpec spec) {
        progress.println("creating collection " + spec.name() + ": " + summary(spec));
        call("creating collection " + spec.name(), () -> {
            client.createCollection(SpecRequests.createCollection(spec));
            return null;
        });
        for (var param : SpecRequests.indexParams(spec)) {
            createIndex(spec, param);
        }
        load(spec);
    }

    private void createIndex(CollectionSpec spec, IndexParam param) {
        var what = param.getIndexType() + " index on " + param.getFieldName();
        progress.println("creating " + what);
        call("creating " + what, () -> {
            client.createIndex(SpecRequests.createIndex(spec, param));
            return null;
        });
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            var desc = describeIndex(spec, DescribeIndexReq.builder().databaseName(spec.database())
                    .collectionName(spec.name()).fieldName(param.getFieldName()).build(), "describing " + what)
                    .getIndexDescByFieldName(param.getFieldName());
            var state = desc == null ? null : desc.getIndexState();
            if (state == IndexBuildState.Finished) {
                return;
            }
            if (state == IndexBuildState.Failed) {
                throw new MilvusFailure("building " + what + " failed: " + desc.getIndexFailedReason());
            }
            if (System.nanoTime() > deadline) {
                throw new MilvusFailure("building " + what + ": not finished after " + stepTimeout.toSeconds()
                        + "s (state " + state + ")");
            }
            if (attempt % 10 == 0 && desc != null) {
                progress.println("  " + what + ": " + state + ", " + desc.getIndexedRows() + "/"
                        + desc.getTotalRows() + " rows indexed");
            }
            pause(Duration.ofMillis(Math.min(2000, 200L * attempt)));
        }
    }

    private void load(CollectionSpec spec) {
        progress.println("loading " + spec.name() + " with " + spec.replicas() + " replica(s)");
        call("loading " + spec.name() + " with " + spec.replicas() + " replica(s)", () -> {
            client.loadCollection(SpecRequests.load(spec, groups));
            return null;
        });
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            var state = call("reading the load state of " + spec.name(), () -> client.getLoadStateV2(
                    GetLoadStateReq.builder().databaseName(spec.database()).collectionName(spec.name()).build()));
            if (state.getState() == LoadState.LoadStateLoaded) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new MilvusFailure("loading " + spec.name() + ": not loaded after " + stepTimeout.toSeconds()
                        + "s (" + state.getStateName() + ")");
            }
            if (attempt % 5 == 0) {
                progress.println("  loading " + spec.name() + ": " + state.getStateName()
                        + (state.getProgress() == null ? "" : " " + state.getProgress() + "%"));
            }
            pause(Duration.ofMillis(Math.min(2000, 200L * attempt)));
        }
    }

    ObservedCollection observe(CollectionSpec spec) {
        var name = spec.name();
        var described = call("describing collection " + name, () -> client.describeCollection(
                DescribeCollectionReq.builder().databaseName(spec.database()).collectionName(name).build()));
        var indexNames = call("listing indexes of " + name, () -> client.listIndexes(ListIndexesReq.builder()
                .databaseName(spec.database()).collectionName(name).build()));
        var indexes = new ArrayList<DescribeIndexResp.IndexDesc>();
        for (var indexName : indexNames) {
            indexes.addAll(describeIndex(spec, DescribeIndexReq.builder().databaseName(spec.database())
                    .collectionName(name).indexName(indexName).build(), "describing index " + indexName)
                    .getIndexDescriptions());
        }
        var load = call("reading the load state of " + name, () -> client.getLoadStateV2(GetLoadStateReq.builder()
                .databaseName(spec.database()).collectionName(name).build()));
        boolean loaded = load.getState() == LoadState.LoadStateLoaded;
        Integer replicas = null;
        if (loaded) {
            try {
                replicas = client.describeReplicas(DescribeReplicasReq.builder().databaseName(spec.database())
                        .collectionName(name).build()).getReplicas().size();
            } catch (RuntimeException ex) {
                if (MilvusErrors.kind(ex) != MilvusErrors.Kind.UNIMPLEMENTED) {
                    throw new MilvusFailure(MilvusErrors.describe("describing replicas of " + name, ex));
                }
            }
        }
        return ObservedCollection.of(described, indexes, loaded, replicas);
    }

    private DescribeIndexResp describeIndex(CollectionSpec spec, DescribeIndexReq req, String action) {
        return QuietStderr.call(() -> call(action, () -> client.describeIndex(req)));
    }

    private void printCreatePlan(CollectionSpec spec) {
        out.println("would create collection " + spec.database() + "." + spec.name() + ": " + summary(spec));
        for (var p : SpecRequests.indexParams(spec)) {
            out.println("would create " + p.getIndexType() + " index on " + p.getFieldName()
                    + (p.getMetricType() == null ? "" : " metric " + p.getMetricType())
                    + (p.getExtraParams() == null || p.getExtraParams().isEmpty() ? "" : " " + p.getExtraParams()));
        }
        out.println("would load with " + spec.replicas() + " replica(s)"
                + (groups.isEmpty() ? "" : ", one in each of " + groups.names()));
    }

    private void printDrift(CollectionSpec spec, DriftCheck.Result result) {
        var target = spec.database() + "." + spec.name();
        out.println("drift: " + target + " exists and differs from the spec (" + result.drifts().size()
                + " difference(s)); nothing was changed");
        result.drifts().forEach(d -> out.println("  " + d));
        printUnchecked(result.unchecked());
        if (result.drifts().stream().allMatch(d -> d.server().startsWith("none (collection is loaded)"))) {
            // Only indexes missing: no new collection needed, but releasing means a search outage.
            out.println("Only indexes are missing. In a maintenance window: releaseCollection(" + spec.name()
                    + "), then run bootstrap again (it creates the missing indexes and loads).");
            return;
        }
        out.println("These need a new collection; bootstrap never drops or recreates one. Operator steps:");
        out.println("  1. set collection.name to a new name (e.g. " + spec.name() + "_v2) in the stack config and"
                + " run bootstrap again: it creates and loads the new collection");
        out.println("  2. backfill it from the source of truth (re-ingest); check counts and a verify run");
        out.println("  3. point the application's alias at it: client.alterAlias(alias, " + spec.name() + "_v2)"
                + " (createAlias the first time), then release and, when sure, drop the old one by hand");
    }

    private void printUnchecked(List<String> unchecked) {
        if (!unchecked.isEmpty()) {
            out.println("not compared (this server does not report them): " + String.join("; ", unchecked));
        }
    }

    private static String summary(CollectionSpec spec) {
        return "dim " + spec.dim() + ", " + spec.metric() + ", " + spec.index().type() + " " + spec.index().params()
                + ", timestamp " + spec.timestampIndex() + ", " + spec.shards() + " shard(s), "
                + (spec.hasPartitionKey() ? spec.partitions() + " partitions by category" : "no partition key")
                + ", mmap " + spec.mmap() + ", " + spec.consistencyLevel() + ", " + spec.replicas() + " replica(s)";
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MilvusFailure("interrupted");
        }
    }

    /** Runs one client call; any failure becomes one line naming what was being done. */
    static <T> T call(String action, java.util.concurrent.Callable<T> body) {
        try {
            return body.call();
        } catch (MilvusFailure ex) {
            throw ex;
        } catch (Exception ex) {
            throw new MilvusFailure(MilvusErrors.describe(action, ex));
        }
    }
}
