package io.milvuseks.config;

/** Amazon MSK brokers; used when messageQueue is msk. brokerCount is a multiple of the AZ count. */
public record MskSettings(String brokerInstanceType, int brokerCount, int volumeGiB, String kafkaVersion) {
}
