package io.milvuseks.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static io.milvuseks.cli.CapacityCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** verify's search-parameter options (issue 24 item 4); the requests they produce: collection.VerifyRequestsTest. */
class VerifyCommandTest {

    static final String DISKANN = "{\"indexType\":\"DISKANN\",\"metricType\":\"IP\",\"buildParams\":{},"
            + "\"params\":{\"search_list\":100},\"minRecall\":0.95}";

    @Test
    void theStacksSearchParamsArePrintedBeforeConnectingAndTheirFloorIsTheDefault() throws Exception {
        // nothing listens on port 1: verify prints what it will build and search with, then fails to connect (1)
        var r = run("verify", "--uri", "http://127.0.0.1:1", "--wait-seconds", "0", "--vectors", "2000",
                "--search-params", DISKANN);
        assertThat(r.out()).contains("search parameters of the stack: DISKANN {} IP, search {search_list=100}; on "
                + "2000 vectors: DISKANN {} IP, search {search_list=100}");
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        // the whole `pulumi stack output --json` works too (its searchParams member)
        var file = Files.createTempFile("sizing-outputs", ".json");
        try {
            Files.writeString(file, "{\"clusterName\":\"x\",\"searchParams\":{\"indexType\":\"IVF_FLAT\","
                    + "\"buildParams\":{\"nlist\":4096},\"params\":{\"nprobe\":64},\"rowsPerSegment\":1953125}}");
            var o = run("verify", "--uri", "http://127.0.0.1:1", "--wait-seconds", "0", "--vectors", "50000",
                    "--outputs", file.toString());
            assertThat(o.out()).contains("on 50000 vectors: IVF_FLAT {nlist=105} COSINE, search {nprobe=2}");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void badOrConflictingSearchParamsAreOneLineAndExitTwo() {
        var both = run("verify", "--uri", "http://127.0.0.1:1", "--search-params", DISKANN, "--outputs", "-");
        assertThat(both.code()).isEqualTo(Cli.INVALID);
        assertThat(both.err()).isEqualTo("error: verify: give --outputs or --search-params, not both\n");
        var notJson = run("verify", "--uri", "http://127.0.0.1:1", "--search-params", "{nope");
        assertThat(notJson.code()).isEqualTo(Cli.INVALID);
        assertThat(notJson.err()).startsWith("error: verify: search parameters are not JSON");
        var noParams = run("verify", "--uri", "http://127.0.0.1:1", "--search-params", "{\"indexType\":\"HNSW\"}");
        assertThat(noParams.err()).contains("need indexType and params");
        var badType = run("verify", "--uri", "http://127.0.0.1:1", "--search-params",
                "{\"indexType\":\"ANNOY\",\"params\":{}}");
        assertThat(badType.err()).contains("indexType \"ANNOY\" is not one of");
        assertThat(badType.err().lines().count()).isEqualTo(1);
    }
}
