package io.milvuseks.collection;

import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.Status;
import io.milvus.shaded.io.grpc.stub.StreamObserver;
import io.milvus.v2.client.MilvusClientV2;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.capacity.CapacityReport;
import io.milvuseks.testing.FakeMilvusServer;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24 item 4: verify builds the index the stack builds and searches with the parameters its recall holds at.
 * The requests it sends, as a Milvus server receives them (a fake gRPC server records them; whether a real index
 * engine reaches the floor with them is the real-engine IT's job).
 */
class VerifyRequestsTest {

    /** Records the index and search requests; answers connect and describeCollection. */
    static final class FakeMilvus extends MilvusServiceGrpc.MilvusServiceImplBase {
        final List<CreateIndexRequest> indexes = new ArrayList<>();
        final List<SearchRequest> searches = new ArrayList<>();

        private static Status ok() {
            return Status.newBuilder().setCode(0).build();
        }

        @Override
        public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
            out.onNext(ConnectResponse.newBuilder().setStatus(ok()).setIdentifier(1).build());
            out.onCompleted();
        }

        @Override
        public void describeCollection(DescribeCollectionRequest req, StreamObserver<DescribeCollectionResponse> out) {
            var schema = CollectionSchema.newBuilder().setName(req.getCollectionName())
                    .addFields(FieldSchema.newBuilder().setName("id").setDataType(DataType.Int64).setIsPrimaryKey(true))
                    .addFields(FieldSchema.newBuilder().setName("embedding").setDataType(DataType.FloatVector)
                            .addTypeParams(KeyValuePair.newBuilder().setKey("dim").setValue("8")));
            out.onNext(DescribeCollectionResponse.newBuilder().setStatus(ok()).setSchema(schema)
                    .setCollectionName(req.getCollectionName()).build());
            out.onCompleted();
        }

        @Override
        public synchronized void createIndex(CreateIndexRequest req, StreamObserver<Status> out) {
            indexes.add(req);
            out.onNext(ok());
            out.onCompleted();
        }

        @Override
        public synchronized void search(SearchRequest req, StreamObserver<SearchResults> out) {
            searches.add(req);
            out.onNext(SearchResults.newBuilder().setStatus(ok()).build());
            out.onCompleted();
        }
    }

    private FakeMilvus fake;
    private FakeMilvusServer milvus;
    private MilvusClientV2 client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMilvus();
        milvus = FakeMilvusServer.serving(fake);
        client = milvus.client();
    }

    @AfterEach
    void stop() {
        milvus.close();
    }

    /** Every key of a request's key-value list, with the values of nested JSON "params" flattened beside them. */
    static Map<String, String> kv(List<KeyValuePair> pairs) {
        var out = new LinkedHashMap<String, String>();
        for (var p : pairs) {
            out.put(p.getKey(), p.getValue());
            if (p.getKey().equals("params") && p.getValue().trim().startsWith("{")) {
                com.google.gson.JsonParser.parseString(p.getValue()).getAsJsonObject().entrySet()
                        .forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
            }
        }
        return out;
    }

    @Test
    void theProdStacksSearchParamsReachTheServerAsTheStackExportsThem() {
        // the stack output searchParams of the committed prod stack, as verify reads it from --outputs
        var plan = CapacityPlanner.plan(Stacks.settings("prod"));
        var output = CapacityReport.searchParams(plan, Stacks.settings("prod").collection().metric());
        var json = new com.google.gson.Gson().toJson(Map.of("searchParams", output));
        var stack = SearchParamsSpec.parse(json);
        var p = new SmokeTest.Params(1000, 8, 1, 10, stack.index(), stack.build(),
                new LinkedHashMap<>(stack.search()), stack.metric(), 7);

        client.createIndex(SmokeTest.indexRequest("default", "scratch", p));
        client.search(SmokeTest.searchRequest("default", "scratch", p, new float[] {1, 0, 0, 0, 0, 0, 0, 0}));

        var index = kv(fake.indexes.get(0).getExtraParamsList());
        // HNSW_SQ with the build parameters the stack builds (text ones included) and its metric
        assertThat(index).containsEntry("index_type", "HNSW_SQ").containsEntry("metric_type", "COSINE")
                .containsEntry("M", "16").containsEntry("efConstruction", "300").containsEntry("sq_type", "SQ8");
        var search = kv(fake.searches.get(0).getSearchParamsList());
        // the search parameters the promised recall holds at (published: ef=100), top 10
        assertThat(search).containsEntry("ef", "100").containsEntry("metric_type", "COSINE");
        assertThat(search.get("topk")).isEqualTo("10");
        assertThat(stack.minRecall()).isEqualTo(0.95);
    }

    @Test
    void diskAnnAndIvfScaledToTheScratchCollection() {
        var diskann = SearchParamsSpec.parse("{\"indexType\":\"DISKANN\",\"metricType\":\"IP\",\"buildParams\":{},"
                + "\"params\":{\"search_list\":100},\"minRecall\":0.95}");
        var p = new SmokeTest.Params(1000, 8, 1, 10, diskann.index(), diskann.build(),
                new LinkedHashMap<>(diskann.scaledTo(1000).search()), diskann.metric(), 7);
        client.createIndex(SmokeTest.indexRequest("default", "scratch", p));
        client.search(SmokeTest.searchRequest("default", "scratch", p, new float[8]));
        assertThat(kv(fake.indexes.get(0).getExtraParamsList())).containsEntry("index_type", "DISKANN")
                .containsEntry("metric_type", "IP");
        assertThat(kv(fake.searches.get(0).getSearchParamsList())).containsEntry("search_list", "100");

        // IVF: 4,096 lists over a 1,953,125-row segment; on 50,000 scratch rows 105 lists keep ~476 rows a list,
        // and nprobe 64 of 4,096 becomes ceil(64 x 105 / 4,096) = 2: the same probed share
        var ivf = SearchParamsSpec.parse("{\"indexType\":\"IVF_FLAT\",\"buildParams\":{\"nlist\":4096},"
                + "\"params\":{\"nprobe\":64},\"rowsPerSegment\":1953125}").scaledTo(50_000);
        assertThat(ivf.build()).containsEntry("nlist", 105);
        assertThat(ivf.search()).containsEntry("nprobe", 2);
        var q = new SmokeTest.Params(50_000, 8, 1, 10, ivf.index(), ivf.build(), new LinkedHashMap<>(ivf.search()),
                ivf.metric(), 7);
        client.createIndex(SmokeTest.indexRequest("default", "scratch2", q));
        client.search(SmokeTest.searchRequest("default", "scratch2", q, new float[8]));
        assertThat(kv(fake.indexes.get(1).getExtraParamsList())).containsEntry("nlist", "105");
        assertThat(kv(fake.searches.get(1).getSearchParamsList())).containsEntry("nprobe", "2");
    }
}
