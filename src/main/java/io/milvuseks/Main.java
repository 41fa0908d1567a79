package io.milvuseks;

import io.milvuseks.cli.Cli;

/**
 * Entry point of {@code target/milvus-eks.jar}. Started by the Pulumi language host with no arguments it runs the
 * Pulumi program; with a subcommand ({@code plan}, ...) it is the offline tool.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            if (System.getenv("PULUMI_MONITOR") == null) {
                // Started by hand, not by the Pulumi language host: say what to do instead of failing to connect.
                System.err.println("milvus-eks: without a subcommand this jar is the Pulumi program; run it through "
                        + "`pulumi preview` / `pulumi up`, or use: plan, capacity, bootstrap, verify (see --help)");
                System.exit(2);
            }
            App.main(args);
            return;
        }
        var child = ShortRunJvm.relaunch(args);
        System.exit(child.orElseGet(() -> Cli.run(args)));
    }
}
