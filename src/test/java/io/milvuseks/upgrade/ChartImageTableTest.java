package io.milvuseks.upgrade;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ChartImageTableTest {

    private static MilvusVersion v(String s) {
        return MilvusVersion.parse(s).orElseThrow();
    }

    // Spot rows against milvus-helm charts/milvus/Chart.yaml history (git log -p), including charts that kept
    // the previous appVersion (5.0.9, 4.2.56).
    @ParameterizedTest
    @CsvSource({"5.0.19, 2.6.15", "5.0.17, 2.6.14", "5.0.9, 2.6.6", "5.0.0, 2.6.0", "4.2.58, 2.5.16",
            "4.2.56, 2.5.14", "4.2.34, 2.5.1"})
    void chartShipsItsRelease(String chart, String milvus) {
        assertThat(ChartImageTable.milvusOf(v(chart))).contains(v(milvus));
    }

    @Test
    void unreleasedOrUnknownChartsAreAbsent() {
        assertThat(ChartImageTable.milvusOf(v("5.0.18"))).isEmpty(); // never released: 5.0.17 -> 5.0.19
        assertThat(ChartImageTable.milvusOf(v("5.1.0"))).isEmpty();
        assertThat(ChartImageTable.chartsFor(v("2.6.15"))).containsExactly(v("5.0.19"));
        assertThat(ChartImageTable.chartsFor(v("2.5.16"))).containsExactly(v("4.2.58"));
    }

    @Test
    void aNewerChartNeverShipsAnOlderMilvusAndEachChartLineIsOneMinor() {
        var rows = new ArrayList<>(ChartImageTable.all().entrySet());
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).getValue()).as("chart " + rows.get(i).getKey())
                    .isGreaterThanOrEqualTo(rows.get(i - 1).getValue());
        }
        rows.forEach(r -> assertThat(r.getValue().minor()).as("chart " + r.getKey())
                .isEqualTo(r.getKey().major() == 5 ? 6 : 5));
    }
}
