package io.milvuseks.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything the stack reads from its config, parsed and validated. Secrets are not held here: only whether they
 * are set. Components read their values as Pulumi secret outputs ({@code config.requireSecret}).
 */
public record StackSettings(String project, String stack, Environment environment, String region,
                            NetworkSettings network, ClusterSettings cluster, Map<NodeRole, NodePool> nodePools,
                            MessageQueue messageQueue, MskSettings msk, StorageSettings storage,
                            MilvusSettings milvus, CollectionSpec collection, CapacityTarget capacity,
                            MonitoringSettings monitoring, SecretsPresent secrets,
                            ImageRegistrySettings imageRegistry, BackupSettings backup,
                            AutoscalingSettings autoscaling) {

    public StackSettings {
        nodePools = Collections.unmodifiableMap(new EnumMap<>(nodePools));
    }

    public boolean prod() {
        return environment.isProd();
    }

    public NodePool pool(NodeRole role) {
        return nodePools.get(role);
    }

    /** Which secret config keys are set (their values never leave Pulumi secrets). */
    public record SecretsPresent(boolean milvusRootPassword, boolean mskScramPassword) {
    }
}
