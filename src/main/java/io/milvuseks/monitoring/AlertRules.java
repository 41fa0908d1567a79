package io.milvuseks.monitoring;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stack's alert rules, from where people running Milvus at this scale got hurt: etcd filling (milvus #49947,
 * #44614), query nodes OOM-killed at load (#30483), bookie disks filling (#27003). Metric names are Milvus 2.6's own
 * ({@code pkg/metrics}: proxy_metrics.go, datacoord_metrics.go, querycoord_metrics.go), etcd's
 * ({@code etcd_mvcc_db_total_size_in_bytes}, {@code etcd_server_quota_backend_bytes}), the kubelet's volume stats,
 * cAdvisor's and kube-state-metrics'. Each expression is unit-tested with {@code promtool test rules}.
 */
public final class AlertRules {

    public static final String GROUP = "milvus-eks";
    /** etcd refuses writes at its quota and Milvus stops with it: warn at 70 %, leaving room to compact and defrag. */
    public static final double ETCD_QUOTA_SHARE = 0.70;
    /** Bookie, ZooKeeper and etcd volumes: 80 % leaves hours to expand a gp3 volume (online, no restart). */
    public static final double VOLUME_FULL_SHARE = 0.80;

    /**
     * @param milvusNamespace  where Milvus, its etcd and Pulsar run
     * @param queryMemoryShare the share of the query pod's memory limit the capacity planner sizes segments to
     * @param searchP99Ms      search latency target at the proxy, p99
     * @param loadP99Minutes   collection-load latency target, p99
     * @param backupStaleSeconds with backups on: the age of the last successful backup past which it is stale
     *                         (backup.BackupStaleness); empty without backups, and then no backup rule
     */
    public record Inputs(String milvusNamespace, double queryMemoryShare, int searchP99Ms, int loadP99Minutes,
                         java.util.OptionalLong backupStaleSeconds) {
        public Inputs(String milvusNamespace, double queryMemoryShare, int searchP99Ms, int loadP99Minutes) {
            this(milvusNamespace, queryMemoryShare, searchP99Ms, loadP99Minutes, java.util.OptionalLong.empty());
        }
    }

    /** The backup CronJob (backup.BackupJob.NAME), as kube-state-metrics labels its series. */
    public static final String BACKUP_CRONJOB = io.milvuseks.backup.BackupJob.NAME;

    private AlertRules() {
    }

