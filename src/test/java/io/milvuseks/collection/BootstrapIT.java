package io.milvuseks.collection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.grpc.LoadState;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.ListCollectionsReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.database.request.DropDatabaseReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvuseks.cli.Cli;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** `bootstrap --uri` against a real Milvus (Milvus Lite in CI). Each test works in a database of its own. */
class BootstrapIT {

    @TempDir
    Path project;

    private String uri;
    private MilvusClientV2 client;
    private String database;

    @BeforeEach
    void connect() {
        uri = LiteServer.uri();
        client = LiteServer.client();
        database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @AfterEach
    void cleanUp() {
        if (client == null) {
            return;
        }
        // Only the database this test made, and only its collections.
        if (client.listDatabases().getDatabaseNames().contains(database)) {
            var names = client.listCollectionsV2(ListCollectionsReq.builder().databaseName(database).build())
                    .getCollectionNames();
            for (var name : names) {
                client.dropCollection(DropCollectionReq.builder().databaseName(database).collectionName(name).build());
            }
            client.dropDatabase(DropDatabaseReq.builder().databaseName(database).build());
        }
        client.close();
    }

    /** The spec every test uses: the shape of the prod collection, in values Milvus Lite keeps. */
    private Map<String, Object> spec() {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("database", database);
        spec.put("name", "documents");
        spec.put("dim", 64);
        spec.put("metric", "COSINE");
        spec.put("index", Map.of("type", "HNSW", "params", Map.of("M", 16, "efConstruction", 128)));
        spec.put("timestampIndex", "INVERTED"); // STL_SORT: see unsupportedIndexIsOneLine
        spec.put("shards", 2);
        spec.put("partitions", 16);
        spec.put("mmap", true);
        spec.put("consistencyLevel", "BOUNDED");
        spec.put("replicas", 1);
        return spec;
    }

    record Run(int exit, String out, String err) {
    }

    private Run bootstrap(Map<String, Object> collection, String... extra) throws Exception {
        writeStack(collection);
        var out = new StringWriter();
        var err = new StringWriter();
        var args = new ArrayList<>(List.of("bootstrap", "--stack", "it", "--dir", project.toString(), "--uri", uri,
                "--wait-seconds", "10", "--step-timeout-seconds", "120"));
        args.addAll(List.of(extra));
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * Pulumi.it.yaml = the real staging stack file with the collection key replaced (staging, because prod refuses
     * mmap on its EBS-only query nodes, and the spec uses mmap to prove the property reaches the server).
     */
    @SuppressWarnings("unchecked")
    private void writeStack(Map<String, Object> collection) throws Exception {
        var yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        var doc = (Map<String, Object>) yaml.load(Files.readString(Stacks.PROJECT_DIR.resolve("Pulumi.staging.yaml")));
        var config = (Map<String, Object>) doc.get("config");
        config.put(Stacks.PROJECT + ":collection", collection);
        var opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(project.resolve("Pulumi.it.yaml"), new Yaml(opts).dump(doc));
        Files.copy(Stacks.PROJECT_DIR.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void firstRunCreatesExactlyTheSpecAndTheSecondRunIsANoOp() throws Exception {
        var first = bootstrap(spec());
        assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(0);
        assertThat(first.out()).contains("created " + database + ".documents");
        assertThat(first.err()).doesNotContain("\tat ").doesNotContain("Exception");

        // Read back with describe calls.
        assertThat(client.listDatabases().getDatabaseNames()).contains(database);
        var d = client.describeCollection(DescribeCollectionReq.builder().databaseName(database)
                .collectionName("documents").build());
        var fields = d.getCollectionSchema().getFieldSchemaList();
        assertThat(fields).extracting(CreateCollectionReq.FieldSchema::getName)
                .containsExactly("id", "embedding", "document_id", "category", "timestamp");
        var schema = d.getCollectionSchema();
        assertThat(schema.getField("id").getDataType()).isEqualTo(DataType.Int64);
        assertThat(schema.getField("id").getIsPrimaryKey()).isTrue();
        assertThat(schema.getField("id").getAutoID()).isTrue();
        assertThat(schema.getField("embedding").getDataType()).isEqualTo(DataType.FloatVector);
        assertThat(schema.getField("embedding").getDimension()).isEqualTo(64);
        assertThat(schema.getField("document_id").getDataType()).isEqualTo(DataType.VarChar);
        assertThat(schema.getField("document_id").getMaxLength()).isEqualTo(128);
        assertThat(schema.getField("category").getMaxLength()).isEqualTo(64);
        assertThat(schema.getField("category").getIsPartitionKey()).isTrue();
        assertThat(schema.getField("timestamp").getDataType()).isEqualTo(DataType.Int64);
        assertThat(d.getEnableDynamicField()).isFalse();
        assertThat(d.getProperties()).containsEntry("mmap.enabled", "true");

        var indexNames = client.listIndexes(ListIndexesReq.builder().databaseName(database)
                .collectionName("documents").build());
        assertThat(indexNames).containsExactlyInAnyOrder("embedding", "category", "timestamp");
        var vector = QuietStderr.call(() -> client.describeIndex(DescribeIndexReq.builder().databaseName(database)
                .collectionName("documents").fieldName("embedding").build())).getIndexDescByFieldName("embedding");
        assertThat(vector.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
        assertThat(vector.getMetricType()).isEqualTo(IndexParam.MetricType.COSINE);
        for (var scalar : List.of("category", "timestamp")) {
            var desc = QuietStderr.call(() -> client.describeIndex(DescribeIndexReq.builder().databaseName(database)
                    .collectionName("documents").fieldName(scalar).build())).getIndexDescByFieldName(scalar);
            assertThat(desc.getIndexType()).as(scalar).isEqualTo(IndexParam.IndexType.INVERTED);
        }
        assertThat(client.getLoadStateV2(GetLoadStateReq.builder().databaseName(database)
                .collectionName("documents").build()).getState()).isEqualTo(LoadState.LoadStateLoaded);

        var second = bootstrap(spec());
        assertThat(second.exit()).as(second.out() + second.err()).isEqualTo(0);
        assertThat(second.out()).contains("nothing to do: " + database + ".documents matches the spec");
        assertThat(second.err()).doesNotContain("creating");
        var again = client.describeCollection(DescribeCollectionReq.builder().databaseName(database)
                .collectionName("documents").build());
        assertThat(again.getCollectionID()).as("the same collection, not a new one").isEqualTo(d.getCollectionID());
    }

    @Test
    void aDriftedCollectionIsReportedWithExit3AndLeftIntact() throws Exception {
        client.createDatabase(io.milvus.v2.service.database.request.CreateDatabaseReq.builder()
                .databaseName(database).build());
        // Made by hand the way an operator might have: dim 32 and IVF_FLAT where the spec says 64 and HNSW.
        var schema = CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true)
                .autoID(true).build());
        schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector).dimension(32)
                .build());
        schema.addField(AddFieldReq.builder().fieldName("document_id").dataType(DataType.VarChar).maxLength(128)
                .build());
        schema.addField(AddFieldReq.builder().fieldName("category").dataType(DataType.VarChar).maxLength(64)
                .isPartitionKey(true).build());
        schema.addField(AddFieldReq.builder().fieldName("timestamp").dataType(DataType.Int64).build());
        client.createCollection(CreateCollectionReq.builder().databaseName(database).collectionName("documents")
                .collectionSchema(schema).numPartitions(16).build());
        var rnd = new Random(3);
        var rows = new ArrayList<JsonObject>();
        for (int i = 0; i < 500; i++) {
            var row = new JsonObject();
            var vec = new JsonArray();
            for (int d = 0; d < 32; d++) {
                vec.add(rnd.nextFloat());
            }
            row.add("embedding", vec);
            row.addProperty("document_id", "doc-" + i);
            row.addProperty("category", "c" + (i % 5));
            row.addProperty("timestamp", 1_700_000_000L + i);
            rows.add(row);
        }
        client.insert(InsertReq.builder().databaseName(database).collectionName("documents").data(rows).build());
        client.flush(FlushReq.builder().databaseName(database).collectionNames(List.of("documents")).build());
        for (var p : List.of(
                SpecRequests.vectorIndex("embedding", io.milvuseks.config.IndexType.IVF_FLAT,
                        io.milvuseks.config.MetricType.COSINE, Map.of("nlist", 16)),
                SpecRequests.scalarIndex("category", io.milvuseks.config.ScalarIndexType.INVERTED),
                SpecRequests.scalarIndex("timestamp", io.milvuseks.config.ScalarIndexType.INVERTED))) {
            client.createIndex(CreateIndexReq.builder().databaseName(database).collectionName("documents")
                    .indexParams(List.of(p)).sync(false).build());
        }
        client.loadCollection(LoadCollectionReq.builder().databaseName(database).collectionName("documents").build());
        var before = client.describeCollection(DescribeCollectionReq.builder().databaseName(database)
                .collectionName("documents").build());

        var run = bootstrap(spec());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out())
                .contains("drift: " + database + ".documents exists and differs from the spec")
                .contains("field.embedding.dim: spec 64, server 32")
                .contains("index.embedding.type: spec HNSW, server IVF_FLAT")
                .contains("nothing was changed")
                .contains("alterAlias");
        assertThat(run.err()).doesNotContain("\tat ");
        // Left intact: same collection, same rows, same dimension.
        assertThat(client.hasCollection(HasCollectionReq.builder().databaseName(database).collectionName("documents")
                .build())).isTrue();
        var after = client.describeCollection(DescribeCollectionReq.builder().databaseName(database)
                .collectionName("documents").build());
        assertThat(after.getCollectionID()).isEqualTo(before.getCollectionID());
        assertThat(after.getCollectionSchema().getField("embedding").getDimension()).isEqualTo(32);
        var count = client.query(QueryReq.builder().databaseName(database).collectionName("documents")
                .filter("").outputFields(List.of("count(*)")).build());
        assertThat(((Number) count.getQueryResults().get(0).getEntity().get("count(*)")).longValue()).isEqualTo(500);
    }

