package io.milvuseks.upgrade;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which Milvus release each milvus-helm chart version ships ({@code appVersion} in charts/milvus/Chart.yaml of
 * zilliztech/milvus-helm, read from {@code git log -p charts/milvus/Chart.yaml}). A chart's values, probes and
 * components are written for its own Milvus, so the image must be that release (a flavour suffix such as
 * {@code -gpu} is fine). The one place the pairs live; add a row when a chart is released.
 */
public final class ChartImageTable {

    /** chart version → Milvus release. Chart 5.0.18 was never released (5.0.17 → 5.0.19). */
    private static final Map<MilvusVersion, MilvusVersion> PAIRS = build(
            // 4.2.x: Milvus 2.5 (4.2.58 ships 2.5.16, the release 2.6 must start from)
            "4.2.34=2.5.1", "4.2.35=2.5.2", "4.2.36=2.5.3", "4.2.37=2.5.4", "4.2.38=2.5.4", "4.2.39=2.5.4",
            "4.2.40=2.5.5", "4.2.41=2.5.6", "4.2.42=2.5.7", "4.2.43=2.5.7", "4.2.44=2.5.8", "4.2.45=2.5.9",
            "4.2.46=2.5.9", "4.2.47=2.5.10", "4.2.48=2.5.11", "4.2.49=2.5.12", "4.2.50=2.5.12", "4.2.51=2.5.13",
            "4.2.52=2.5.13", "4.2.53=2.5.13", "4.2.54=2.5.14", "4.2.55=2.5.14", "4.2.56=2.5.14", "4.2.57=2.5.15",
            "4.2.58=2.5.16",
            // 5.0.x: Milvus 2.6
            "5.0.0=2.6.0", "5.0.1=2.6.0", "5.0.2=2.6.1", "5.0.3=2.6.2", "5.0.4=2.6.3", "5.0.5=2.6.3",
            "5.0.6=2.6.4", "5.0.7=2.6.5", "5.0.8=2.6.6", "5.0.9=2.6.6", "5.0.10=2.6.7", "5.0.11=2.6.8",
            "5.0.12=2.6.9", "5.0.13=2.6.10", "5.0.14=2.6.11", "5.0.15=2.6.12", "5.0.16=2.6.13", "5.0.17=2.6.14",
            "5.0.19=2.6.15");

    private ChartImageTable() {
    }

    private static Map<MilvusVersion, MilvusVersion> build(String... rows) {
        var map = new TreeMap<MilvusVersion, MilvusVersion>();
        for (var row : rows) {
            var parts = row.split("=");
            map.put(MilvusVersion.parse(parts[0]).orElseThrow(), MilvusVersion.parse(parts[1]).orElseThrow());
        }
        return map;
    }

    /** The Milvus release a chart version ships; empty for a chart the table does not know. */
    public static Optional<MilvusVersion> milvusOf(MilvusVersion chart) {
        return Optional.ofNullable(PAIRS.get(chart));
    }

    /** Every chart version that ships {@code milvus}, lowest first. */
    public static java.util.List<MilvusVersion> chartsFor(MilvusVersion milvus) {
        return PAIRS.entrySet().stream().filter(e -> e.getValue().equals(milvus)).map(Map.Entry::getKey).toList();
    }

    /** The chart versions the table covers, lowest .. highest (for "accepted:" lines). */
    public static String knownRange() {
        var keys = new TreeMap<>(PAIRS).navigableKeySet();
        return keys.first() + " .. " + keys.last();
    }

    /** chart=release rows, for documentation and tests. */
    public static Map<MilvusVersion, MilvusVersion> all() {
        return new TreeMap<>(PAIRS);
    }

    static String describe(MilvusVersion milvus) {
        var charts = chartsFor(milvus);
        return charts.isEmpty() ? "none in the table"
                : charts.stream().map(MilvusVersion::toString).collect(Collectors.joining(" or "));
    }
}
