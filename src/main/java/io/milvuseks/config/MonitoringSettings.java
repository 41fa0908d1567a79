package io.milvuseks.config;

import java.util.Optional;

/**
 * The stack's own monitoring: kube-prometheus-stack on the infra nodes, alerts to an SNS topic.
 *
 * @param alertEmail     an address subscribed to the alert topic (AWS mails a confirmation link first)
 * @param retentionDays  how long Prometheus keeps samples; sizes its volume
 * @param searchP99Ms    the search latency p99 the alert holds the proxy to
 * @param loadP99Minutes the collection-load p99 the alert holds the query coordinator to; below 30, the top finite
 *                       bucket of {@code milvus_querycoord_load_latency} (a quantile past it cannot be told apart)
 */
public record MonitoringSettings(boolean enabled, Optional<String> alertEmail, int retentionDays, int searchP99Ms,
                                 int loadP99Minutes) {

    /** On by default in prod (the alerts are what tells an operator etcd or a query node is about to fall over). */
    public static MonitoringSettings defaults(Environment env) {
        return new MonitoringSettings(env.isProd(), Optional.empty(), 15, 100, 20);
    }
}
