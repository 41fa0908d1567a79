package io.milvuseks.cli;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The bootstrap and verify commands without a server: offline dry run, usage errors, an unreachable server. */
class BootstrapCommandTest {

    /** A zone group's share of the planner's prod query pool (2 replicas): every replica the same nodes. */
    private static final int PER_REPLICA = io.milvuseks.capacity.CapacityPlanner.plan(
            io.milvuseks.testing.Stacks.settings("prod")).nodeCount(io.milvuseks.config.NodeRole.QUERY) / 2;


    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void offlineDryRunPrintsTheRequestsForTheProdStack() {
        var r = run("bootstrap", "--stack", "prod", "--dir", Stacks.PROJECT_DIR.toString(), "--dry-run");
        assertThat(r.exit()).as(r.err()).isEqualTo(Cli.OK);
        assertThat(r.out())
                .contains("createCollection: shards=8 consistency=BOUNDED partitions=64 properties={mmap.enabled=false}")
                .contains("field embedding FloatVector dim=384")
                .contains("field id Int64 primary auto_id=true")
                .contains("field category VarChar partition_key max_length=64")
                .contains("createIndex: embedding HNSW_SQ COSINE {M=16, efConstruction=300, sq_type=SQ8}")
                .contains("createIndex: timestamp STL_SORT")
                .contains("createResourceGroup: zone_use1_az1 requests=limits=" + PER_REPLICA + " nodeFilter {RESOURCE_GROUP=zone_use1_az1}")
                .contains("createResourceGroup: zone_use1_az2 requests=limits=" + PER_REPLICA + " nodeFilter {RESOURCE_GROUP=zone_use1_az2}")
                .contains("loadCollection: replicas=2 resourceGroups=[zone_use1_az1, zone_use1_az2]");
    }

    @Test
    void withoutAMilvusToReachItSaysHowOnOneLine() {
        var r = run("bootstrap", "--stack", "prod", "--dir", Stacks.PROJECT_DIR.toString());
        assertThat(r.exit()).isEqualTo(Cli.INVALID);
        assertThat(r.err().strip()).startsWith("error: bootstrap: no Milvus to reach: pass --outputs").doesNotContain("\n");
    }

    @Test
    void anUnreadableStackFileIsUsageError() {
        var r = run("bootstrap", "--stack", "nosuchstack", "--dir", Stacks.PROJECT_DIR.toString(), "--dry-run");
        assertThat(r.exit()).isEqualTo(Cli.INVALID);
        assertThat(r.err()).startsWith("error: stack file").contains("not found");
    }

    @Test
    void anUnreachableServerIsOneLineAfterTheBoundedWait() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        var r = run("bootstrap", "--stack", "prod", "--dir", Stacks.PROJECT_DIR.toString(),
                "--uri", "http://127.0.0.1:" + port, "--wait-seconds", "0");
        assertThat(r.exit()).isEqualTo(Cli.FAILED);
        var errors = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("error: bootstrap: connecting to http://127.0.0.1:" + port
                + " (gave up after 1 attempts, 0s): Milvus unreachable");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void tokenEnvMustBeSet() {
        var r = run("bootstrap", "--stack", "prod", "--dir", Stacks.PROJECT_DIR.toString(), "--uri",
                "http://127.0.0.1:1", "--token-env", "MILVUS_EKS_TEST_SURELY_UNSET");
        assertThat(r.exit()).isEqualTo(Cli.FAILED);
        assertThat(r.err().strip()).isEqualTo(
                "error: bootstrap: --token-env MILVUS_EKS_TEST_SURELY_UNSET: the variable is not set or empty");
    }

    @Test
    void verifyRefusesIndexesItDoesNotBuild() {
        var r = run("verify", "--uri", "http://127.0.0.1:1", "--index", "DISKANN");
        assertThat(r.exit()).isEqualTo(Cli.INVALID);
        assertThat(r.err().strip()).startsWith("error: verify: --index DISKANN is not one verify builds");
    }
}
