package io.milvuseks;

/**
 * Names of the stack outputs other tools read ({@code pulumi stack output --json}, the bootstrap step, the policy
 * pack). Changing one is a breaking change for them.
 */
public final class StackOutputs {
    public static final String ENVIRONMENT = "environment";
    public static final String REGION = "region";
    public static final String MESSAGE_QUEUE = "messageQueue";
    /** Capacity report as a map (see capacity package): what the query pool must and does provide. */
    public static final String CAPACITY = "capacity";
    public static final String CLUSTER_NAME = "clusterName";
    public static final String CLUSTER_ENDPOINT = "clusterEndpoint";
    public static final String OIDC_PROVIDER_ARN = "oidcProviderArn";
    /** Kubeconfig (secret) that authenticates with `aws eks get-token`. */
    public static final String KUBECONFIG = "kubeconfig";
    public static final String NODE_GROUP_NAMES = "nodeGroupNames";
    /** How the apply reaches the Kubernetes API: {path, privateEndpointSources, publicAccessCidrs, note}. */
    public static final String KUBERNETES_API_ACCESS = "kubernetesApiAccess";
    /** The control-plane log group: {name, managedBy (stack | eks), retentionDays, run}. */
    public static final String CONTROL_PLANE_LOG_GROUP = "controlPlaneLogGroup";
    public static final String BUCKET_NAME = "bucketName";
    public static final String KMS_KEY_ARN = "kmsKeyArn";
    public static final String MILVUS_ROLE_ARN = "milvusRoleArn";
    /** SASL/SCRAM bootstrap brokers; only with messageQueue=msk. */
    public static final String MSK_BOOTSTRAP_BROKERS = "mskBootstrapBrokers";
    public static final String MILVUS_NAMESPACE = "milvusNamespace";
    /** Milvus image tag and chart version of the release: the next apply's upgrade check reads them back. */
    public static final String MILVUS_IMAGE_TAG = "milvusImageTag";
    public static final String MILVUS_CHART_VERSION = "milvusChartVersion";
    /** Kubernetes Service name of the Milvus proxy (port {@link #MILVUS_PROXY_PORT}). */
    public static final String MILVUS_PROXY_SERVICE = "milvusProxyService";
    public static final String MILVUS_PROXY_PORT = "milvusProxyPort";
    public static final String MILVUS_TLS = "milvusTls";
    /** With proxyTls: the private CA's certificate (PEM, public) to verify the proxy with ({@code --ca-pem}). */
    public static final String MILVUS_CA_PEM = "milvusCaPem";
    /** With proxyTls: the name in the proxy's certificate; clients pass it as serverName. */
    public static final String MILVUS_TLS_SERVER_NAME = "milvusTlsServerName";
    /** etcd metadata budget and quota (milvus.EtcdBudget): segments, budgetBytes, quotaBytes, overQuota. */
    public static final String MILVUS_ETCD = "milvusEtcd";
    /** Root password of Milvus (secret output; read with --show-secrets by the bootstrap step). */
    public static final String MILVUS_ROOT_PASSWORD = "milvusRootPassword";
    /** Every image reference in the Milvus Helm values: all in the ECR cache or the configured registry. */
    public static final String IMAGE_REFERENCES = "imageReferences";
    /** SNS topic every alert goes to (with monitoring on): subscribe on-call tooling here. */
    public static final String ALERT_TOPIC_ARN = "alertTopicArn";
    /** Monitoring sizing and cost as a map (with monitoring on). */
    public static final String MONITORING = "monitoring";
    /** Backups (package backup): bucket, schedule, retention, recovery point and the storage estimate, as a map. */
    public static final String BACKUP = "backup";
    /** The data pool's build capacity (package autoscaling): standing and maximum data nodes, autoscaler release. */
    public static final String AUTOSCALING = "autoscaling";
    /** The collection spec the bootstrap step creates, as a map. */
    public static final String COLLECTION = "collection";
    /**
     * The index and the search parameters its promised recall holds at (capacity.CapacityReport#searchParams):
     * {metricType, indexType, buildParams, params, topK, expectedRecall, minRecall, recallSource, paramsSource};
     * verify reads it ({@code --outputs}) and searches with it.
     */
    public static final String SEARCH_PARAMS = "searchParams";

    private StackOutputs() {
    }
}
