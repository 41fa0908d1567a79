package io.milvuseks.milvus;

import java.util.Optional;

/**
 * What other components create and the values need, resolved at deploy time.
 *
 * @param kafkaBrokers SASL/SCRAM bootstrap brokers; present exactly when the queue is MSK
 */
public record DeployInputs(String bucketName, String milvusRoleArn, Optional<String> kafkaBrokers) {
}
