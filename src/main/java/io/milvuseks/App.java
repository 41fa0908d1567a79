package io.milvuseks;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
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
        return SettingsParser.parse(raw);
    }

    /** Declares every resource of the stack from validated settings. */
    static void declare(Context ctx, StackSettings settings) {
        var naming = new Naming(settings.project(), settings.stack());
        ctx.export(StackOutputs.ENVIRONMENT, Output.of(settings.environment().wire()));
        ctx.export(StackOutputs.REGION, Output.of(settings.region()));
        ctx.export(StackOutputs.MESSAGE_QUEUE, Output.of(settings.messageQueue().wire()));

        // --- Milvus (issue 6). MERGE: replace each *StandIn with the real component output:
        //   k8sProviderStandIn -> the EKS component's Kubernetes provider
        //   milvusBucketStandIn / milvusRoleArnStandIn -> the storage component's bucket name / IRSA role ARN
        //   mskBrokersStandIn -> the MSK component's SASL/SCRAM bootstrap brokers
        //   milvusNodeCounts -> the capacity planner's node counts; milvusDependsOn -> node groups, bucket policy,
        //   MSK cluster, gp3 StorageClass, load balancer controller.
        // The stand-in provider points at an unresolvable host so `pulumi up` can never install into whatever
        // cluster the local kubeconfig happens to select.
        var k8sProviderStandIn = new com.pulumi.kubernetes.Provider("k8s", com.pulumi.kubernetes.ProviderArgs.builder()
                .kubeconfig("{\"apiVersion\":\"v1\",\"kind\":\"Config\",\"clusters\":[{\"name\":\"unwired\","
                        + "\"cluster\":{\"server\":\"https://cluster-provider-not-wired.invalid\"}}]}")
                .build());
        Output<String> milvusBucketStandIn = Output.of(naming.name("milvus"));
        Output<String> milvusRoleArnStandIn = Output.of("arn:aws:iam::000000000000:role/" + naming.name("milvus"));
        Output<String> mskBrokersStandIn = Output.of("msk-brokers-not-wired:9096");
        var milvusNodeCounts = new java.util.EnumMap<io.milvuseks.config.NodeRole, Integer>(
                io.milvuseks.config.NodeRole.class);
        settings.nodePools().forEach((role, pool) -> milvusNodeCounts.put(role, pool.desired().orElse(pool.min())));
        java.util.List<com.pulumi.resources.Resource> milvusDependsOn = java.util.List.of();
        boolean msk = settings.messageQueue() == io.milvuseks.config.MessageQueue.MSK;
        var milvus = new io.milvuseks.milvus.MilvusRelease("milvus", new io.milvuseks.milvus.MilvusReleaseArgs(
                settings, io.milvuseks.milvus.MilvusSizing.plan(settings, milvusNodeCounts),
                milvusBucketStandIn, milvusRoleArnStandIn,
                msk ? java.util.Optional.of(mskBrokersStandIn) : java.util.Optional.empty(),
                ctx.config().requireSecret("milvusRootPassword"),
                msk ? java.util.Optional.of(ctx.config().requireSecret("mskScramPassword")) : java.util.Optional.empty(),
                k8sProviderStandIn, milvusDependsOn), com.pulumi.resources.ComponentResourceOptions.Empty);
        ctx.export(StackOutputs.MILVUS_NAMESPACE, milvus.namespace());
        ctx.export(StackOutputs.MILVUS_PROXY_SERVICE, milvus.proxyService());
        ctx.export(StackOutputs.MILVUS_PROXY_PORT, Output.of(io.milvuseks.milvus.MilvusValuesFactory.PROXY_PORT));
        ctx.export(StackOutputs.MILVUS_TLS, Output.of(settings.milvus().proxyTls()));
        ctx.export(StackOutputs.MILVUS_ROOT_PASSWORD, ctx.config().requireSecret("milvusRootPassword"));
    }
}
