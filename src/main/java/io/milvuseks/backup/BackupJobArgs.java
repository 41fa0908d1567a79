package io.milvuseks.backup;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.resources.Resource;
import io.milvuseks.config.StackSettings;
import io.milvuseks.registry.Mirror;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of {@link BackupJob}.
 *
 * @param namespace     the Milvus namespace (the job runs beside Milvus, whose proxy admits its pods)
 * @param proxyService  the Milvus proxy Service's name
 * @param milvusBucket  the Milvus data bucket's name (the source)
 * @param storage       the backup bucket
 * @param jobRoleArn    the job's IRSA role ({@link BackupAccess})
 * @param caPem         with proxyTls: the private CA (public PEM) that signed the proxy's certificate
 * @param tlsServerName with proxyTls: the name in the proxy's certificate
 * @param dependsOn     what must exist first, beyond what the namespace output already orders
 */
public record BackupJobArgs(StackSettings settings, Output<String> namespace, Output<String> proxyService,
                            Output<String> milvusBucket, BackupStorage storage, Output<String> jobRoleArn,
                            Output<Mirror> mirror,
                            Optional<Output<String>> caPem, Optional<String> tlsServerName, Provider provider,
                            List<Resource> dependsOn) {

    public BackupJobArgs {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(proxyService, "proxyService");
        Objects.requireNonNull(milvusBucket, "milvusBucket");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(jobRoleArn, "jobRoleArn");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(provider, "provider");
        dependsOn = List.copyOf(dependsOn);
        if (caPem.isPresent() != tlsServerName.isPresent()) {
            throw new IllegalArgumentException("caPem and tlsServerName come together (proxyTls)");
        }
    }
}
