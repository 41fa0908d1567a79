package io.milvuseks.kube;

import io.milvuseks.kube.netpol.ConnectivityMatrix;
import io.milvuseks.kube.netpol.Flows;
import io.milvuseks.kube.netpol.Snapshot;
import io.milvuseks.testing.Stacks;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The Kubernetes tier: each stack's Kubernetes layer against a real kube-apiserver, kube-controller-manager and
 * kube-scheduler (1.33, built from the Go module proxy by {@code .ci/kube-tools.sh}) on loopback.
 *
 * <ol>
 *   <li>The plan (the real program on the mock engine) becomes the objects {@code pulumi up} would send: plain
 *   objects from their inputs, each Helm release rendered by the real helm from its pinned chart
 *   ({@link PlanManifests}).</li>
 *   <li>Namespaces and CRDs are applied, then every object goes through {@code kubectl apply --server-side
 *   --dry-run=server} with strict field validation: zero rejections.</li>
 *   <li>Fake nodes per node group ({@link FakeNodes}) and EKS's own add-ons ({@link EksAddons}) are registered,
 *   the objects applied for real, stand-ins create what controllers that cannot run here would ({@link StandIns},
 *   {@link FakeProvisioner}), and the real scheduler places every pod; a Pending pod fails the test with the
 *   scheduler's reason.</li>
 *   <li>A second run on a fresh control plane with node memory 3 % below the planner's assumption: every pod must
 *   still be placed.</li>
 *   <li>Controls ({@link Controls}): a misspelt PDB field is rejected, an oversized pod is reported unschedulable.</li>
 *   <li>Namespaces, pods and NetworkPolicies are written to {@code target/kube-tier/<stack>-snapshot.json} and
 *   handed to {@link #CONNECTIVITY} (the NetworkPolicy connectivity matrix).</li>
 * </ol>
 * Everything found is reported at once. Run alone: {@code ./mvnw -q verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=KubeTierIT -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class KubeTierIT {

    static final Path OUT = Stacks.PROJECT_DIR.resolve("target/kube-tier");

    /** The checks run on each stack's snapshot: the NetworkPolicy connectivity matrix over the real pods. */
    static final List<ClusterSnapshot.Check> CONNECTIVITY = List.of(KubeTierIT::connectivity);

    /** The margin run's node memory, relative to the planner's assumption of what the kernel reports. */
    static final double MARGIN = 0.97;

    @Test
    void staging() throws Exception {
        tier("staging");
    }

    @Test
    void prod() throws Exception {
        tier("prod");
    }

    private void tier(String stack) throws Exception {
        KubeTools.bin();
        long t0 = System.nanoTime();
        var dir = OUT.resolve(stack);
        deleteRecursively(dir);
        var plan = Stacks.plan(stack);
        var manifests = PlanManifests.of(plan, Stacks.PROJECT_DIR, dir.resolve("render"));
        var addons = EksAddons.of(plan);
        var groups = FakeNodes.groups(plan);
        var kubeVersion = PlanManifests.kubeVersion(plan);
        System.out.printf("%n== kube tier: %s: %d objects from the plan and its %d Helm releases, %d node groups, "
                + "Kubernetes %s (plan and helm template %.1f s)%n", stack, manifests.size(),
                plan.ofType(PlanManifests.RELEASE).size(), groups.size(), kubeVersion, (System.nanoTime() - t0) / 1e9);

        var nominal = new TierRun(stack, stack, manifests, addons, groups, kubeVersion, 1.0, true)
                .execute(dir.resolve("nominal"), true);
        var snapshotFile = OUT.resolve(stack + "-snapshot.json");
        nominal.snapshot().write(snapshotFile);
        var margin = new TierRun(stack, stack + " with node memory 3 % below the planner's assumption", manifests,
                addons, groups, kubeVersion, MARGIN, false).execute(dir.resolve("margin"), false);
        System.out.printf("%n== kube tier: %s done in %.0f s; snapshot %s%n", stack, (System.nanoTime() - t0) / 1e9,
                snapshotFile);

        var soft = new SoftAssertions();
        var c = nominal.controls();
        soft.assertThat(c.copyAccepted()).as("control: the unmodified copy of %s passes the strict dry run", c.pdb())
                .isTrue();
        soft.assertThat(c.typoRejected()).as("control: a misspelt field in a copy of %s is rejected", c.pdb())
                .isTrue();
        // server-side apply reports an unknown field as "field not declared in schema", naming its path
        soft.assertThat(c.typoRejection()).as("control: the rejection names the misspelt field")
                .contains(c.typoField()).containsAnyOf("not declared in schema", "unknown field");
        soft.assertThat(c.unschedulable()).as("control: an oversized pod is reported unschedulable")
                .isNotNull().contains("Insufficient memory");
        soft.assertThat(nominal.rejections()).as("%s: objects rejected by the strict server-side dry run", stack)
                .isEmpty();
        soft.assertThat(nominal.placement().problems()).as("%s: pods not placed by the scheduler", stack).isEmpty();
        soft.assertThat(margin.rejections()).as("%s (-3 %% memory): objects rejected on apply", stack).isEmpty();
        soft.assertThat(margin.placement().problems())
                .as("%s with node memory 3 %% below the planner's assumption: pods not placed", stack).isEmpty();
        soft.assertThat(nominal.provisionerErrors()).as("%s: stand-in provisioner errors", stack).isEmpty();
        var snapshot = ClusterSnapshot.readFile(snapshotFile);
        for (var check : CONNECTIVITY) {
            soft.assertThat(check.findings(snapshot)).as("%s: connectivity matrix", stack).isEmpty();
        }
        soft.assertAll();
    }

    /**
     * The declared flows ({@link Flows}) evaluated over the pods the controllers created and the NetworkPolicies the
     * API server stored; the whole report goes to {@code target/kube-tier/<stack>-matrix.txt}.
     */
    private static List<String> connectivity(ClusterSnapshot s) {
        var report = ConnectivityMatrix.check(new Snapshot(s.namespaces(), s.pods(), s.networkPolicies()),
                Flows.of(Stacks.settings(s.stack())));
        try {
            Files.writeString(OUT.resolve(s.stack() + "-matrix.txt"), report.text() + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.printf("%n== kube tier: %s connectivity matrix: %d flows, %d failed (%s)%n", s.stack(),
                report.lines().size(), report.failures().size(), OUT.resolve(s.stack() + "-matrix.txt"));
        return report.failures().stream().map(Object::toString).toList();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
