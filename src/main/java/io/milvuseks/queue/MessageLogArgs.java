package io.milvuseks.queue;

import com.pulumi.core.Output;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.StackSettings;
import io.milvuseks.naming.Naming;

import java.util.List;
import java.util.Objects;

/**
 * Inputs of {@link MessageLog}. The network values and the password are only read for {@code msk}.
 *
 * @param kmsKeyArn           customer KMS key for MSK storage and the SCRAM secret
 * @param privateSubnetIds    one private subnet per AZ; brokers spread across them
 * @param nodeSecurityGroupId security group of the EKS nodes: the only source allowed to reach the brokers
 * @param scramPassword       Pulumi secret ({@code config.requireSecret("mskScramPassword")}); null unless msk
 */
public record MessageLogArgs(StackSettings settings, Naming naming, Output<String> kmsKeyArn, Output<String> vpcId,
                             Output<List<String>> privateSubnetIds, Output<String> nodeSecurityGroupId,
                             Output<String> scramPassword) {

    public MessageLogArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(naming, "naming");
        if (settings.messageQueue() == MessageQueue.MSK) {
            Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
            Objects.requireNonNull(vpcId, "vpcId");
            Objects.requireNonNull(privateSubnetIds, "privateSubnetIds");
            Objects.requireNonNull(nodeSecurityGroupId, "nodeSecurityGroupId");
            Objects.requireNonNull(scramPassword, "scramPassword (config mskScramPassword)");
        }
    }
}
