package io.milvuseks.collection;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvuseks.cli.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** `verify --uri` against a real Milvus: recall against exact search, and it removes only its scratch collection. */
class VerifyIT {

    private MilvusClientV2 client;
    private String uri;
    private final String bystander = "it_bystander_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @BeforeEach
    void connect() {
        uri = LiteServer.uri();
        client = LiteServer.client();
        // A collection that is not verify's: it must survive the run.
        var schema = CreateCollectionReq.CollectionSchema.builder().build();
        schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
        schema.addField(AddFieldReq.builder().fieldName("v").dataType(DataType.FloatVector).dimension(4).build());
        client.createCollection(CreateCollectionReq.builder().collectionName(bystander).collectionSchema(schema)
                .build());
    }

    @AfterEach
    void cleanUp() {
        if (client != null) {
            client.dropCollection(DropCollectionReq.builder().collectionName(bystander).build());
            client.close();
        }
    }

    @Test
    void hnswReachesRecallAndTheScratchCollectionIsGone() {
        var before = client.listCollections().getCollectionNames();
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("verify",
                "--uri", uri, "--vectors", "3000", "--dim", "64", "--queries", "100", "--index", "HNSW");

        assertThat(exit).as(out + "\n" + err).isEqualTo(0);
        var m = Pattern.compile("recall@10: ([0-9.]+)").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(0.9);
        assertThat(out.toString()).containsPattern("p50 [0-9.]+ ms, p95 [0-9.]+ ms, p99 [0-9.]+ ms")
                .contains("verify: OK");
        // the control: the same index searched at ef 10, after the timed searches, never above the recall at ef 128
        var control = Pattern.compile("control: recall@10 ([0-9.]+) at the index's cheapest search \\{ef=10\\}: ")
                .matcher(out.toString());
        assertThat(control.find()).as(out.toString()).isTrue();
        assertThat(Double.parseDouble(control.group(1))).isLessThanOrEqualTo(Double.parseDouble(m.group(1)));
        assertThat(err.toString()).contains("dropped scratch collection " + SmokeTest.SCRATCH_PREFIX);

        var after = client.listCollections().getCollectionNames();
        assertThat(after).noneMatch(n -> n.startsWith(SmokeTest.SCRATCH_PREFIX)).contains(bystander);
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aFailingRunStillDropsItsScratchCollection() {
        // dim 8 with a recall bar of 1.01 cannot pass: the run reports below SLO and must clean up all the same.
        var before = client.listCollections().getCollectionNames();
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("verify",
                "--uri", uri, "--vectors", "500", "--dim", "8", "--queries", "10", "--min-recall", "1.01");
        assertThat(exit).as(out + "\n" + err).isEqualTo(4);
        assertThat(out.toString()).contains("verify: BELOW SLO");
        assertThat(client.listCollections().getCollectionNames()).containsExactlyInAnyOrderElementsOf(before);
    }
}
