package io.milvuseks.backup;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.config.BackupSettings;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BackupReportTest {

    @Test
    void storageIsOneCopyOfTheBinlogsPerRetainedRunAtTheS3Price() {
        var plan = CapacityPlanner.plan(Stacks.settings("prod"));
        var daily = BackupReport.of(new BackupSettings(true, "0 2 * * *", 14), plan);
        long copy = plan.entityBytes() * plan.input().vectors();
        assertThat(daily.copyBytes()).isEqualTo(copy);
        assertThat(daily.copies()).isEqualTo(15); // 14 days + the noncurrent grace day
        assertThat(daily.usdPerMonth()).isCloseTo(copy * 15 / 1e9 * Assumptions.S3_USD_PER_GB_MONTH, within(1e-6));
        assertThat(daily.intervalHours()).isEqualTo(24);

        var sixHourly = BackupReport.of(new BackupSettings(true, "0 */6 * * *", 14), plan);
        assertThat(sixHourly.copies()).isEqualTo(60);
        assertThat(sixHourly.usdPerMonth()).isCloseTo(daily.usdPerMonth() * 4, within(1e-6));
        assertThat(sixHourly.intervalHours()).isEqualTo(6);

        assertThat(BackupReport.of(new BackupSettings(false, "0 2 * * *", 14), plan).usdPerMonth()).isZero();
    }
}
