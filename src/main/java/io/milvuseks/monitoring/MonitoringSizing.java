package io.milvuseks.monitoring;

/**
 * How big Prometheus must be for this cluster, and what monitoring costs a month. Round, labelled assumptions (no
 * measurement here): series per node and per Milvus pod are estimates on the safe side for kube-prometheus-stack's
 * default scrapes; bytes per sample is Prometheus' own figure ("on average, Prometheus uses only around 1-2 bytes per
 * sample", prometheus.io/docs/prometheus/latest/storage, "Operational aspects"); 30 s is the chart's default scrape
 * interval.
 *
 * @param series          active series estimated
 * @param prometheusGiB   each Prometheus replica's volume
 * @param prometheusMemGiB each Prometheus replica's memory request
 * @param replicas        Prometheus and Alertmanager replicas (2 in prod: a node drain does not blind the alerts)
 * @param volumesGiB      every monitoring volume together (Prometheus, Alertmanager, Grafana)
 * @param monthlyUsd      those volumes on gp3, plus the alarms (the pods run on the infra nodes, already costed)
 */
public record MonitoringSizing(long series, int prometheusGiB, int prometheusMemGiB, int replicas, int volumesGiB,
                               double monthlyUsd) {

    /** node-exporter (~1,000) and kubelet/cAdvisor (~1,000 for ~30 containers) per node. */
    static final int SERIES_PER_NODE = 2_000;
    /** Milvus exports histograms per node, channel and collection: ~5,000 series a pod is a generous estimate. */
    static final int SERIES_PER_MILVUS_POD = 5_000;
    /** kube-state-metrics, the API server, CoreDNS, the operator and Prometheus itself. */
    static final int SERIES_BASELINE = 50_000;
    static final int SCRAPE_INTERVAL_SECONDS = 30;
    static final double BYTES_PER_SAMPLE = 2.0;
    /** WAL, head chunks and compaction need room beside the blocks. */
    static final double DISK_HEADROOM = 1.5;
    /** Head series with their labels and query working set; ~8 KiB a series is the safe end of common estimates. */
    static final int BYTES_PER_SERIES_MEMORY = 8 * 1024;
    static final int MIN_PROMETHEUS_GIB = 20;
    static final int MIN_PROMETHEUS_MEM_GIB = 2;
    static final int ALERTMANAGER_GIB = 2;
    static final int GRAFANA_GIB = 10;
    /** gp3 storage, us-east-1 (aws.amazon.com/ebs/pricing). */
    static final double GP3_USD_PER_GIB_MONTH = 0.08;
    /** A standard-resolution CloudWatch metric alarm (aws.amazon.com/cloudwatch/pricing). */
    static final double ALARM_USD_MONTH = 0.10;
    static final double GIB = 1024.0 * 1024 * 1024;

    public static MonitoringSizing plan(int nodes, int milvusPods, int retentionDays, boolean prod, int alarms) {
        long series = SERIES_BASELINE + (long) nodes * SERIES_PER_NODE + (long) milvusPods * SERIES_PER_MILVUS_POD;
        double bytes = (double) series / SCRAPE_INTERVAL_SECONDS * 86_400 * retentionDays * BYTES_PER_SAMPLE
                * DISK_HEADROOM;
        int promGiB = Math.max(MIN_PROMETHEUS_GIB, (int) Math.ceil(bytes / GIB));
        int memGiB = Math.max(MIN_PROMETHEUS_MEM_GIB, (int) Math.ceil(series * (double) BYTES_PER_SERIES_MEMORY / GIB));
        int replicas = prod ? 2 : 1;
        int volumes = replicas * (promGiB + ALERTMANAGER_GIB) + GRAFANA_GIB;
        double usd = volumes * GP3_USD_PER_GIB_MONTH + alarms * ALARM_USD_MONTH;
        return new MonitoringSizing(series, promGiB, memGiB, replicas, volumes, usd);
    }

    /** Prometheus' size-based retention: 90 % of its volume, so a burst of series cannot fill the disk. */
    public String retentionSize() {
        return (int) Math.floor(prometheusGiB * 0.9) + "GB";
    }
}
