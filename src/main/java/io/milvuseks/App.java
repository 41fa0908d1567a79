package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.config.PulumiConfigSource;
import io.milvuseks.config.SettingsParser;
import io.milvuseks.config.StackSettings;

/** The Pulumi program. Each concern is a component in its own package; this only wires them together. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        StackSettings settings;
        try {
            settings = SettingsParser.parse(PulumiConfigSource.read(ctx));
        } catch (InvalidConfigException ex) {
            // One line per problem and exit 2, before any resource is declared: a stack trace helps nobody here.
            ex.problems().forEach(p -> System.err.println(p));
            System.err.flush();
            Runtime.getRuntime().halt(2);
            return;
        }
        declare(ctx, settings);
    }

    /** Declares every resource of the stack from validated settings. */
    static void declare(Context ctx, StackSettings settings) {
        ctx.export("environment", com.pulumi.core.Output.of(settings.environment().wire()));
        ctx.export("region", com.pulumi.core.Output.of(settings.region()));
        ctx.export("messageQueue", com.pulumi.core.Output.of(settings.messageQueue().wire()));
    }
}
