package io.milvuseks.collection;

import io.milvus.grpc.LoadState;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexBuildState;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvuseks.config.CollectionSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * The Milvus side of a restore (cli.RestoreCommand): before it, that the target is absent and how many rows the
 * source holds; after it, verify-style checks on the restored collection. It creates indexes on and loads only the
 * restored collection, and never drops, truncates or writes rows anywhere.
 */
public final class RestoreChecks {

    /** One post-check's outcome, printed as one line. */
    public record Verdict(String check, boolean ok, String detail) {
        public String line() {
            return "restore check " + check + ": " + (ok ? "OK" : "FAILED") + " - " + detail;
        }
    }

    /**
     * @param databaseExists false: neither source nor target can exist
     * @param sourceRows     the live source's row count, empty when the source is absent
     */
    public record Before(boolean databaseExists, boolean targetExists, boolean sourceExists, OptionalLong sourceRows) {
    }

    private final MilvusClientV2 client;
    private final PrintWriter progress;
    private final Duration stepTimeout;

    public RestoreChecks(MilvusClientV2 client, PrintWriter progress, Duration stepTimeout) {
        this.client = client;
        this.progress = progress;
        this.stepTimeout = stepTimeout;
    }

    /** Reads only. The source is counted only when it exists and is loaded (count(*) needs a loaded collection). */
    public Before before(CollectionSpec source, String target) {
        var db = source.database();
        if (!call("listing databases", () -> client.listDatabases().getDatabaseNames()).contains(db)) {
            return new Before(false, false, false, OptionalLong.empty());
        }
        boolean targetExists = exists(db, target);
        boolean sourceExists = exists(db, source.name());
        OptionalLong rows = OptionalLong.empty();
        if (sourceExists && loaded(db, source.name())) {
            rows = OptionalLong.of(countRows(db, source.name()));
        }
        return new Before(true, targetExists, sourceExists, rows);
    }

