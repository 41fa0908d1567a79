package io.milvuseks.cli;

import io.milvuseks.App;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.config.ProjectFile;
import io.milvuseks.config.RawConfig;
import io.milvuseks.config.StackFile;
import io.milvuseks.config.StackSettings;
import io.milvuseks.upgrade.PreviousOutputs;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** --stack / --dir, and reading + validating that stack file, shared by the commands that start from one. */
final class StackOptions {

    @Option(names = "--stack", required = true, description = "Stack name: reads Pulumi.<stack>.yaml.")
    String stack;

    @Option(names = "--dir", defaultValue = ".", description = "Project directory (holds Pulumi.yaml). Default: .")
    Path dir;

    /** A stack file that read and validated. */
    record Loaded(Path file, RawConfig raw, StackSettings settings) {
    }

    Path file() {
        return StackFile.pathFor(dir, stack);
    }

    /**
     * Reads and validates the stack file (every key, so unknown ones are caught). On a problem prints one line per
     * problem to {@code err} and returns null; the caller exits {@link Cli#INVALID}.
     */
    Loaded load(PrintWriter err, String nothingDone) {
        return load(err, nothingDone, Optional.empty());
    }

    /** {@link #load(PrintWriter, String)} with the stack's last outputs for the upgrade rules. */
    Loaded load(PrintWriter err, String nothingDone, Optional<PreviousOutputs> previous) {
        var file = file();
        RawConfig raw;
        try {
            raw = StackFile.read(file, ProjectFile.projectName(dir), stack);
        } catch (StackFile.UnreadableStackFile ex) {
            err.println("error: " + ex.getMessage());
            return null;
        }
        try {
            return new Loaded(file, raw, App.validate(raw, previous));
        } catch (InvalidConfigException ex) {
            ex.problems().forEach(err::println);
            err.println(ex.problems().size() + " config problem(s) in " + file + "; " + nothingDone);
            return null;
        }
    }
}
