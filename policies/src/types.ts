/** Type tokens the Java stack registers (pulumi-aws 6.83, pulumi-kubernetes 4.0). */
export const T = {
    bucket: "aws:s3/bucketV2:BucketV2",
    /** pulumi-aws 6: the legacy bucket with inline settings; pulumi-aws 7: the bucket (BucketV2 renamed). */
    bucketV1: "aws:s3/bucket:Bucket",
    /** pulumi-aws 7 names of the V2 sub-resources. */
    bucketSseV1: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketVersioningV1: "aws:s3/bucketVersioning:BucketVersioning",
    bucketLoggingV1: "aws:s3/bucketLogging:BucketLogging",
    bucketSse: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    bucketVersioning: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketLogging: "aws:s3/bucketLoggingV2:BucketLoggingV2",
    kmsKey: "aws:kms/key:Key",
    eksCluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    subnet: "aws:ec2/subnet:Subnet",
    mskCluster: "aws:msk/cluster:Cluster",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    secret: "aws:secretsmanager/secret:Secret",
} as const;

/** Both S3 token families: every bucket type the S3 policies check. */
export const BUCKET_TYPES: string[] = [T.bucket, T.bucketV1];
export const BUCKET_SSE_TYPES: string[] = [T.bucketSse, T.bucketSseV1];
export const BUCKET_VERSIONING_TYPES: string[] = [T.bucketVersioning, T.bucketVersioningV1];
export const BUCKET_LOGGING_TYPES: string[] = [T.bucketLogging, T.bucketLoggingV1];