    @Test
    void twoReplicasNeedZoneResourceGroupsWhichMilvusLiteLacksSoNothingIsCreated() throws Exception {
        var spec = spec();
        spec.put("replicas", 2);
        var run = bootstrap(spec);
        // Lite answers UNIMPLEMENTED to every resource-group call: one line, before any database or collection
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Cli.FAILED);
        assertThat(run.err().strip().lines().filter(l -> l.startsWith("error:")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("has no resource groups").contains("zone_")
                        .contains("collection.replicas 1"));
        assertThat(run.err()).doesNotContain("at io.");
        assertThat(client.listDatabases().getDatabaseNames()).doesNotContain(database);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        var run = bootstrap(spec(), "--dry-run");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(0);
        assertThat(run.out()).contains("would create database " + database)
                .contains("would create collection " + database + ".documents")
                .contains("would create HNSW index on embedding metric COSINE");
        assertThat(client.listDatabases().getDatabaseNames()).doesNotContain(database);
    }

    @Test
    void anIndexTheServerCannotBuildIsOneLineError() throws Exception {
        var spec = spec();
        spec.put("timestampIndex", "STL_SORT"); // milvus-sdk-java 2.6.22 cannot create it on Milvus Lite
        var run = bootstrap(spec);
        assertThat(run.exit()).isEqualTo(1);
        var errorLines = run.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errorLines).containsExactly("error: bootstrap: creating STL_SORT index on timestamp: index type "
                + "not supported by this server (Can't get the number of an unknown enum value.)");
        assertThat(run.err()).doesNotContain("\tat ");
    }
}
