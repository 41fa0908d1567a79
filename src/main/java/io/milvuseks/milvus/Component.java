package io.milvuseks.milvus;

import io.milvuseks.config.NodeRole;

/**
 * The Milvus 2.6 cluster components this stack runs, with their values.yaml section, the {@code component} pod
 * label the chart puts on them (used to spread each component on its own), and the node pool they run on.
 * Chart 5.0.19 still has {@code indexNode}, but Milvus 2.6 builds indexes in the data node, so it stays off.
 */
public enum Component {
    PROXY("proxy", "proxy", NodeRole.COORD),
    MIX_COORDINATOR("mixCoordinator", "mixcoord", NodeRole.COORD),
    QUERY_NODE("queryNode", "querynode", NodeRole.QUERY),
    DATA_NODE("dataNode", "datanode", NodeRole.DATA),
    STREAMING_NODE("streamingNode", "streamingnode", NodeRole.DATA);

    private final String valuesKey;
    private final String podLabel;
    private final NodeRole role;

    Component(String valuesKey, String podLabel, NodeRole role) {
        this.valuesKey = valuesKey;
        this.podLabel = podLabel;
        this.role = role;
    }

    public String valuesKey() {
        return valuesKey;
    }

    public String podLabel() {
        return podLabel;
    }

    public NodeRole role() {
        return role;
    }
}
