package io.milvuseks.backup;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * milvus-backup's {@code backup.yaml}, in the format of the pinned release (zilliztech/milvus-backup
 * v0.5.16, configs/backup.yaml; the keys are those internal/cfg/cfg.go reads). It holds no secret: the password is
 * left out and the pod sets {@code MILVUS_PASSWORD} from Secret milvus-credentials (an environment variable beats
 * the file: internal/cfg/value.go Resolve, "override > env > config file > default").
 *
 * @param proxyHost    the Milvus proxy Service's cluster DNS name
 * @param milvusBucket Milvus' data bucket (the source)
 * @param backupBucket the backup bucket (the target)
 * @param tlsServerName with proxyTls: the name in the proxy's certificate; the CA is mounted at {@link #CA_PATH}
 */
public record BackupConfig(String proxyHost, int proxyPort, int managementPort, String region, String milvusBucket,
                           String milvusRootPath, String backupBucket, Optional<String> tlsServerName) {

    public static final String MOUNT_DIR = "/etc/milvus-backup";
    public static final String FILE = "backup.yaml";
    public static final String CA_FILE = "ca.pem";
    public static final String CA_PATH = MOUNT_DIR + "/" + CA_FILE;

    /** The file's structure, key by key (tested; rendered by {@link #yaml()}). */
    public Map<String, Object> toMap() {
        var milvus = new LinkedHashMap<String, Object>();
        milvus.put("address", proxyHost);
        milvus.put("port", proxyPort);
        milvus.put("user", "root");
        // tlsMode 1: verify the proxy's certificate against the stack's private CA (one-way TLS).
        milvus.put("tlsMode", tlsServerName.isPresent() ? 1 : 0);
        tlsServerName.ifPresent(n -> {
            milvus.put("caCertPath", CA_PATH);
            milvus.put("serverName", n);
        });

        var s3 = new LinkedHashMap<String, Object>();
        // Both ends are S3 in one region: crossStorage false lets S3 copy server-side (CopyObject), which the job's
        // role allows (read on the source, write on the target) without the data passing through the pod.
        s3.put("storageType", "aws");
        s3.put("cloudProvider", "aws");
        s3.put("address", "s3." + region + ".amazonaws.com");
        s3.put("port", 443);
        s3.put("region", region);
        s3.put("useSSL", true);
        // IRSA: credentials come from the pod's web identity token, never from keys in this file.
        s3.put("useIAM", true);
        s3.put("bucketName", milvusBucket);
        s3.put("rootPath", milvusRootPath);
        s3.put("backupStorageType", "aws");
        s3.put("backupAddress", "s3." + region + ".amazonaws.com");
        s3.put("backupPort", 443);
        s3.put("backupRegion", region);
        s3.put("backupUseSSL", true);
        s3.put("backupUseIAM", true);
        s3.put("backupBucketName", backupBucket);
        s3.put("backupRootPath", BackupStorage.ROOT_PATH);
        s3.put("crossStorage", false);

        // Milvus must not garbage-collect segments while they are copied: pause GC through the proxy's management
        // API (milvus-io/milvus internal/http RouteGcPause, a proxy route on port 9091, which milvus.NetworkRules
        // admits from pods in the Milvus namespace).
        var backup = new LinkedHashMap<String, Object>();
        backup.put("gcPause", Map.of("enable", true, "address", "http://" + proxyHost + ":" + managementPort));

        var root = new LinkedHashMap<String, Object>();
        root.put("log", Map.of("level", "info", "console", true));
        root.put("milvus", milvus);
        root.put("minio", s3);
        root.put("backup", backup);
        return root;
    }

    public String yaml() {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(io.milvuseks.render.Canonical.sorted(toMap()));
    }
}
