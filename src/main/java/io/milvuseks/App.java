package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.milvuseks.cluster.EksCluster;
import io.milvuseks.cluster.EksClusterArgs;
import io.milvuseks.config.RawConfig;
import io.milvuseks.network.Network;
import io.milvuseks.network.NetworkArgs;
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
        return SettingsParser.parse(raw);
    }

    /** Declares every resource of the stack from validated settings. */
    static void declare(Context ctx, StackSettings settings) {
        var naming = new Naming(settings.project(), settings.stack());
        ctx.export(StackOutputs.ENVIRONMENT, Output.of(settings.environment().wire()));
        ctx.export(StackOutputs.REGION, Output.of(settings.region()));
        ctx.export(StackOutputs.MESSAGE_QUEUE, Output.of(settings.messageQueue().wire()));

        var network = new Network(naming.name("network"), NetworkArgs.from(settings, naming),
                ComponentResourceOptions.Empty);
        // Node counts: the stack file's now; the capacity planner's once it is wired in.
        var cluster = new EksCluster(naming.name("eks"), EksClusterArgs.from(settings, naming,
                EksClusterArgs.configuredCounts(settings), network.vpcId(), network.privateSubnetIds()),
                ComponentResourceOptions.Empty);
        ctx.export(StackOutputs.CLUSTER_NAME, cluster.clusterName());
        ctx.export(StackOutputs.CLUSTER_ENDPOINT, cluster.endpoint());
        ctx.export(StackOutputs.OIDC_PROVIDER_ARN, cluster.oidcProviderArn());
        ctx.export(StackOutputs.KUBECONFIG, cluster.kubeconfig());
        ctx.export(StackOutputs.NODE_GROUP_NAMES, cluster.nodeGroupNames());
    }
}
