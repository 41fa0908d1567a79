package io.milvuseks.config;

/** One managed node group per role, labelled {@code milvus.io/role=<wire>}. */
public enum NodeRole implements WireEnum {
    /** Query nodes: hold loaded segments and indexes in memory; kept apart by a taint. */
    QUERY,
    /** Data, index and streaming nodes: flush, compaction, index builds. */
    DATA,
    /** Mix coordinator and proxy. */
    COORD,
    /** etcd and the in-cluster queue. */
    INFRA;

    @Override
    public String wire() {
        return name().toLowerCase();
    }
}
