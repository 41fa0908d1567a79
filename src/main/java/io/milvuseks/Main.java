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
            App.main(args);
            return;
        }
        System.exit(Cli.run(args));
    }
}
