package io.milvuseks.collection;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.grpc.LoadState;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.ListCollectionsReq;
import io.milvus.v2.service.database.request.DropDatabaseReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvuseks.cli.Cli;
import io.milvuseks.cli.RestoreCommand;
import io.milvuseks.config.CollectionSpec;
import io.milvuseks.restore.RestoreJob;
import io.milvuseks.restore.RestoreRunner;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `restore --uri` against a real Milvus (Milvus Lite in CI): the pre-checks and post-checks, with the requests the
 * command really sends. milvus-backup and the Kubernetes Job cannot run here: the test's {@link RestoreRunner}
 * plays milvus-backup's part by creating the restored collection from the stack's spec and filling it itself,
 * without indexes, so the command's own index, row count and search checks do the rest. Milvus Lite reports every
 * collection as loaded (even after releaseCollection), so the load step reads "already loaded" here and its load
 * request is not exercised. Each test works in a database of its own.
 */
class RestoreIT {

    private static final int ROWS = 300;
    private static final int DIM = 32;

    @TempDir
    Path project;

    private String uri;
    private MilvusClientV2 client;
    private String database;
    private final List<RestoreJob.Request> runs = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void connect() throws Exception {
        uri = LiteServer.uri();
        client = LiteServer.client();
        database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        writeStack();
        // the live source collection, exactly as bootstrap makes it, then filled
        var boot = cli(null, "bootstrap", "--stack", "it", "--dir", project.toString(), "--uri", uri,
                "--wait-seconds", "10", "--step-timeout-seconds", "120");
        assertThat(boot.exit()).as(boot.out() + boot.err()).isZero();
        fill("documents", ROWS);
    }

    @AfterEach
    void cleanUp() {
        if (client == null) {
            return;
        }
        if (client.listDatabases().getDatabaseNames().contains(database)) {
            for (var name : client.listCollectionsV2(ListCollectionsReq.builder().databaseName(database).build())
                    .getCollectionNames()) {
                client.dropCollection(DropCollectionReq.builder().databaseName(database).collectionName(name).build());
            }
            client.dropDatabase(DropDatabaseReq.builder().databaseName(database).build());
        }
        client.close();
    }

    /** milvus-backup's part: the restored collection with {@code rows} of the source's rows. */
    private RestoreRunner milvusBackupRestoring(int rows) {
        return (request, dryRun, out, progress) -> {
            runs.add(request);
            // the command checked before it ran the restore: the target is absent now
            assertThat(exists(request.target())).isFalse();
            client.createCollection(SpecRequests.createCollection(spec(request.target())));
            fill(request.target(), rows);
        };
    }

