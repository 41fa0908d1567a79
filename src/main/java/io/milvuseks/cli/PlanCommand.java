package io.milvuseks.cli;

import io.milvuseks.App;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.upgrade.PreviousOutputs;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.plan.PlanJson;
import io.milvuseks.plan.PlanText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.pulumi.Context;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {
            "Runs the real Pulumi program against Pulumi's in-process mock engine with a stack file's config, and "
                    + "prints what would be created: the resource tree with the inputs a reviewer checks, the "
                    + "Milvus Helm values, the capacity report and the stack outputs. No cloud, no Pulumi CLI.",
            "Values stored with 'secure:' cannot be decrypted offline; they become [secret] placeholders and the "
                    + "plan still runs. Ids, ARNs and endpoints the cloud would compute are marked 'mock'; with "
                    + "--preview they read [computed], as in a first 'pulumi preview'.",
            "Exit codes: 0 plan printed, 2 invalid config (one line per problem), 1 the program failed."})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the plan as JSON to FILE.")
    Path json;

    @Option(names = "--preview", description = "Plan as a first 'pulumi preview' of an empty stack sees it: ids, "
            + "ARNs, endpoints, generated names and everything derived from them read [computed]; only what the "
            + "program itself knows stays known.")
    boolean preview;

    @Option(names = "--previous-outputs", paramLabel = "FILE", description = "The stack's last outputs ('pulumi "
            + "stack output --json' saved to FILE): refuses a messageQueue switch under a running Milvus and a Milvus "
            + "image or chart change off the documented upgrade path, as pulumi up does with "
            + PreviousOutputs.ENV + ".")
    Path previousOutputs;

    @Option(names = "--quiet", description = "Do not print the plan text (with --json).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        err.println("[1/3] reading " + stack.file());
        // The stack file lists every key, so unknown keys are caught here; the program validates again itself.
        err.println("[2/3] validating the config");
        Optional<PreviousOutputs> previous;
        try {
            previous = previousOutputs == null ? Optional.empty()
                    : Optional.of(PreviousOutputs.read(previousOutputs, "--previous-outputs"));
        } catch (InvalidConfigException ex) {
            ex.problems().forEach(err::println);
            return Cli.INVALID;
        }
        var loaded = stack.load(err, "nothing was planned.", previous);
        if (loaded == null) {
            return Cli.INVALID;
        }
        App.upgradeNotes(loaded.settings(), previous).forEach(err::println);
        err.println("[3/3] running the program against the mock engine" + (preview ? ", as a first preview" : ""));
        Consumer<Context> program = ctx -> App.stack(ctx, () -> previous);
        var run = preview ? OfflineEngine.preview(loaded.raw(), program) : OfflineEngine.run(loaded.raw(), program);
        if (run.failed()) {
            run.errorLines().forEach(l -> err.println("error: " + l));
            return Cli.FAILED;
        }
        var plan = run.plan(stack.stack);
        if (json != null) {
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            Files.writeString(json, PlanJson.write(plan));
            err.println("wrote " + json);
        }
        if (!quiet) {
            out.print(PlanText.render(plan));
            out.flush();
        }
        err.println("planned " + plan.resources().size() + " resources for stack '" + stack.stack + "'"
                + (preview ? " (preview)" : ""));
        return Cli.OK;
    }
}
