package io.milvuseks.config;

/**
 * @param noncurrentVersionDays days before a replaced or deleted segment object version expires
 * @param accessLogging         S3 server access logs into a log bucket
 * @param gp3Iops               provisioned IOPS of the default gp3 StorageClass
 * @param gp3ThroughputMiBps    provisioned throughput of the default gp3 StorageClass
 */
public record StorageSettings(int noncurrentVersionDays, boolean accessLogging, int gp3Iops, int gp3ThroughputMiBps) {
}
