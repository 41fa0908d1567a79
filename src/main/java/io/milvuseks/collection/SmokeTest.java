package io.milvuseks.collection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexBuildState;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvuseks.config.IndexType;
import io.milvuseks.config.MetricType;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The post-deploy SLO smoke: a scratch collection (unique name, never the real one) with seeded synthetic vectors
 * shaped like text embeddings ({@link EmbeddingLikeVectors}), the index built and loaded, timed searches, recall@k
 * against exact search in Java, and the scratch collection dropped again — also when a step fails. Only the
 * collection this run created is ever dropped.
 */
public final class SmokeTest {

    public static final String SCRATCH_PREFIX = "milvus_eks_verify_";

    /**
     * @param build  index build parameters (integers, and the refine indexes' text ones)
     * @param search search parameters as Milvus takes them (nprobe, ef, search_list, refine_k, ...)
     */
    public record Params(int vectors, int dim, int queries, int topK, IndexType index, Map<String, ?> build,
                         Map<String, Object> search, MetricType metric, long seed) {

        /**
         * The control: the index's cheapest search setting (one list; a candidate list of top-k; refine_k 1), searched
         * after the timed searches with the same queries. Below the recall at {@link #search} it shows the index is
         * approximate on this server and the parameters matter; equal to it, the server searched exactly (as Milvus
         * Lite 3.2.2 did when the index was declared before the rows were inserted) and the recall check says nothing
         * about the parameters. Empty for FLAT, or when {@link #search} already is the cheapest setting.
         */
        public Optional<Map<String, Object>> control() {
            var c = new LinkedHashMap<String, Object>(search);
            switch (index) {
                case IVF_FLAT, IVF_SQ8, IVF_PQ, IVF_RABITQ -> c.put("nprobe", 1);
                case HNSW, HNSW_SQ -> c.put("ef", topK);
                case DISKANN -> c.put("search_list", topK);
                case FLAT -> {
                    return Optional.empty();
                }
            }
            if (c.containsKey("refine_k")) {
                c.put("refine_k", 1);
            }
            return c.equals(search) ? Optional.empty() : Optional.of(c);
        }
    }

    /**
     * @param control       the control's search parameters ({@link Params#control()}), when searched
     * @param controlRecall recall@k at the control's parameters (NaN without a control)
     */
    public record Report(String collection, LatencyStats latency, double recall, int queries, int topK,
                         Optional<Map<String, Object>> control, double controlRecall) {

        /** The control's recall is within a query's worth of the recall: the server searched exactly. */
        public boolean exactServer() {
            return control.isPresent() && controlRecall >= recall - 1.0 / (queries * topK);
        }
    }

    private final MilvusClientV2 client;
    private final PrintWriter progress;
    private final Duration stepTimeout;

    public SmokeTest(MilvusClientV2 client, PrintWriter progress, Duration stepTimeout) {
        this.client = client;
        this.progress = progress;
        this.stepTimeout = stepTimeout;
    }

    public static String scratchName() {
        var stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        var bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return SCRATCH_PREFIX + stamp + "_" + HexFormat.of().formatHex(bytes);
    }

    public Report run(Params p, String database) {
        var name = scratchName();
        boolean taken = Bootstrapper.call("checking scratch name " + name, () -> client.hasCollection(
                HasCollectionReq.builder().databaseName(database).collectionName(name).build()));
        if (taken) {
            throw new MilvusFailure("scratch collection " + name + " already exists; not touching it");
        }
        boolean created = false;
        try {
            Bootstrapper.call("creating scratch collection " + name, () -> {
                client.createCollection(createRequest(database, name, p));
                return null;
            });
            created = true;
            progress.println("scratch collection " + database + "." + name);
            var model = EmbeddingLikeVectors.model(p.dim(), p.seed());
            var data = model.base(p.vectors());
            insert(database, name, data);
            buildIndex(database, name, p);
            Bootstrapper.call("loading " + name, () -> {
                client.loadCollection(LoadCollectionReq.builder().databaseName(database).collectionName(name)
                        .build());
                return null;
            });
            waitLoaded(database, name);
            return search(database, name, p, data, model.queries(p.queries()));
        } finally {
            if (created) {
                drop(database, name);
            }
        }
    }

