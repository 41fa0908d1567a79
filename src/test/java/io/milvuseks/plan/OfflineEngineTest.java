package io.milvuseks.plan;

import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.milvuseks.config.RawConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineEngineTest {

    private static final RawConfig CONFIG = new RawConfig("proj", "dev",
            Map.of("aws:region", "eu-west-1", "proj:password", "hunter2", "proj:plain", "visible"),
            Set.of("proj:password"), true);

    @Test
    void recordsTypeNameParentOptionsAndHidesSecrets() {
        var run = OfflineEngine.run(CONFIG, ctx -> {
            var parent = new ComponentResource("test:index:Group", "group", ComponentResourceOptions.Empty);
            new BucketV2("data", BucketV2Args.builder()
                    .bucket(ctx.config().get("plain").orElseThrow())
                    .tags(ctx.config().requireSecret("password").applyValue(p -> Map.of("pw", p)))
                    .build(),
                    CustomResourceOptions.builder().parent(parent).protect(true).retainOnDelete(true).build());
            ctx.export("secretOut", ctx.config().requireSecret("password"));
            ctx.export("plainOut", Output.of("x"));
        });

        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        var bucket = run.plan("dev").find("aws:s3/bucketV2:BucketV2", "data").orElseThrow();
        assertThat(bucket.parent()).isEqualTo("group");
        assertThat(bucket.protect()).isTrue();
        assertThat(bucket.retainOnDelete()).isTrue();
        assertThat(bucket.inputs()).containsEntry("bucket", "visible").containsEntry("tags", Placeholders.SECRET);
        assertThat(run.plan("dev").find("test:index:Group", "group").orElseThrow().parent()).isNull();
        assertThat(run.outputs()).containsEntry("secretOut", Placeholders.SECRET).containsEntry("plainOut", "x");
        assertThat(PlanJson.write(run.plan("dev"))).doesNotContain("hunter2");
    }

    @Test
    void programExceptionsAreReportedNotThrown() {
        var run = OfflineEngine.run(CONFIG, ctx -> {
            throw new IllegalStateException("boom");
        });
        assertThat(run.failed()).isTrue();
        assertThat(String.join("\n", run.errorLines())).contains("boom");
    }
}
