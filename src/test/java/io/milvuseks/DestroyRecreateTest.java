package io.milvuseks;

import io.milvuseks.plan.Plan;
import io.milvuseks.plan.PlannedResource;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.milvuseks.testing.Inputs.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * `pulumi destroy` then `pulumi up` in staging (issue 16.1), and prod's data kept, at plan level: what each
 * environment keeps on delete, that nothing kept has a fixed name the next `up` would clash with, and that the
 * docs/destroy-recreate.md walk-through names what the plan shows.
 */
class DestroyRecreateTest {

    private static final String NAMESPACE = "kubernetes:core/v1:Namespace";
    private static final String STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

    @Test
    void stagingDeletesTheMilvusNamespaceSoItsClaimsAndVolumesGo() {
        var staging = Stacks.plan("staging");
        var ns = staging.ofType(NAMESPACE).stream().filter(n -> n.name().equals("milvus-namespace")).findFirst().orElseThrow();
        assertThat(ns.retainOnDelete()).as("a kept namespace keeps its PVCs, and their EBS volumes stay billed")
                .isFalse();
        assertThat(ns.protect()).isFalse();
        // deleting the claims deletes the volumes only with reclaim Delete
        assertThat(staging.ofType(STORAGE_CLASS).get(0).inputs()).containsEntry("reclaimPolicy", "Delete");
    }

    @Test
    void prodKeepsAndProtectsTheNamespaceAndItsVolumes() {
        var prod = Stacks.plan("prod");
        var ns = prod.ofType(NAMESPACE).stream().filter(n -> n.name().equals("milvus-namespace")).findFirst().orElseThrow();
        assertThat(ns.retainOnDelete()).isTrue();
        assertThat(ns.protect()).isTrue();
        assertThat(prod.ofType(STORAGE_CLASS).get(0).inputs()).containsEntry("reclaimPolicy", "Retain");
    }

    /**
     * What staging keeps on destroy is still there at the next `up`: it must carry no fixed physical name, or the
     * new stack's resource of the same name would fail with "already exists".
     */
    @Test
    void nothingStagingKeepsHasAFixedName() {
        var kept = Stacks.plan("staging").resources().stream().filter(PlannedResource::retainOnDelete).toList();
        assertThat(kept).extracting(PlannedResource::type)
                .containsExactlyInAnyOrder("aws:s3/bucketV2:BucketV2", "aws:kms/key:Key");
        for (var r : kept) {
            assertThat(r.inputs()).as(r.name()).doesNotContainKeys("name", "bucket");
        }
    }

    /** Every resource name in the docs/destroy-recreate.md walk-through is one the staging plan shows (or that resource's name). */
    @Test
    void theReadmeWalkThroughNamesWhatThePlanShows() throws IOException {
        var readme = Files.readString(Stacks.PROJECT_DIR.resolve("docs/destroy-recreate.md"));
        int start = readme.indexOf("# Destroy and recreate (staging)");
        assertThat(start).as("docs section").isNotNegative();
        var section = readme.substring(start);
        var plan = Stacks.plan("staging");

        var names = new ArrayList<String>();
        var m = Pattern.compile("`((?:milvus-eks-staging|milvus|alias/milvus-eks-staging)[a-z0-9-]*)(?:-<[^>]+>)?`")
                .matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("milvus-namespace", "milvus-eks-staging-gp3", "milvus-eks-staging-data",
                "milvus-eks-staging-data-key", "milvus-eks-staging-milvus-s3", "alias/milvus-eks-staging-data");
        for (var name : names) {
            assertThat(shows(plan, name)).as("the staging plan shows `" + name + "`").isTrue();
        }
    }

    /** A resource of that name, or a physical name among a resource's inputs (alias name, bucket prefix, k8s name). */
    private static boolean shows(Plan plan, String name) {
        for (var r : plan.resources()) {
            if (r.name().equals(name)) {
                return true;
            }
            var values = new ArrayList<Object>(List.of(String.valueOf(r.inputs().get("name")),
                    String.valueOf(r.inputs().get("bucketPrefix"))));
            if (r.inputs().get("metadata") instanceof Map<?, ?> meta) {
                values.add(String.valueOf(map(meta).get("name")));
            }
            if (values.contains(name) || values.contains(name + "-")) {
                return true;
            }
        }
        return false;
    }
}
