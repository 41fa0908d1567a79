package io.milvuseks.milvus;

import io.milvuseks.registry.Mirror;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.resources.Resource;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.StackSettings;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of {@link MilvusRelease}.
 *
 * @param sizing             pod sizes, from {@link MilvusSizing#plan} and the capacity plan's node counts
 * @param bucketName         the Milvus S3 bucket (storage component)
 * @param milvusRoleArn      the IRSA role the service account assumes (storage component)
 * @param kafkaBrokers       SASL/SCRAM bootstrap brokers; present exactly when messageQueue is msk
 * @param rootPassword       secret: Milvus root password
 * @param kafkaScramPassword secret: the SCRAM password of {@link Credentials#MSK_SCRAM_USERNAME}; with msk only
 * @param provider           the EKS cluster's Kubernetes provider
 * @param dependsOn          what must exist first: node groups, bucket policy / role, MSK, the gp3 StorageClass,
 *                           the load balancer controller
 * @param imageValues        chart values that address every image to the registry mirror (registry package),
 *                           laid over the values built here
 * @param mirror             where the stack's own jobs pull their images from
 */
public record MilvusReleaseArgs(StackSettings settings, MilvusSizing sizing, Output<String> bucketName,
                                Output<String> milvusRoleArn, Optional<Output<String>> kafkaBrokers,
                                Output<String> rootPassword, Optional<Output<String>> kafkaScramPassword,
                                Provider provider, List<Resource> dependsOn,
                                Output<Map<String, Object>> imageValues, Output<Mirror> mirror) {

    public MilvusReleaseArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sizing, "sizing");
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(milvusRoleArn, "milvusRoleArn");
        Objects.requireNonNull(rootPassword, "rootPassword");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(imageValues, "imageValues");
        boolean msk = settings.messageQueue() == MessageQueue.MSK;
        if (msk != kafkaBrokers.isPresent() || msk != kafkaScramPassword.isPresent()) {
            throw new IllegalArgumentException("kafkaBrokers and kafkaScramPassword are required with messageQueue "
                    + "msk and not allowed otherwise (messageQueue is " + settings.messageQueue().wire() + ")");
        }
        dependsOn = List.copyOf(dependsOn);
    }
}