    static CreateCollectionReq createRequest(String database, String name, Params p) {
        var schema = CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
        // Our own ids (row numbers), so search hits map back to the rows exact search ranks.
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true)
                .autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector)
                .dimension(p.dim()).build());
        return CreateCollectionReq.builder().databaseName(database).collectionName(name).collectionSchema(schema)
                .consistencyLevel(ConsistencyLevel.STRONG).description("milvus-eks verify scratch; safe to drop")
                .build();
    }

    private void insert(String database, String name, float[][] data) {
        long start = System.nanoTime();
        for (int from = 0; from < data.length; from += 1000) {
            var rows = new ArrayList<JsonObject>();
            for (int i = from; i < Math.min(data.length, from + 1000); i++) {
                var row = new JsonObject();
                row.addProperty("id", (long) i);
                var vec = new JsonArray(data[i].length);
                for (float f : data[i]) {
                    vec.add(f);
                }
                row.add("embedding", vec);
                rows.add(row);
            }
            Bootstrapper.call("inserting into " + name, () -> client.insert(InsertReq.builder()
                    .databaseName(database).collectionName(name).data(rows).build()));
        }
        Bootstrapper.call("flushing " + name, () -> {
            client.flush(FlushReq.builder().databaseName(database).collectionNames(List.of(name)).build());
            return null;
        });
        progress.println("inserted " + data.length + " vectors (dim " + data[0].length + ") in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }

    /** The index request: the given type and build parameters on the scratch collection's vector field. */
    static CreateIndexReq indexRequest(String database, String name, Params p) {
        var param = SpecRequests.vectorIndex("embedding", p.index(), p.metric(), p.build());
        return CreateIndexReq.builder().databaseName(database).collectionName(name).indexParams(List.of(param))
                .sync(false).build();
    }

    /**
     * One timed search: top-k of one query vector with the given search parameters, session consistency: it sees
     * every row this client inserted (the SDK sends its last write's timestamp as the guarantee, GTsDict) without
     * STRONG's wait for the next time tick on every search (about 200 ms each on Milvus 2.3).
     */
    static SearchReq searchRequest(String database, String name, Params p, float[] query) {
        return SearchReq.builder().databaseName(database).collectionName(name).annsField("embedding")
                .metricType(SpecRequests.metric(p.metric())).limit(p.topK()).searchParams(p.search())
                .consistencyLevel(ConsistencyLevel.SESSION).data(List.of(new FloatVec(query))).build();
    }

    private void buildIndex(String database, String name, Params p) {
        var request = indexRequest(database, name, p);
        Bootstrapper.call("creating " + p.index() + " index on " + name, () -> {
            client.createIndex(request);
            return null;
        });
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        while (true) {
            var d = QuietStderr.call(() -> Bootstrapper.call("describing the index of " + name,
                    () -> client.describeIndex(DescribeIndexReq.builder().databaseName(database)
                            .collectionName(name).fieldName("embedding").build())))
                    .getIndexDescByFieldName("embedding");
            if (d != null && d.getIndexState() == IndexBuildState.Finished) {
                break;
            }
            if (d != null && d.getIndexState() == IndexBuildState.Failed) {
                throw new MilvusFailure("building " + p.index() + " on " + name + " failed: "
                        + d.getIndexFailedReason());
            }
            if (System.nanoTime() > deadline) {
                throw new MilvusFailure("building " + p.index() + " on " + name + ": not finished after "
                        + stepTimeout.toSeconds() + "s");
            }
            sleep(200);
        }
        progress.println("index " + p.index() + " " + p.build() + " built");
    }

    private void waitLoaded(String database, String name) {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        while (!Bootstrapper.call("reading the load state of " + name, () -> client.getLoadState(
                GetLoadStateReq.builder().databaseName(database).collectionName(name).build()))) {
            if (System.nanoTime() > deadline) {
                throw new MilvusFailure("loading " + name + ": not loaded after " + stepTimeout.toSeconds() + "s");
            }
            sleep(200);
        }
    }

    private Report search(String database, String name, Params p, float[][] data, float[][] queries) {
        var latencies = new double[p.queries()];
        var truths = new long[p.queries()][];
        double recallSum = 0;
        for (int q = 0; q < p.queries(); q++) {
            var query = queries[q];
            var req = searchRequest(database, name, p, query);
            long start = System.nanoTime();
            var resp = Bootstrapper.call("searching " + name, () -> client.search(req));
            latencies[q] = (System.nanoTime() - start) / 1e6;
            truths[q] = ExactSearch.topK(data, query, p.topK(), p.metric());
            recallSum += ExactSearch.recall(ids(resp), truths[q]);
        }
        var control = p.control();
        double controlRecall = Double.NaN;
        if (control.isPresent()) {
            var cp = new Params(p.vectors(), p.dim(), p.queries(), p.topK(), p.index(), p.build(), control.get(),
                    p.metric(), p.seed());
            double sum = 0;
            for (int q = 0; q < p.queries(); q++) {
                var req = searchRequest(database, name, cp, queries[q]);
                sum += ExactSearch.recall(ids(Bootstrapper.call("searching " + name, () -> client.search(req))),
                        truths[q]);
            }
            controlRecall = sum / p.queries();
        }
        return new Report(name, LatencyStats.of(latencies), recallSum / p.queries(), p.queries(), p.topK(), control,
                controlRecall);
    }

    private static List<Long> ids(io.milvus.v2.service.vector.response.SearchResp resp) {
        return resp.getSearchResults().get(0).stream().map(r -> ((Number) r.getId()).longValue()).toList();
    }

    private void drop(String database, String name) {
        try {
            client.dropCollection(DropCollectionReq.builder().databaseName(database).collectionName(name).build());
            progress.println("dropped scratch collection " + name);
        } catch (RuntimeException ex) {
            progress.println("warning: " + MilvusErrors.describe("dropping scratch collection " + name
                    + " (drop it by hand)", ex));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MilvusFailure("interrupted");
        }
    }
}
