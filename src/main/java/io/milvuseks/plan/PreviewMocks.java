package io.milvuseks.plan;

import com.pulumi.test.Mocks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The mock engine as a first {@code pulumi preview} of an empty stack sees the cloud: a resource to be created
 * has no id, and its state is its inputs and nothing more. Under {@code TestOptions.preview(true)} the Pulumi Java
 * SDK reads a missing id and every output absent from the returned state as unknown (the same rule it applies to
 * a real engine's preview response), so ids, ARNs, endpoints, generated names and everything an {@code apply}
 * derives from them stay unknown, while inputs the program set stay known.
 *
 * <p>Invokes (caller identity, partition, region) run for real during a preview, so they keep their placeholder
 * answers. Nested outputs the program reads inside a known object (the cluster's {@code vpcConfig}) are returned as
 * the wire format's unknown sentinel, as the AWS provider returns computed nested attributes on create.
 */
public final class PreviewMocks implements Mocks {

    private final PlaceholderMocks invokes;

    public PreviewMocks(String region) {
        this.invokes = new PlaceholderMocks(region);
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        var state = new HashMap<String, Object>(args.inputs);
        if (args.type.equals("aws:eks/cluster:Cluster")) {
            // computed attributes of the vpcConfig block: unknown, not absent, or the whole block would read known
            var vpcConfig = new HashMap<String, Object>();
            if (args.inputs.get("vpcConfig") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> vpcConfig.put(String.valueOf(k), v));
            }
            vpcConfig.putIfAbsent("clusterSecurityGroupId", OfflineEngine.UNKNOWN);
            vpcConfig.putIfAbsent("vpcId", OfflineEngine.UNKNOWN);
            state.put("vpcConfig", vpcConfig);
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.empty(), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        return invokes.callAsync(args);
    }
}
