package io.milvuseks.config;

/** How the Milvus proxy is reached. Never internet-facing. */
public enum ProxyExposure implements WireEnum {
    CLUSTER_IP("clusterIP"),
    INTERNAL_NLB("internalNlb");

    private final String wire;

    ProxyExposure(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
