package io.milvuseks.backup;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class BackupConfigTest {

    /**
     * Every key milvus-backup v0.5.16 reads for these sections (internal/cfg/cfg.go, the {@code Keys} of each
     * Value): a key it does not know would be silently ignored, and the job would back up with a default instead.
     */
    static final Set<String> KNOWN = Set.of("backup.gcPause.address", "backup.gcPause.enable", "backup.keepTempFiles",
            "backup.parallelism.backupCollection", "backup.parallelism.backupSegment", "backup.parallelism.copydata",
            "backup.parallelism.importJob", "backup.parallelism.restoreCollection", "log.console", "log.file.filename",
            "log.file.maxBackups", "log.file.maxDays", "log.file.maxSize", "log.level", "milvus.address",
            "milvus.caCertPath", "milvus.etcd.endpoints", "milvus.etcd.rootPath", "milvus.mtlsCertPath",
            "milvus.mtlsKeyPath", "milvus.password", "milvus.port", "milvus.rpcChannelName", "milvus.serverName",
            "milvus.tlsMode", "milvus.user", "minio.accessKeyID", "minio.address", "minio.backupAccessKeyID",
            "minio.backupAddress", "minio.backupBucketName", "minio.backupGcpCredentialJSON", "minio.backupIamEndpoint",
            "minio.backupPort", "minio.backupRegion", "minio.backupRootPath", "minio.backupSecretAccessKey",
            "minio.backupStorageType", "minio.backupToken", "minio.backupUseIAM", "minio.backupUseSSL",
            "minio.bucketName", "minio.cloudProvider", "minio.crossStorage", "minio.gcpCredentialJSON",
            "minio.iamEndpoint", "minio.multipartCopyThresholdMiB", "minio.port", "minio.region", "minio.rootPath",
            "minio.secretAccessKey", "minio.storageType", "minio.token", "minio.useIAM", "minio.useSSL");

    static Set<String> leaves(String prefix, Map<?, ?> map, Set<String> out) {
        map.forEach((k, v) -> {
            var key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                leaves(key, m, out);
            } else {
                out.add(key);
            }
        });
        return out;
    }

    @Test
    void everyKeyIsOneMilvusBackupReadsAndNoneIsACredential() {
        for (var tls : new Optional[] {Optional.empty(), Optional.of("milvus.milvus.svc")}) {
            @SuppressWarnings("unchecked")
            var config = new BackupConfig("milvus.milvus.svc.cluster.local", 19530, 9091, "eu-west-1", "data-b",
                    "milvus", "backup-b", (Optional<String>) tls);
            Map<String, Object> parsed = new Yaml().load(config.yaml());
            var keys = leaves("", parsed, new TreeSet<>());
            assertThat(keys).isSubsetOf(KNOWN).doesNotContain("milvus.password", "minio.accessKeyID",
                    "minio.secretAccessKey", "minio.token", "minio.backupAccessKeyID", "minio.backupSecretAccessKey",
                    "minio.backupToken");
            assertThat(keys).contains("minio.useIAM", "minio.backupUseIAM", "minio.bucketName",
                    "minio.backupBucketName", "milvus.address", "backup.gcPause.address");
            assertThat(parsed).isEqualTo(config.toMap());
        }
        var plain = new BackupConfig("h", 19530, 9091, "eu-west-1", "data-b", "milvus", "backup-b", Optional.empty());
        assertThat((Map<String, Object>) plain.toMap().get("minio")).containsEntry("address", "s3.eu-west-1.amazonaws.com")
                .containsEntry("backupRegion", "eu-west-1").containsEntry("backupRootPath", "backup");
    }
}
