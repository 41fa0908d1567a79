package io.milvuseks.milvus;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.config.MessageQueue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdBudgetTest {

    @Test
    void theProdCollectionFitsTheChartQuotaWithRoomToSpare() {
        var b = EtcdBudget.of(Fixtures.settings("prod", MessageQueue.MSK));
        // 1 B x (384 x 4 + 200) B in segments of the planner's size; 8 shards x 64 partitions x 768 small = 393,216
        long sealed = (long) Math.ceil(1e9 * (384 * 4 + 200) / io.milvuseks.capacity.Assumptions.SEGMENT_MAX_BYTES);
        assertThat(b.segments()).isEqualTo(sealed + 393_216);
        assertThat(b.budgetBytes()).isEqualTo(EtcdBudget.FIXED_BYTES + (sealed + 393_216) * EtcdBudget.BYTES_PER_SEGMENT);
        assertThat(b.quotaBytes()).isEqualTo(5 * EtcdBudget.GIB);
        assertThat(b.overQuota()).isFalse();
    }

    @Test
    void theShardTimesPartitionCountIsWhatFillsEtcd() {
        // milvus#49947's layout (16 x 64) at the 7 B rows it reached, 768-d float32
        var issue = EtcdBudget.of(7_000_000_000L, 768 * 4 + 200, Assumptions.SEGMENT_MAX_BYTES, 16, 64);
        var fewer = EtcdBudget.of(7_000_000_000L, 768 * 4 + 200, Assumptions.SEGMENT_MAX_BYTES, 4, 0);
        assertThat(issue.budgetBytes()).isGreaterThan(10 * fewer.budgetBytes());
        // the layout that took that cluster down is flagged: even etcd's largest quota cannot hold it twice over
        assertThat(issue.segments()).isGreaterThan(783_686L);
        assertThat(issue.overQuota()).isTrue();
        assertThat(fewer.overQuota()).isFalse();
        var max = EtcdBudget.of(1_000_000_000L, 1736, Assumptions.SEGMENT_MAX_BYTES, 16, 1024);
        assertThat(max.overQuota()).isTrue();
        assertThat(max.quotaBytes()).isEqualTo(EtcdBudget.MAX_QUOTA);
    }

    @Property
    void theQuotaIsTwiceTheBudgetWithinTheChartDefaultAndEtcdsMaximum(
            @ForAll @LongRange(min = 0, max = 100_000_000_000L) long rows,
            @ForAll @IntRange(min = 8, max = 131_072) int bytesPerRow,
            @ForAll @IntRange(min = 1, max = 16) int shards, @ForAll @IntRange(min = 0, max = 1024) int partitions) {
        var b = EtcdBudget.of(rows, bytesPerRow, Assumptions.SEGMENT_MAX_BYTES, shards, partitions);
        assertThat(b.quotaBytes()).isBetween(EtcdBudget.CHART_QUOTA, EtcdBudget.MAX_QUOTA);
        assertThat(b.quotaBytes() % EtcdBudget.GIB).isZero();
        assertThat(b.overQuota()).isEqualTo(2 * b.budgetBytes() > EtcdBudget.MAX_QUOTA);
        if (!b.overQuota()) {
            assertThat(b.quotaBytes()).isGreaterThanOrEqualTo(2 * b.budgetBytes());
        }
        assertThat((long) b.memoryMiB() * 1024 * 1024).isGreaterThan(b.quotaBytes());
        // more shards or partitions never shrink the budget
        var more = EtcdBudget.of(rows, bytesPerRow, Assumptions.SEGMENT_MAX_BYTES, shards + 1, partitions + 1);
        assertThat(more.budgetBytes()).isGreaterThan(b.budgetBytes());
    }
}
