package io.milvuseks.capacity;

import io.milvuseks.config.NodeRole;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24: the committed prod stack runs the configuration capacity --compare recommends for it, meets its own
 * targets, and its comment states the planner's figures as computed (issue 17 kept only the alternative there).
 */
class ProdStackCommentTest {

    @Test
    void theProdStackRunsThePlannersRecommendationAndSaysSo() throws Exception {
        var settings = Stacks.settings("prod");
        var own = CapacityPlanner.plan(settings);
        var rows = IndexComparison.compare(CapacityInput.from(settings));
        var rec = IndexComparison.recommended(rows).orElseThrow();
        var alt = rec.plan().orElseThrow();
        // the recommendation is what the file configures: index (type, build params) and query type, and its count
        assertThat(rec.spec()).isEqualTo(settings.collection().index());
        assertThat(alt.input().pool(NodeRole.QUERY).instanceType())
                .isEqualTo(settings.pool(NodeRole.QUERY).instanceType());
        assertThat(alt.input().mmap()).isEqualTo(settings.collection().mmap());
        assertThat(own.nodeCount(NodeRole.QUERY)).isEqualTo(alt.nodeCount(NodeRole.QUERY));
        // and it meets the targets: the QPS served within the pool's max, the recall at its search parameters
        assertThat(own.query().qpsShortfall()).isFalse();
        assertThat(own.query().qpsServed()).isGreaterThanOrEqualTo(settings.capacity().targetQps());
        assertThat(own.search().rate().meets(settings.capacity().minRecall())).isTrue();
        assertThat(CapacityCheck.problems(settings.project(), own)).isEmpty();

        var expected = line(settings.capacity().targetQps(), settings.capacity().minRecall(), own);
        var yaml = Files.readString(Stacks.PROJECT_DIR.resolve("Pulumi.prod.yaml"));
        var found = Pattern.compile("^\\s*# capacity --compare for this stack: (.*)$", Pattern.MULTILINE).matcher(yaml);
        assertThat(found.find()).as("Pulumi.prod.yaml has the comment; expected:%n  %s", expected).isTrue();
        assertThat(found.group(1)).isEqualTo(expected);
    }

    /** The comment's figures: what the stack runs and what it costs, from the planner. */
    static String line(int qps, double floor, CapacityPlan p) {
        return String.format(Locale.ROOT, "%d QPS, recall >= %.2f: %s %s on %d x %s, search %s (recall %.3f), bound "
                        + "by %s, serves ~%.0f QPS; $%,.0f a month standing, $%.2f/M per replica ($%.2f with a 1-year "
                        + "savings plan)",
                qps, floor, p.input().index().type().wire(), p.input().index().allParams(),
                p.nodeCount(NodeRole.QUERY), p.input().pool(NodeRole.QUERY).instanceType(),
                p.search().rate().searchParams(), p.search().rate().recall(), p.queryBound(), p.query().qpsServed(),
                p.totalUsdPerMonth(), p.perMillionPerReplica(p.totalUsdPerMonth()),
                p.perMillionPerReplica(p.totalUsdPerMonthWithSavingsPlan()));
    }
}
