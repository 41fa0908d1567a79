package io.milvuseks.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Every config key the stack reads from its own namespace. Anything else there is an error. */
public enum ConfigKey {
    ENVIRONMENT("environment", Kind.STRING, "staging | prod"),
    AVAILABILITY_ZONES("availabilityZones", Kind.ARRAY, "three zones of aws:region, as ids (use1-az1) or names (us-east-1a)"),
    VPC_CIDR("vpcCidr", Kind.STRING, "private IPv4 CIDR /16../20"),
    EXISTING_VPC("existingVpc", Kind.OBJECT, "{vpcId, privateSubnetIds[], publicSubnetIds[]}"),
    KUBERNETES_VERSION("kubernetesVersion", Kind.STRING,
            "EKS version 1.30..1.34 with a row in the add-on version table"),
    PUBLIC_ACCESS_CIDRS("publicAccessCidrs", Kind.ARRAY, "CIDRs allowed on the public API endpoint; [] = off"),
    ADMIN_ROLE_ARNS("adminRoleArns", Kind.ARRAY, "IAM role ARNs given cluster-admin access entries"),
    PRIVATE_ENDPOINT_SOURCES("privateEndpointSources", Kind.ARRAY, "IPv4 CIDRs (/8 or narrower) and security group "
            + "ids (sg-...) allowed to reach the private API endpoint on 443; default [vpcCidr]"),
    DEPLOY_ROLE_ARN("deployRoleArn", Kind.STRING, "the IAM role ARN that runs pulumi up (cluster-admin access entry)"),
    PREVIEW_ROLE_ARN("previewRoleArn", Kind.STRING, "the IAM role ARN of PR previews (read-only access entry)"),
    KUBERNETES_LAYER("kubernetesLayer", Kind.BOOLEAN, "true | false (false: AWS layer only, for a first apply)"),
    NODE_POOLS("nodePools", Kind.OBJECT, "{query|data|coord|infra: {instanceType, min, desired, max, diskGiB}}"),
    MESSAGE_QUEUE("messageQueue", Kind.STRING, "msk | pulsar | woodpecker"),
    MSK("msk", Kind.OBJECT, "{brokerInstanceType, brokerCount, volumeGiB, kafkaVersion}"),
    BUCKET_NONCURRENT_VERSION_DAYS("bucketNoncurrentVersionDays", Kind.INTEGER, "1..3650"),
    BUCKET_ACCESS_LOGGING("bucketAccessLogging", Kind.BOOLEAN, "true | false"),
    GP3_IOPS("gp3Iops", Kind.INTEGER, "3000..16000"),
    GP3_THROUGHPUT("gp3ThroughputMiBps", Kind.INTEGER, "125..1000"),
    MILVUS_CHART_VERSION("milvusChartVersion", Kind.STRING, "a milvus-helm chart version, e.g. 5.0.19"),
    MILVUS_IMAGE_TAG("milvusImageTag", Kind.STRING, "a Milvus image tag, e.g. v2.6.15"),
    MILVUS_NAMESPACE("milvusNamespace", Kind.STRING, "a Kubernetes namespace name"),
    PROXY_SERVICE("proxyService", Kind.STRING, "clusterIP | internalNlb"),
    PROXY_TLS("proxyTls", Kind.BOOLEAN, "true | false"),
    SERVICE_MONITOR("serviceMonitor", Kind.BOOLEAN, "true | false"),
    ETCD_REPLICAS("etcdReplicas", Kind.INTEGER, "odd: 3 or 5 in prod, 1 or 3 in staging"),
    COLLECTION("collection", Kind.OBJECT, "{database, name, dim, metric, index, timestampIndex, shards, partitions, "
            + "mmap, consistencyLevel, replicas}"),
    CAPACITY("capacity", Kind.OBJECT, "{vectors, elementType, scalarBytesPerEntity, targetQps, allowUndersized, minRecall, undersizedReason}"),
    IMAGE_REGISTRY("imageRegistry", Kind.OBJECT, "{source: ecrPullThroughCache | private, ecrRepositoryPrefix, "
            + "dockerHubUsername, privateRegistry}"),
    MONITORING("monitoring", Kind.OBJECT, "{enabled, alertEmail, retentionDays, searchP99Ms, loadP99Minutes}"),
    BACKUP("backup", Kind.OBJECT, "{enabled, schedule, retentionDays, restoreAccess}"),
    AUTOSCALING("autoscaling", Kind.OBJECT, "{enabled}"),
    MILVUS_ROOT_PASSWORD("milvusRootPassword", Kind.SECRET, "set with: pulumi config set --secret milvusRootPassword"),
    MSK_SCRAM_PASSWORD("mskScramPassword", Kind.SECRET, "set with: pulumi config set --secret mskScramPassword"),
    DOCKER_HUB_ACCESS_TOKEN("dockerHubAccessToken", Kind.SECRET,
            "set with: pulumi config set --secret dockerHubAccessToken (a Docker Hub access token)"),
    KUBERNETES_SUPPORT("kubernetesSupport", Kind.STRING, "standard | extended (EKS upgradePolicy.supportType)"),
    PROD_PREVIEW_ROLE_ARN("prodPreviewRoleArn", Kind.STRING, "the IAM role ARN of deploy.yml's post-merge prod "
            + "preview (cluster-admin access entry, so it can dry-run new objects; read-only in IAM)");

    /** The JSON shape a key's value takes. */
    public enum Kind { STRING, INTEGER, BOOLEAN, ARRAY, OBJECT, SECRET }

    private final String key;
    private final Kind kind;
    private final String accepted;

    ConfigKey(String key, Kind kind, String accepted) {
        this.key = key;
        this.kind = kind;
        this.accepted = accepted;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public String accepted() {
        return accepted;
    }

    public String full(String project) {
        return project + ":" + key;
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ConfigKey::key).toList();
    }
}
