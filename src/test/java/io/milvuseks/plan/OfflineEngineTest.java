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
    void recordsDependenciesAsTheEngineReceivesThemAndTheExplicitProvider() {
        var run = OfflineEngine.run(CONFIG, ctx -> {
            var first = new BucketV2("first", BucketV2Args.builder().bucket("first").build());
            var feeder = new BucketV2("feeder", BucketV2Args.builder().bucket("feeder").build());
            var east = new com.pulumi.aws.Provider("east", com.pulumi.aws.ProviderArgs.builder()
                    .region("us-east-1").build());
            new BucketV2("second", BucketV2Args.builder().bucket(feeder.bucket().applyValue(b -> b + "-2")).build(),
                    CustomResourceOptions.builder().dependsOn(first).provider(east).build());
        });

        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        var plan = run.plan("dev");
        var second = plan.find("aws:s3/bucketV2:BucketV2", "second").orElseThrow();
        assertThat(second.dependsOn()).containsExactly("feeder", "first");
        assertThat(second.propertyDependencies()).containsEntry("bucket", java.util.List.of("feeder"));
        assertThat(second.explicitDependsOn()).containsExactly("first");
        assertThat(second.provider()).isEqualTo("east");
        var first = plan.find("aws:s3/bucketV2:BucketV2", "first").orElseThrow();
        assertThat(first.dependsOn()).isEmpty();
        assertThat(first.provider()).as("default provider").isNull();
        assertThat(PlanJson.write(plan)).contains("\"provider\": \"east\"")
                .contains("\"dependsOn\": [\n        \"feeder\",\n        \"first\"\n      ]");
        assertThat(PlanText.render(plan)).contains("(provider) east")
                .contains("(depends on) feeder, first  (explicitly: first)");
    }

    @Test
    void providerNamesComeFromTheReferenceUrnAndDefaultProvidersAreNull() {
        assertThat(OfflineEngine.providerName(
                "urn:pulumi:dev::proj::pulumi:providers:kubernetes::k8s::04da6b54-80e4-46f7-96ec-b56ff0331ba9"))
                .isEqualTo("k8s");
        assertThat(OfflineEngine.providerName("urn:pulumi:dev::proj::pulumi:providers:aws::default_6_83_0::id"))
                .isNull();
        assertThat(OfflineEngine.providerName("")).isNull();
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
