package io.milvuseks.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The offline commands of the jar. Exit codes: 0 ok, 1 failure, 2 invalid config or usage, 3 drift. */
@Command(name = "milvus-eks", mixinStandardHelpOptions = true, version = "milvus-eks 0.1.0",
        description = "Billion-scale Milvus on AWS EKS. Without a subcommand the jar is the Pulumi program "
                + "(run it through `pulumi up`).",
        subcommands = {PlanCommand.class, CapacityCommand.class, BootstrapCommand.class, VerifyCommand.class,
                PreflightCommand.class, RestoreCommand.class,
                CommandLine.HelpCommand.class})
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;

    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CommandLine.defaultFactory());
    }

    /** With the given factory: a test can hand a command what cannot run here (restore's Kubernetes Job). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        var cl = new CommandLine(new Cli(), factory);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            // A bad option is one line naming it, like every other error of the jar; the usage is one --help away.
            var sub = ex.getCommandLine();
            sub.getErr().println("error: " + sub.getCommandName() + ": " + ex.getMessage()
                    + " (see: " + sub.getCommandSpec().qualifiedName() + " --help)");
            return INVALID;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Never a stack trace: one line naming what failed.
            commandLine.getErr().println("error: " + commandLine.getCommandName() + ": " + ex.getMessage());
            return FAILED;
        });
        return cl;
    }
}
