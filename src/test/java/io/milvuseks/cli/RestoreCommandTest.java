package io.milvuseks.cli;

import io.milvuseks.restore.RestoreRunner;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** `restore` without a server or cluster: each usage problem is one line, exit 2, before anything is reached. */
class RestoreCommandTest {

    record Run(int exit, String out, String err) {
    }

    private static Run run(RestoreRunner runner, String... args) {
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

    private static Run run(String... args) {
        return run(null, args);
    }

    private static final RestoreRunner MUST_NOT_RUN = (r, d, o, p) -> {
        throw new AssertionError("the restore ran");
    };

    private static String dir() {
        return Stacks.PROJECT_DIR.toString();
    }

    private static void oneLine(Run r, String expected) {
        assertThat(r.exit()).as(r.err()).isEqualTo(Cli.INVALID);
        assertThat(r.err().strip()).isEqualTo(expected);
    }

    @Test
    void aStackWithoutBackupsHasNothingToRestore() {
        var r = run(MUST_NOT_RUN, "restore", "--stack", "staging", "--dir", dir(), "--backup", "b1",
                "--uri", "http://127.0.0.1:1");
        oneLine(r, "error: restore: backup.enabled is false in " + Stacks.PROJECT_DIR.resolve("Pulumi.staging.yaml")
                + ": this stack takes no backups to restore");
    }

    @Test
    void withoutTheTemporaryGrantTheRestoreWouldFailSoItDoesNotStart() {
        var r = run(MUST_NOT_RUN, "restore", "--stack", "prod", "--dir", dir(), "--backup", "b1",
                "--uri", "http://127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(Cli.INVALID);
        assertThat(r.err().strip()).startsWith("error: restore: backup.restoreAccess is false in ")
                .contains("accepted: set it true and pulumi up first").doesNotContain("\n");
    }

    @Test
    void badNamesAreOneLineEach() {
        oneLine(run(MUST_NOT_RUN, "restore", "--stack", "prod", "--dir", dir(), "--backup", "2026-12-01",
                        "--uri", "http://127.0.0.1:1"),
                "error: restore: --backup '2026-12-01': not a milvus-backup name; accepted: a letter or _, then "
                        + "letters, digits, _ (at most 128)");
        oneLine(run(MUST_NOT_RUN, "restore", "--stack", "prod", "--dir", dir(), "--backup", "b1", "--target",
                        "db.x", "--uri", "http://127.0.0.1:1"),
                "error: restore: --target 'db.x': not a collection name; accepted: a letter or _, then letters, "
                        + "digits, _");
        var source = Stacks.settings("prod").collection().name();
        oneLine(run(MUST_NOT_RUN, "restore", "--stack", "prod", "--dir", dir(), "--backup", "b1", "--target",
                        source, "--uri", "http://127.0.0.1:1"),
                "error: restore: --target " + source + " is the live collection; accepted: a new name");
    }

    @Test
    void theRealJobNeedsTheStackOutputs() {
        oneLine(run("restore", "--stack", "prod", "--dir", dir(), "--backup", "b1", "--dry-run"),
                "error: restore: no cluster to reach: pass --outputs FILE|- (pulumi stack output --json "
                        + "--show-secrets)");
        oneLine(run("restore", "--stack", "prod", "--dir", dir(), "--backup", "b1", "--dry-run", "--uri",
                        "http://127.0.0.1:1"),
                "error: restore: the restore Job needs the cluster: pass --outputs FILE|- (--uri only replaces the "
                        + "Milvus address)");
    }

    @Test
    void anUnreachableMilvusFailsTheRunBeforeTheRestoreStarts() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var r = run(MUST_NOT_RUN, "restore", "--stack", "prod", "--dir", dir(), "--backup", "b1", "--dry-run",
                "--uri", "http://127.0.0.1:" + port, "--wait-seconds", "0");
        assertThat(r.exit()).isEqualTo(Cli.FAILED);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement().asString()
                .startsWith("error: restore: connecting to http://127.0.0.1:" + port);
        assertThat(r.err()).doesNotContain("\tat ");
    }
}
