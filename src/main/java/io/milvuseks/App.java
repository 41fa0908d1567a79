package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import io.milvuseks.capacity.CapacityCheck;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.capacity.CapacityReport;
import io.milvuseks.config.RawConfig;
import io.milvuseks.naming.Naming;
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
            settings = load(PulumiConfigSource.read(ctx));
        } catch (InvalidConfigException ex) {
            // One line per problem and exit 2, before any resource is declared: a stack trace helps nobody here.
            ex.problems().forEach(p -> System.err.println(p));
            System.err.flush();
            Runtime.getRuntime().halt(2);
            return;
        }
        declare(ctx, settings);
    }

    /**
     * Parses and validates the config: every check that can refuse a stack runs here, before any resource is
     * declared, for {@code pulumi up} and the offline plan alike.
     */
    public static StackSettings load(RawConfig raw) {
        var settings = SettingsParser.parse(raw);
        // capacity: a query pool that cannot hold the collection is a config error (or a warning if allowed)
        var capacity = CapacityPlanner.plan(settings);
        var undersized = CapacityCheck.problems(settings.project(), capacity);
        if (!undersized.isEmpty()) {
            throw new InvalidConfigException(undersized);
        }
        CapacityCheck.warnings(capacity).forEach(System.err::println);
        return settings;
    }

    /** Declares every resource of the stack from validated settings. */
    static void declare(Context ctx, StackSettings settings) {
        var naming = new Naming(settings.project(), settings.stack());
        ctx.export(StackOutputs.ENVIRONMENT, Output.of(settings.environment().wire()));
        ctx.export(StackOutputs.REGION, Output.of(settings.region()));
        ctx.export(StackOutputs.MESSAGE_QUEUE, Output.of(settings.messageQueue().wire()));
        // capacity: node counts for the pools (capacity.nodeCount(role)) and the report the policy pack reads
        var capacity = CapacityPlanner.plan(settings);
        ctx.export(StackOutputs.CAPACITY, Output.of(CapacityReport.output(capacity)));
    }
}
