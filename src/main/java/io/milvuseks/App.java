package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import io.milvuseks.capacity.CapacityCheck;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.config.RawConfig;
import io.milvuseks.config.InvalidConfigException;
import io.milvuseks.config.PlaceholderValues;
import io.milvuseks.config.PulumiConfigSource;
import io.milvuseks.config.SettingsParser;
import io.milvuseks.config.StackSettings;

import io.milvuseks.upgrade.Desired;
import io.milvuseks.upgrade.PreviousOutputs;
import io.milvuseks.upgrade.UpgradeRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The Pulumi program. Each concern is a component in its own package; this only wires them together. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    /** {@code pulumi up}: the previous outputs come from {@link PreviousOutputs#ENV} when the deploy sets it. */
    public static void stack(Context ctx) {
        stack(ctx, PreviousOutputs::fromEnvironment);
    }

    /** The program with the stack's last outputs (empty: unknown, the upgrade check says it was skipped). */
    public static void stack(Context ctx, Supplier<Optional<PreviousOutputs>> previous) {
        StackSettings settings;
        Optional<PreviousOutputs> prev;
        boolean realEngine = System.getenv("PULUMI_MONITOR") != null;
        try {
            prev = previous.get();
            var raw = PulumiConfigSource.read(ctx);
            settings = load(raw, prev);
            // plan prints placeholders (staging's documentation-range CIDR, the committed secret stand-ins) as
            // warnings; a deployment (preview and up) refuses them, one line per key
            var placeholders = PlaceholderValues.problems(raw, settings);
            if (realEngine && !placeholders.isEmpty()) {
                throw new InvalidConfigException(placeholders);
            }
        } catch (InvalidConfigException ex) {
            if (!realEngine) {
                throw ex; // under the mock engine (tests, plan): the caller reports the problems
            }
            // Under the Pulumi engine: one line per problem and exit 2, before any resource is declared. A thrown
            // exception would reach the user as a stack trace, which helps nobody here.
            ex.problems().forEach(System.err::println);
            System.err.flush();
            Runtime.getRuntime().halt(2);
            return;
        }
        if (realEngine) {
            // plan prints these itself, to its own stream; under pulumi up this is the one place they show
            upgradeNotes(settings, prev).forEach(System.err::println);
        }
        declare(ctx, settings);
    }

    /**
     * Parses and validates the config: every check that can refuse a stack runs here, before any resource is
     * declared, for {@code pulumi up} and the offline plan alike. Warnings (an undersized pool the stack allows)
     * go to stderr.
     */
    public static StackSettings load(RawConfig raw) {
        return load(raw, Optional.empty());
    }

    /** {@link #load} with the stack's last outputs for the upgrade rules. */
    public static StackSettings load(RawConfig raw, Optional<PreviousOutputs> previous) {
        var settings = validate(raw, previous);
        CapacityCheck.warnings(CapacityPlanner.plan(settings)).forEach(System.err::println);
        if (System.getenv("PULUMI_MONITOR") == null) {
            PlaceholderValues.problems(raw, settings)
                    .forEach(p -> System.err.println("placeholder: " + p.key() + ": " + p.message()));
        }
        return settings;
    }

    /** {@link #load} without printing warnings: for callers that validate ahead of running the program. */
    public static StackSettings validate(RawConfig raw) {
        return validate(raw, Optional.empty());
    }

    /**
     * {@link #validate} plus the upgrade rules: the chart/image pair always, and against the stack's last outputs
     * when known, a queue switch or a Milvus version that skips the documented path.
     */
    public static StackSettings validate(RawConfig raw, Optional<PreviousOutputs> previous) {
        var settings = SettingsParser.parse(raw);
        // a query pool that cannot hold the collection is a config error (or a warning if allowed)
        var problems = new ArrayList<>(CapacityCheck.problems(settings.project(), CapacityPlanner.plan(settings)));
        var desired = desired(settings);
        problems.addAll(UpgradeRules.pair(desired));
        previous.ifPresent(p -> problems.addAll(UpgradeRules.check(p, desired).problems()));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return settings;
    }

    /** What the upgrade check did, one line each: never a silent pass (for settings that validated). */
    public static List<String> upgradeNotes(StackSettings settings, Optional<PreviousOutputs> previous) {
        return previous.map(p -> UpgradeRules.check(p, desired(settings)).notes())
                .orElse(List.of("upgrade check: skipped, no previous outputs given (pulumi up: set "
                        + PreviousOutputs.ENV + " to the file of 'pulumi stack output --json'; plan: "
                        + "--previous-outputs FILE); only the chart/image pair was checked"));
    }

    private static Desired desired(StackSettings s) {
        return new Desired(s.project(), s.environment().wire(), s.messageQueue().wire(), s.milvus().imageTag(),
                s.milvus().chartVersion());
    }

    /**
     * Declares every resource of the stack from validated settings: the AWS layer, then (unless
     * {@code kubernetesLayer: false}, the first apply of a stack nobody can reach yet) the Kubernetes layer on it.
     */
    static void declare(Context ctx, StackSettings settings) {
        var aws = AwsLayer.declare(ctx, settings);
        if (aws.cluster().kubernetesLayer()) {
            KubernetesLayer.declare(ctx, settings, aws);
        }
    }
}
