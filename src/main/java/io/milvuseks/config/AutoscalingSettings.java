package io.milvuseks.config;

/**
 * The data pool's build capacity (package autoscaling): Cluster Autoscaler on the data node group and the chart's
 * HorizontalPodAutoscaler on the data nodes, which run Milvus 2.6's index builds and compaction.
 *
 * @param enabled on: the data group runs its standing count and grows to {@code nodePools.data.max} for builds;
 *                off: the data group stays at its planned count (no autoscaler, no HPA)
 */
public record AutoscalingSettings(boolean enabled) {

    /** On by default in prod (the build capacity the cost model assumes); staging keeps a fixed data pool. */
    public static AutoscalingSettings defaults(Environment env) {
        return new AutoscalingSettings(env.isProd());
    }
}
