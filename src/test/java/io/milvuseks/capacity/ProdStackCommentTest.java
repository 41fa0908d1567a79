package io.milvuseks.capacity;

import io.milvuseks.config.NodeRole;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: Pulumi.prod.yaml's comment names the planner's recommended alternative and its saving, as computed. */
class ProdStackCommentTest {

    @Test
    void theProdStackFileShowsTheRecommendedAlternativeAndItsSaving() throws Exception {
        var settings = Stacks.settings("prod");
        var own = CapacityPlanner.plan(settings);
        var rows = IndexComparison.compare(CapacityInput.from(settings));
        var rec = IndexComparison.recommended(rows).orElseThrow();
        var alt = rec.plan().orElseThrow();
        var expected = String.format(Locale.ROOT, "# capacity --compare for this stack (%d QPS, recall >= %.2f): "
                        + "%s on %d x %s%s, $%,.0f a month standing against %s's $%,.0f (%d x %s%s): saves $%,.0f a "
                        + "month",
                settings.capacity().targetQps(), settings.capacity().minRecall(), rec.type().wire(),
                alt.nodeCount(NodeRole.QUERY), alt.input().pool(NodeRole.QUERY).instanceType(),
                alt.input().mmap() ? " with mmap" : "", alt.totalUsdPerMonth(), own.input().index().type().wire(),
                own.totalUsdPerMonth(), own.nodeCount(NodeRole.QUERY), own.input().pool(NodeRole.QUERY).instanceType(),
                own.query().qpsShortfall() ? String.format(Locale.ROOT, ", ~%.0f QPS: short of the target",
                        own.query().qpsServed()) : "",
                own.totalUsdPerMonth() - alt.totalUsdPerMonth());
        var yaml = Files.readString(Stacks.PROJECT_DIR.resolve("Pulumi.prod.yaml"));
        var line = Pattern.compile("^\\s*(# capacity --compare for this stack.*)$", Pattern.MULTILINE).matcher(yaml);
        assertThat(line.find()).as("Pulumi.prod.yaml has the comment; expected:%n  %s", expected).isTrue();
        assertThat(line.group(1)).isEqualTo(expected);
        assertThat(yaml).contains("targetQps " + settings.capacity().targetQps() + " it needs "
                + own.query().byQps() + "\n    # query nodes, more than nodePools.query.max");
        // a real alternative: another index, meeting the floor, cheaper
        assertThat(rec.type()).isNotEqualTo(own.input().index().type());
        assertThat(IndexProfile.of(rec.type()).recall()).isGreaterThanOrEqualTo(settings.capacity().minRecall());
        assertThat(alt.totalUsdPerMonth()).isLessThan(own.totalUsdPerMonth());
    }
}