    /** Waits until the restored collection exists (milvus-backup creates it before importing into it). */
    public void awaitTarget(String db, String target, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int attempt = 1; !exists(db, target); attempt++) {
            if (System.nanoTime() > deadline) {
                throw new MilvusFailure("restored collection " + db + "." + target + " did not appear within "
                        + limit.toSeconds() + "s");
            }
            pause(Duration.ofMillis(Math.min(5000, 200L * attempt)));
        }
    }

    /**
     * The post-checks, in order: schema, index (built from the spec where missing), load, rows, search. A failed
     * check ends the run: the ones after it are reported as not run.
     *
     * @param target the spec of the restored collection: the stack's collection under the target name
     */
    public List<Verdict> after(CollectionSpec target, long expectedRows, int replicas) {
        var verdicts = new ArrayList<Verdict>();
        List<Step> steps = List.of(
                new Step("schema", () -> schema(target)),
                new Step("index", () -> ensureIndexes(target)),
                new Step("load", () -> ensureLoaded(target, replicas)),
                new Step("rows", () -> rows(target, expectedRows)),
                new Step("search", () -> search(target)));
        boolean failed = false;
        for (var step : steps) {
            if (failed) {
                verdicts.add(new Verdict(step.name(), false, "not run (an earlier check failed)"));
                continue;
            }
            Verdict v;
            try {
                v = step.body().call();
            } catch (MilvusFailure ex) {
                v = new Verdict(step.name(), false, ex.getMessage());
            } catch (Exception ex) {
                v = new Verdict(step.name(), false, MilvusErrors.describe(step.name(), ex));
            }
            verdicts.add(v);
            failed = !v.ok();
        }
        return verdicts;
    }

    private record Step(String name, Callable<Verdict> body) {
    }

    private Verdict schema(CollectionSpec spec) {
        var d = call("describing " + spec.name(), () -> client.describeCollection(DescribeCollectionReq.builder()
                .databaseName(spec.database()).collectionName(spec.name()).build()));
        var fields = d.getCollectionSchema().getFieldSchemaList();
        var names = fields.stream().map(f -> f.getName()).toList();
        var expected = SpecRequests.schema(spec).getFieldSchemaList().stream().map(f -> f.getName()).toList();
        if (!new HashSet<>(names).equals(new HashSet<>(expected))) {
            return new Verdict("schema", false, "fields " + names + ", the stack's collection has " + expected);
        }
        var vector = d.getCollectionSchema().getField(CollectionSpec.VECTOR_FIELD);
        if (vector.getDimension() == null || vector.getDimension() != spec.dim()) {
            return new Verdict("schema", false, CollectionSpec.VECTOR_FIELD + " has dim " + vector.getDimension()
                    + ", the stack's collection " + spec.dim());
        }
        return new Verdict("schema", true, "fields " + expected + ", " + CollectionSpec.VECTOR_FIELD + " dim "
                + spec.dim());
    }

    private Verdict ensureIndexes(CollectionSpec spec) {
        var present = call("listing indexes of " + spec.name(), () -> client.listIndexes(ListIndexesReq.builder()
                .databaseName(spec.database()).collectionName(spec.name()).build()));
        var fieldsWithIndex = new HashSet<String>();
        for (var indexName : present) {
            describe(spec, DescribeIndexReq.builder().databaseName(spec.database()).collectionName(spec.name())
                    .indexName(indexName).build()).getIndexDescriptions()
                    .forEach(desc -> fieldsWithIndex.add(desc.getFieldName()));
        }
        var built = new ArrayList<String>();
        for (var param : SpecRequests.indexParams(spec)) {
            if (!fieldsWithIndex.contains(param.getFieldName())) {
                // milvus-backup ran without rebuilding this one (or could not): the stack's own index
                progress.println("creating " + param.getIndexType() + " index on " + spec.name() + "."
                        + param.getFieldName());
                call("creating the index on " + param.getFieldName(), () -> {
                    client.createIndex(SpecRequests.createIndex(spec, param));
                    return null;
                });
                built.add(param.getFieldName());
            }
            awaitIndex(spec, param);
        }
        return new Verdict("index", true, (built.isEmpty() ? "restored with the collection"
                : "built " + built + " from the stack's spec") + "; all " + SpecRequests.indexParams(spec).size()
                + " finished");
    }

    private void awaitIndex(CollectionSpec spec, IndexParam param) {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            var desc = describe(spec, DescribeIndexReq.builder().databaseName(spec.database())
                    .collectionName(spec.name()).fieldName(param.getFieldName()).build())
                    .getIndexDescByFieldName(param.getFieldName());
            var state = desc == null ? null : desc.getIndexState();
            if (state == IndexBuildState.Finished) {
                return;
            }
            if (state == IndexBuildState.Failed) {
                throw new MilvusFailure("index on " + param.getFieldName() + " failed: " + desc.getIndexFailedReason());
            }
            if (System.nanoTime() > deadline) {
                throw new MilvusFailure("index on " + param.getFieldName() + " not finished after "
                        + stepTimeout.toSeconds() + "s (state " + state + ")");
            }
            pause(Duration.ofMillis(Math.min(5000, 200L * attempt)));
        }
    }

    private Verdict ensureLoaded(CollectionSpec spec, int replicas) {
        if (loaded(spec.database(), spec.name())) {
            return new Verdict("load", true, "already loaded");
        }
        progress.println("loading " + spec.name() + " with " + replicas + " replica(s)");
        call("loading " + spec.name(), () -> {
            client.loadCollection(io.milvus.v2.service.collection.request.LoadCollectionReq.builder()
                    .databaseName(spec.database()).collectionName(spec.name()).numReplicas(replicas).sync(false)
                    .build());
            return null;
        });
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        for (int attempt = 1; !loaded(spec.database(), spec.name()); attempt++) {
            if (System.nanoTime() > deadline) {
                throw new MilvusFailure("not loaded after " + stepTimeout.toSeconds() + "s");
            }
            pause(Duration.ofMillis(Math.min(5000, 200L * attempt)));
        }
        return new Verdict("load", true, "loaded with " + replicas + " replica(s)");
    }

    private Verdict rows(CollectionSpec spec, long expected) {
        long rows = countRows(spec.database(), spec.name());
        return new Verdict("rows", rows == expected, rows + " rows, expected " + expected
                + (rows == expected ? "" : " (" + (expected - rows) + " missing)"));
    }

    /** A stored vector searched for: hits prove the index answers; finding the row itself is reported. */
    private Verdict search(CollectionSpec spec) {
        var db = spec.database();
        var sample = call("reading one vector of " + spec.name(), () -> client.query(QueryReq.builder()
                .databaseName(db).collectionName(spec.name()).filter("").limit(1)
                .outputFields(List.of(CollectionSpec.ID_FIELD, CollectionSpec.VECTOR_FIELD))
                .consistencyLevel(ConsistencyLevel.STRONG).build())).getQueryResults();
        if (sample.isEmpty()) {
            return new Verdict("search", false, "the collection has no row to search for");
        }
        var entity = sample.get(0).getEntity();
        @SuppressWarnings("unchecked")
        var vector = (List<Float>) entity.get(CollectionSpec.VECTOR_FIELD);
        var query = new float[vector.size()];
        for (int i = 0; i < query.length; i++) {
            query[i] = vector.get(i);
        }
        var hits = call("searching " + spec.name(), () -> client.search(SearchReq.builder().databaseName(db)
                .collectionName(spec.name()).annsField(CollectionSpec.VECTOR_FIELD)
                .metricType(SpecRequests.metric(spec.metric())).limit(10).consistencyLevel(ConsistencyLevel.STRONG)
                .data(List.of(new FloatVec(query))).build())).getSearchResults().get(0);
        if (hits.isEmpty()) {
            return new Verdict("search", false, "no hits (top 10, " + spec.metric() + ")");
        }
        boolean self = hits.stream().anyMatch(h -> entity.get(CollectionSpec.ID_FIELD).equals(h.getId()));
        return new Verdict("search", true, hits.size() + " hits (top 10, " + spec.metric() + "), the queried row "
                + (self ? "among them" : "not among them (approximate index)"));
    }

    private long countRows(String db, String collection) {
        var result = call("counting rows of " + collection, () -> client.query(QueryReq.builder()
                .databaseName(db).collectionName(collection).filter("").outputFields(List.of("count(*)"))
                .consistencyLevel(ConsistencyLevel.STRONG).build())).getQueryResults();
        return ((Number) result.get(0).getEntity().get("count(*)")).longValue();
    }

    private boolean exists(String db, String collection) {
        return call("checking collection " + db + "." + collection, () -> client.hasCollection(
                HasCollectionReq.builder().databaseName(db).collectionName(collection).build()));
    }

    private boolean loaded(String db, String collection) {
        return call("reading the load state of " + collection, () -> client.getLoadStateV2(GetLoadStateReq
                .builder().databaseName(db).collectionName(collection).build())).getState()
                == LoadState.LoadStateLoaded;
    }

    private io.milvus.v2.service.index.response.DescribeIndexResp describe(CollectionSpec spec, DescribeIndexReq r) {
        return QuietStderr.call(() -> call("describing the indexes of " + spec.name(), () -> client.describeIndex(r)));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MilvusFailure("interrupted");
        }
    }

    private static <T> T call(String action, Callable<T> body) {
        try {
            return body.call();
        } catch (MilvusFailure ex) {
            throw ex;
        } catch (Exception ex) {
            throw new MilvusFailure(MilvusErrors.describe(action, ex));
        }
    }
}