    public static List<AlertRule> rules(Inputs in) {
        var ns = "namespace=\"" + in.milvusNamespace() + "\"";
        var all = new java.util.ArrayList<>(List.of(
                new AlertRule("MilvusEtcdQuotaFilling",
                        "max by (pod) (etcd_mvcc_db_total_size_in_bytes{" + ns + "} / etcd_server_quota_backend_bytes{"
                                + ns + "}) > " + fmt(ETCD_QUOTA_SHARE),
                        "5m", "critical", "etcd is over " + pct(ETCD_QUOTA_SHARE) + " of its quota: at 100 % it "
                                + "refuses writes and Milvus stops (compact and defrag, or raise the quota)"),
                new AlertRule("MilvusQueryNodeMemoryOverShare",
                        "max by (pod) (container_memory_working_set_bytes{" + ns + ", container=\"querynode\"}"
                                + " / on (namespace, pod, container) kube_pod_container_resource_limits{" + ns
                                + ", container=\"querynode\", resource=\"memory\"}) > " + fmt(in.queryMemoryShare()),
                        "15m", "warning", "a query node uses more than the " + pct(in.queryMemoryShare())
                                + " of its memory the capacity planner sized for: writes throttle next, then OOM"),
                new AlertRule("MilvusIndexBacklog",
                        "sum(milvus_datacoord_task_count{" + ns + ", task_type=\"JobTypeIndexJob\", "
                                + "task_state=~\"JobStateInit|JobStateRetry\"}) > 0",
                        "1h", "warning", "segments have waited over an hour for their index: searches scan them "
                                + "brute force (add data nodes, or check failed builds)"),
                new AlertRule("MilvusCompactionBacklog",
                        "sum(milvus_datacoord_compaction_task_num{" + ns + ", status=\"pending\"}) > 0",
                        "1h", "warning", "compaction tasks have been pending for an hour: deletes and small "
                                + "segments pile up"),
                new AlertRule("MilvusVolumeFilling",
                        "max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{" + ns + "}"
                                + " / kubelet_volume_stats_capacity_bytes{" + ns + "}) > " + fmt(VOLUME_FULL_SHARE),
                        "10m", "critical", "a Milvus volume (bookie, ZooKeeper or etcd) is over "
                                + pct(VOLUME_FULL_SHARE) + " full: expand the PVC before it stops writes"),
                new AlertRule("MilvusPodRestarting",
                        "sum by (pod) (increase(kube_pod_container_status_restarts_total{" + ns + "}[15m])) > 0",
                        "5m", "warning", "a Milvus pod restarted in the last 15 minutes (OOM kill, failed probe or "
                                + "crash: check its last state)"),
                new AlertRule("MilvusSearchLatencyHigh",
                        "histogram_quantile(0.99, sum by (le) (rate(milvus_proxy_sq_latency_bucket{" + ns
                                + ", query_type=\"search\"}[5m]))) > " + in.searchP99Ms(),
                        "10m", "warning", "search latency p99 is over the stack's target of " + in.searchP99Ms()
                                + " ms"),
                new AlertRule("MilvusLoadLatencyHigh",
                        "histogram_quantile(0.99, sum by (le) (rate(milvus_querycoord_load_latency_bucket{" + ns
                                + "}[1h]))) > " + (in.loadP99Minutes() * 60_000L),
                        "0m", "warning", "collection loads take longer than the stack's target of "
                                + in.loadP99Minutes() + " minutes (p99 over the last hour)")));
        in.backupStaleSeconds().ifPresent(limit -> all.add(backupStale(ns, limit)));
        return List.copyOf(all);
    }

    /**
     * The last successful backup is older than the schedule allows, or, with none ever, the CronJob is older than
     * that. kube-state-metrics 2.20.0 (kube-prometheus-stack 88.5.3's, cronjobs collector on by default):
     * {@code kube_cronjob_status_last_successful_time} (CronJob status.lastSuccessfulTime, absent until a Job it owns
     * succeeded) and {@code kube_cronjob_created} (internal/store/cronjob.go). A Job that failed, was stopped at its
     * deadline, or never ran leaves the first one where it was, so every failure mode ages it.
     */
    static AlertRule backupStale(String ns, long limitSeconds) {
        var sel = "{" + ns + ", cronjob=\"" + BACKUP_CRONJOB + "\"}";
        var hours = Math.round(limitSeconds / 3600.0);
        return new AlertRule("MilvusBackupStale",
                "(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time" + sel + ") > "
                        + limitSeconds + ") or (time() - max by (namespace, cronjob) (kube_cronjob_created" + sel
                        + ") > " + limitSeconds + " unless on (namespace, cronjob) "
                        + "kube_cronjob_status_last_successful_time" + sel + ")",
                "10m", "warning", "no milvus-backup run has succeeded for over " + hours + " h (the schedule's "
                        + "longest gap, the job's deadline and an hour): a restore would lose more than the "
                        + "recovery point (kubectl logs of the last job, containers backup and lock)");
    }

    /** The rules as a rule file / PrometheusRule spec: {@code {groups: [{name, rules}]}}. */
    public static Map<String, Object> ruleGroups(List<AlertRule> rules) {
        return Map.of("groups", List.of(Map.of("name", GROUP, "rules", rules.stream().map(AlertRule::toMap).toList())));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String pct(double share) {
        return Math.round(share * 100) + " %";
    }
}
