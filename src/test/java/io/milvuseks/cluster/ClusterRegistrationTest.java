package io.milvuseks.cluster;

import com.pulumi.resources.Resource;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import io.milvuseks.App;
import io.milvuseks.plan.PlaceholderMocks;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** What the plan does not record: resource options as the engine receives them. */
class ClusterRegistrationTest {

    /** Every registration request of a run of the program on the mock engine. */
    static List<RegisterResourceRequest> registrations(String stack) {
        var raw = Stacks.raw(stack);
        var mocks = new PlaceholderMocks(raw.get("aws:region").orElseThrow());
        var recorded = Collections.synchronizedList(new ArrayList<RegisterResourceRequest>());
        var quiet = Logger.getLogger("milvus-eks.registration-test");
        quiet.setUseParentHandlers(false);
        quiet.setLevel(Level.OFF);
        var test = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName(raw.project()).stackName(raw.stack()).preview(false).build())
                .mocks(mocks)
                .standardLogger(quiet)
                .config(raw.values(), raw.secretKeys())
                .monitorDecorator(original -> new MockMonitor(mocks, PulumiTestInternal.mockLog()) {
                    @Override
                    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(
                            Resource resource, RegisterResourceRequest request) {
                        recorded.add(request);
                        return super.registerResourceAsync(resource, request);
                    }
                })
                .build();
        try {
            var result = test.runTest(App::stack);
            assertThat(result.exceptions()).isEmpty();
            synchronized (recorded) {
                return List.copyOf(recorded);
            }
        } finally {
            PulumiTest.cleanup();
        }
    }

    @Test
    void theCreatorAdminFlagIsIgnoredAfterCreationSoAChangeNeverReplacesTheCluster() {
        for (var stack : List.of("staging", "prod")) {
            var cluster = registrations(stack).stream().filter(r -> r.getType().equals(EksClusterPlanTest.CLUSTER))
                    .toList();
            assertThat(cluster).hasSize(1);
            assertThat(cluster.get(0).getIgnoreChangesList()).as(stack)
                    .containsExactly("accessConfig.bootstrapClusterCreatorAdminPermissions");
        }
    }
}
