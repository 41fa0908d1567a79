package io.milvuseks.kube.netpol;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.milvuseks.plan.Plan;
import io.milvuseks.restore.RestoreJob;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack's declared flows ({@link Flows}) against its own plan: the plain objects and every Helm release rendered
 * with {@code helm template} and the plan's values ({@link TemplatePods}), plus a restore Job cut from the planned
 * backup CronJob by the real {@link RestoreJob}. Needs helm (.ci/kube-tools.sh) and the chart archives
 * (shared/charts): with CI=true a missing one fails, otherwise the test is skipped with one line. The report is also
 * written to target/netpol/&lt;stack&gt;-matrix.txt.
 */
class PlanConnectivityTest {

    private static boolean toldSkip;

    static TemplatePods.Tools tools() {
        try {
            return TemplatePods.Tools.find();
        } catch (IllegalStateException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(e.getMessage(), e);
            }
            if (!toldSkip) {
                System.err.println("PlanConnectivityTest skipped: " + e.getMessage());
                toldSkip = true;
            }
            Assumptions.abort(e.getMessage());
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "staging"})
    void everyDeclaredFlowHoldsOnTheRenderedStack(String stack) throws Exception {
        var tools = tools();
        var settings = Stacks.settings(stack);
        var plan = Stacks.plan(stack);
        var rendered = TemplatePods.snapshot(plan, settings, tools);
        var pods = new ArrayList<>(rendered.pods());
        restorePod(plan).ifPresent(pods::add);
        var snapshot = new Snapshot(rendered.namespaces(), pods, rendered.networkPolicies());

        var report = ConnectivityMatrix.check(snapshot, Flows.of(settings));
        var file = Path.of("target/netpol/" + stack + "-matrix.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report.text() + "\n");
        assertThat(report.failures()).as("%s:%n%s", stack, report.text()).isEmpty();
        assertThat(report.lines()).as("the restore flow is checked where backups are on")
                .filteredOn(l -> l.status() == ConnectivityMatrix.Report.Status.SKIP).isEmpty();
    }

    /** The pod of a restore Job made from the planned backup CronJob, as {@code restore} would create it. */
    static java.util.Optional<Map<String, Object>> restorePod(Plan plan) {
        var cron = plan.ofType("kubernetes:batch/v1:CronJob").stream()
                .filter(r -> "milvus-backup".equals(Obj.name(r.inputs()))).findFirst();
        if (cron.isEmpty()) {
            return java.util.Optional.empty();
        }
        var serialization = new KubernetesSerialization();
        var cronJob = serialization.convertValue(cron.get().inputs(), CronJob.class);
        var job = RestoreJob.from(cronJob, new RestoreJob.Request("nightly_1", "default", "docs", "docs_restored",
                RestoreJob.DEFAULT_DEADLINE, Instant.parse("2026-01-02T03:04:05Z")));
        @SuppressWarnings("unchecked")
        Map<String, Object> jobMap = serialization.convertValue(job, Map.class);
        return java.util.Optional.of(TemplatePods.pods(jobMap).get(0));
    }
}
