package io.milvuseks.config;

/** The Milvus Helm release. */
public record MilvusSettings(String chartVersion, String imageTag, String namespace, ProxyExposure proxyService,
                             boolean proxyTls, boolean serviceMonitor, int etcdReplicas) {
}
