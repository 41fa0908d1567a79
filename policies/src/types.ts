/** Type tokens the Java stack registers (pulumi-aws 6.83, pulumi-kubernetes 4.0). */
export const T = {
    bucket: "aws:s3/bucketV2:BucketV2",
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
} as const;