    @Test
    void aCompleteRestorePassesEveryCheckAndLeavesTheSourceAlone() {
        var r = restore(milvusBackupRestoring(ROWS));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Cli.OK);
        assertThat(r.out()).contains("pre-check: " + database + ".documents_restored is absent; expecting " + ROWS
                + " rows (live count of documents)");
        assertThat(r.out()).contains(
                "restore check schema: OK",
                "restore check index: OK - built [embedding, category, timestamp] from the stack's spec",
                "restore check load: OK",
                "restore check rows: OK - " + ROWS + " rows, expected " + ROWS,
                "restore check search: OK - 10 hits (top 10, COSINE)",
                "restore: OK - " + database + ".documents_restored restored from backup_2026_12_01_02_00_00_1");
        // the request the Job would carry
        assertThat(runs).singleElement().satisfies(req -> assertThat(RestoreJob.args(req)).containsSubsequence(
                "--name", "backup_2026_12_01_02_00_00_1",
                "--rename", database + ".documents:" + database + ".documents_restored",
                "--filter", database + ".documents_restored"));
        assertThat(loadState("documents_restored")).isEqualTo(LoadState.LoadStateLoaded);
        assertThat(collections()).containsExactlyInAnyOrder("documents", "documents_restored");
        assertThat(rowCount("documents")).isEqualTo(ROWS);
    }

    @Test
    void rowsMissingFromTheRestoreFailWithExitOne() {
        var r = restore(milvusBackupRestoring(ROWS - 50));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Cli.FAILED);
        assertThat(r.out()).contains("restore check rows: FAILED - " + (ROWS - 50) + " rows, expected " + ROWS
                        + " (50 missing)")
                .contains("restore check search: FAILED - not run (an earlier check failed)")
                .contains("restore: FAILED - " + database + ".documents_restored: 2 check(s) not OK");
        // a failed check drops nothing
        assertThat(collections()).containsExactlyInAnyOrder("documents", "documents_restored");
    }

    @Test
    void anExistingTargetIsRefusedWithExitTwoAndLeftUntouched() {
        client.createCollection(SpecRequests.createCollection(spec("documents_restored")));
        fill("documents_restored", 10);

        var r = restore(milvusBackupRestoring(ROWS));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Cli.INVALID);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).containsExactly(
                "error: restore: target collection " + database + ".documents_restored already exists; refusing: a "
                        + "restore never overwrites or drops a collection (choose another --target); nothing was done");
        assertThat(runs).as("the restore must not run").isEmpty();
        // untouched: its rows, and no index built on it
        assertThat(rowCount("documents_restored")).isEqualTo(10);
        assertThat(client.listIndexes(ListIndexesReq.builder().databaseName(database)
                .collectionName("documents_restored").build())).isEmpty();
    }

    @Test
    void aDryRunChecksFirstThenOnlyAsksForTheManifest() {
        var dryRuns = new ArrayList<Boolean>();
        var r = restore((request, dryRun, out, progress) -> dryRuns.add(dryRun), "--dry-run");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Cli.OK);
        // stdout is left to the manifest (the runner prints it), the pre-check line goes to stderr
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("pre-check: " + database + ".documents_restored is absent; expecting " + ROWS)
                .doesNotContain("restore check");
        assertThat(dryRuns).containsExactly(true);
        assertThat(collections()).containsExactly("documents");
    }

    @Test
    void withoutALiveSourceTheExpectedCountMustBeGiven() {
        var r = restore(milvusBackupRestoring(ROWS), "--target", "documents_restored", "--expect-rows", "120");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(Cli.FAILED);
        assertThat(r.out()).contains("restore check rows: FAILED - " + ROWS + " rows, expected 120");

        client.dropCollection(DropCollectionReq.builder().databaseName(database).collectionName("documents").build());
        client.dropCollection(DropCollectionReq.builder().databaseName(database).collectionName("documents_restored")
                .build());
        var absent = restore(milvusBackupRestoring(ROWS));
        assertThat(absent.exit()).isEqualTo(Cli.INVALID);
        assertThat(absent.err()).contains("error: restore: source " + database + ".documents is absent, so its row "
                + "count is unknown; pass --expect-rows N");
        assertThat(runs).hasSize(1);
    }

    private Run restore(RestoreRunner runner, String... extra) {
        var args = new ArrayList<>(List.of("restore", "--stack", "it", "--dir", project.toString(), "--uri", uri,
                "--backup", "backup_2026_12_01_02_00_00_1", "--wait-seconds", "10", "--step-timeout-seconds", "120",
                "--appear-seconds", "5"));
        args.addAll(List.of(extra));
        return cli(runner, args.toArray(String[]::new));
    }

    private static Run cli(RestoreRunner runner, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RestoreCommand.class ? cls.cast(new RestoreCommand(runner))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        int exit = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), factory).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private CollectionSpec spec(String name) {
        var c = Stacks.settings("staging", Map.of("collection", new com.google.gson.Gson().toJson(collection())))
                .collection();
        return new CollectionSpec(c.database(), name, c.dim(), c.metric(), c.index(), c.timestampIndex(), c.shards(),
                c.partitions(), c.mmap(), c.consistencyLevel(), c.replicas());
    }

    private Map<String, Object> collection() {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("database", database);
        spec.put("name", "documents");
        spec.put("dim", DIM);
        spec.put("metric", "COSINE");
        spec.put("index", Map.of("type", "HNSW", "params", Map.of("M", 16, "efConstruction", 64)));
        spec.put("timestampIndex", "INVERTED");
        spec.put("shards", 2);
        spec.put("partitions", 0);
        spec.put("mmap", false);
        spec.put("consistencyLevel", "STRONG");
        spec.put("replicas", 1);
        return spec;
    }

    /** Pulumi.it.yaml: the staging stack file with this test's collection and backups on, restore access granted. */
    @SuppressWarnings("unchecked")
    private void writeStack() throws Exception {
        var yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        var doc = (Map<String, Object>) yaml.load(Files.readString(Stacks.PROJECT_DIR.resolve("Pulumi.staging.yaml")));
        var config = (Map<String, Object>) doc.get("config");
        config.put(Stacks.PROJECT + ":collection", collection());
        config.put(Stacks.PROJECT + ":backup", Map.of("enabled", true, "restoreAccess", true));
        var opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(project.resolve("Pulumi.it.yaml"), new Yaml(opts).dump(doc));
        Files.copy(Stacks.PROJECT_DIR.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Seeded rows in the stack's schema (id is auto). */
    private void fill(String collection, int rows) {
        var vectors = SyntheticVectors.generate(rows, DIM, 7);
        var data = new ArrayList<JsonObject>();
        for (int i = 0; i < rows; i++) {
            var row = new JsonObject();
            var vec = new JsonArray(DIM);
            for (float f : vectors[i]) {
                vec.add(f);
            }
            row.add(CollectionSpec.VECTOR_FIELD, vec);
            row.addProperty(CollectionSpec.DOCUMENT_ID_FIELD, "doc-" + i);
            row.addProperty(CollectionSpec.CATEGORY_FIELD, "c" + (i % 5));
            row.addProperty(CollectionSpec.TIMESTAMP_FIELD, 1_700_000_000L + i);
            data.add(row);
        }
        client.insert(InsertReq.builder().databaseName(database).collectionName(collection).data(data).build());
        client.flush(FlushReq.builder().databaseName(database).collectionNames(List.of(collection)).build());
    }

    private boolean exists(String collection) {
        return client.hasCollection(HasCollectionReq.builder().databaseName(database).collectionName(collection)
                .build());
    }

    private LoadState loadState(String collection) {
        return client.getLoadStateV2(GetLoadStateReq.builder().databaseName(database).collectionName(collection)
                .build()).getState();
    }

    private long rowCount(String collection) {
        return client.getCollectionStats(GetCollectionStatsReq.builder().databaseName(database)
                .collectionName(collection).build()).getNumOfEntities();
    }

    private List<String> collections() {
        return client.listCollectionsV2(ListCollectionsReq.builder().databaseName(database).build())
                .getCollectionNames();
    }
}
