import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eksSecretsEncryption } from "../src/eks";
import { kmsKeyRotation, secretsManagerCmk } from "../src/kms";
import { isAwsManagedKey } from "../src/kms-keys";
import { mskNoPublicAccess } from "../src/msk";
import { sgNoPublicIngress } from "../src/network";
import { s3AccessLogging, s3KnownBucketTypes, s3SseKms, s3TlsOnly, s3Versioning } from "../src/s3";
import { requiredTags } from "../src/tags";
import { T } from "../src/types";
import { COMPUTED_MARKER } from "../src/values";
import { resourceArgs, run, Spec, stackArgs } from "./helpers";

const ok = { violations: [], unverifiable: [] };

describe("sg-no-public-ingress", () => {
    const sg = (ingress: unknown, egress: unknown = [{ cidrBlocks: ["0.0.0.0/0"], protocol: "-1", fromPort: 0, toPort: 0 }]) =>
        resourceArgs(T.securityGroup, { vpcId: COMPUTED_MARKER, ingress, egress }, { name: "nodes" });
    it("passes ingress from the VPC or a security group, and egress to the internet (the NAT/IGW path)", async () => {
        assert.deepEqual(await run(sgNoPublicIngress, sg([{ cidrBlocks: ["10.40.0.0/16"], protocol: "tcp", fromPort: 443, toPort: 443 }, { securityGroups: [COMPUTED_MARKER], protocol: "tcp", fromPort: 9096, toPort: 9096 }])), ok);
        assert.deepEqual(await run(sgNoPublicIngress, resourceArgs(T.securityGroupRule, { type: "egress", cidrBlocks: ["0.0.0.0/0"] })), ok);
        assert.deepEqual(await run(sgNoPublicIngress, resourceArgs(T.securityGroupIngressRule, { cidrIpv4: "10.0.0.0/8", securityGroupId: COMPUTED_MARKER })), ok);
    });
    it("flags 0.0.0.0/0 and ::/0 in all three ways of writing ingress", async () => {
        assert.match((await run(sgNoPublicIngress, sg([{ cidrBlocks: [COMPUTED_MARKER], ipv6CidrBlocks: ["::/0"], protocol: "tcp", fromPort: 22, toPort: 22 }]))).violations.join(), /security group nodes ingress\[0\] \("tcp" 22-22\) admits ::\/0/);
        assert.match((await run(sgNoPublicIngress, resourceArgs(T.securityGroupRule, { type: "ingress", cidrBlocks: ["0.0.0.0/0"], fromPort: 443, toPort: 443, protocol: "tcp" }, { name: "r" }))).violations.join(), /ingress rule r .* admits 0.0.0.0\/0/);
        assert.match((await run(sgNoPublicIngress, resourceArgs(T.securityGroupIngressRule, { cidrIpv6: "::/0" }, { name: "v" }))).violations.join(), /ingress rule v admits ::\/0/);
    });
    it("reports an unknown source as a gap, and lets config name a deliberately public group", async () => {
        const o = await run(sgNoPublicIngress, sg([{ cidrBlocks: COMPUTED_MARKER }]));
        assert.deepEqual(o.violations, []);
        assert.match(o.unverifiable.join(), /a source CIDR is unknown/);
        const open = resourceArgs(T.securityGroup, { ingress: [{ cidrBlocks: ["0.0.0.0/0"] }] }, { name: "public-nlb", config: { allowPublicIngress: ["public-nlb"] } });
        assert.deepEqual(await run(sgNoPublicIngress, open), ok);
    });
});

describe("kms-key-rotation", () => {
    it("passes rotation on, and asymmetric keys (AWS cannot rotate them)", async () => {
        assert.deepEqual(await run(kmsKeyRotation, resourceArgs(T.kmsKey, { enableKeyRotation: true })), ok);
        assert.deepEqual(await run(kmsKeyRotation, resourceArgs(T.kmsKey, { customerMasterKeySpec: "RSA_2048" })), ok);
    });
    it("flags rotation off or unset (provider default false)", async () => {
        assert.match((await run(kmsKeyRotation, resourceArgs(T.kmsKey, {}))).violations.join(), /enableKeyRotation is \(unset\)/);
        assert.match((await run(kmsKeyRotation, resourceArgs(T.kmsKey, { enableKeyRotation: false }))).violations.join(), /enableKeyRotation is false/);
    });
});

describe("customer keys", () => {
    it("tells AWS-managed aliases from customer keys", () => {
        assert.ok(isAwsManagedKey("alias/aws/s3"));
        assert.ok(isAwsManagedKey("arn:aws:kms:us-east-1:111122223333:alias/aws/secretsmanager"));
        assert.ok(!isAwsManagedKey("arn:aws:kms:us-east-1:111122223333:key/1234abcd"));
        assert.ok(!isAwsManagedKey("alias/milvus-aws/data"));
    });
    it("secretsmanager-cmk: passes a stack key (known or computed), flags none and aws/secretsmanager", async () => {
        assert.deepEqual(await run(secretsManagerCmk, resourceArgs(T.secret, { kmsKeyId: COMPUTED_MARKER })), ok);
        assert.deepEqual(await run(secretsManagerCmk, resourceArgs(T.secret, { kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" })), ok);
        assert.match((await run(secretsManagerCmk, resourceArgs(T.secret, {}))).violations.join(), /kmsKeyId is not set: Secrets Manager uses the AWS-managed/);
        assert.match((await run(secretsManagerCmk, resourceArgs(T.secret, { kmsKeyId: "alias/aws/secretsmanager" }))).violations.join(), /AWS-managed key alias\/aws\/secretsmanager/);
    });
    it("secretsmanager-cmk: an ECR pull-through credential must stay on aws/secretsmanager, and only that prefix", async () => {
        // the stack's secret: namePrefix known at preview, name computed
        const ptc = { namePrefix: "ecr-pullthroughcache/milvus-eks-prod-docker-hub-", name: COMPUTED_MARKER };
        assert.deepEqual(await run(secretsManagerCmk, resourceArgs(T.secret, ptc)), ok);
        assert.deepEqual(await run(secretsManagerCmk, resourceArgs(T.secret, { name: "ecr-pullthroughcache/docker-hub", kmsKeyId: "alias/aws/secretsmanager" })), ok);
        for (const kmsKeyId of [COMPUTED_MARKER, "arn:aws:kms:us-east-1:1:key/k"]) {
            assert.match((await run(secretsManagerCmk, resourceArgs(T.secret, { ...ptc, kmsKeyId }))).violations.join(),
                /ECR pull-through cache credential \(ecr-pullthroughcache\/\.\.\.\): ECR reads it only under the default aws\/secretsmanager key/);
        }
        // the exemption is exactly the prefix: a name merely containing it is not exempt
        assert.match((await run(secretsManagerCmk, resourceArgs(T.secret, { name: "x/ecr-pullthroughcache/y" }))).violations.join(), /kmsKeyId is not set/);
        assert.match((await run(secretsManagerCmk, resourceArgs(T.secret, { namePrefix: "AmazonMSK_milvus-" }))).violations.join(), /kmsKeyId is not set/);
    });
    it("EKS and S3 reject the AWS-managed key too", async () => {
        const cluster = { encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:us-east-1:1:alias/aws/eks" } } };
        assert.match((await run(eksSecretsEncryption, resourceArgs(T.eksCluster, cluster))).violations.join(), /AWS-managed key/);
        const bucket: Spec = { type: T.bucket, name: "b" };
        const sse = (key?: string): Spec => ({ type: T.bucketSse, name: "sse", props: { bucket: COMPUTED_MARKER, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", ...(key ? { kmsMasterKeyId: key } : {}) } }] }, deps: { bucket: ["b"] } });
        assert.match((await run(s3SseKms, stackArgs([bucket, sse("alias/aws/s3")]))).violations.join(), /kmsMasterKeyId is the AWS-managed key alias\/aws\/s3/);
        assert.match((await run(s3SseKms, stackArgs([bucket, sse()]))).violations.join(), /kmsMasterKeyId is not set: S3 uses the AWS-managed aws\/s3 key/);
    });
});

describe("msk-no-public-access", () => {
    const msk = (connectivityInfo?: unknown) => resourceArgs(T.mskCluster, { brokerNodeGroupInfo: { clientSubnets: COMPUTED_MARKER, ...(connectivityInfo ? { connectivityInfo } : {}) } });
    it("passes unset and DISABLED", async () => {
        assert.deepEqual(await run(mskNoPublicAccess, msk()), ok);
        assert.deepEqual(await run(mskNoPublicAccess, msk({ publicAccess: { type: "DISABLED" } })), ok);
    });
    it("flags SERVICE_PROVIDED_EIPS", async () => {
        assert.match((await run(mskNoPublicAccess, msk({ publicAccess: { type: "SERVICE_PROVIDED_EIPS" } }))).violations.join(), /reachable from the internet/);
    });
});

describe("required-tags", () => {
    const tags = { "app.kubernetes.io/part-of": "milvus", "pulumi:project": "milvus-eks", "pulumi:stack": "prod", Name: "x" };
    it("passes the Naming tags, and ignores types that take no tags", async () => {
        assert.deepEqual(await run(requiredTags, resourceArgs("aws:ec2/vpc:Vpc", { tags })), ok);
        assert.deepEqual(await run(requiredTags, resourceArgs("aws:ec2/route:Route", { routeTableId: COMPUTED_MARKER })), ok);
        assert.deepEqual(await run(requiredTags, resourceArgs("kubernetes:core/v1:Namespace", {})), ok);
    });
    it("flags missing tags, a taggable type without tags, and a tag naming another stack", async () => {
        assert.match((await run(requiredTags, resourceArgs(T.kmsKey, {}, { name: "key" }))).violations.join(), /key lacks tag\(s\) app.kubernetes.io\/part-of, pulumi:project, pulumi:stack/);
        assert.match((await run(requiredTags, resourceArgs("aws:ec2/vpc:Vpc", { tags: { ...tags, "pulumi:stack": "staging" } }))).violations.join(), /tag pulumi:stack is "staging", but the resource is in stack "prod"/);
        assert.match((await run(requiredTags, resourceArgs("aws:sqs/queue:Queue", { tags: { Name: "q" } }))).violations.join(), /lacks tag/);
    });
});

describe("both S3 token families", () => {
    const v1 = (props: Record<string, unknown>): Spec => ({ type: T.bucketV1, name: "legacy", props });
    const tls = JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": ["false"] } } }] });
    it("judges a legacy aws:s3/bucket:Bucket by its inline settings", async () => {
        const good = v1({ serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: COMPUTED_MARKER } } }, versioning: { enabled: true }, policy: tls });
        for (const p of [s3SseKms, s3Versioning, s3TlsOnly]) {
            assert.deepEqual(await run(p, stackArgs([good])), ok, p.name);
        }
        const bad = v1({ serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } }, versioning: { enabled: false } });
        assert.match((await run(s3SseKms, stackArgs([bad]))).violations.join(), /legacy is not encrypted with SSE-KMS/);
        assert.match((await run(s3Versioning, stackArgs([bad]))).violations.join(), /versioning.enabled is false/);
        assert.match((await run(s3TlsOnly, stackArgs([bad]))).violations.join(), /legacy has no bucket policy/);
    });
    it("links pulumi-aws 7 sub-resources (BucketVersioning, BucketLogging) to a Bucket", async () => {
        const bucket = v1({});
        const versioning: Spec = { type: T.bucketVersioningV1, name: "ver", props: { bucket: COMPUTED_MARKER, versioningConfiguration: { status: "Enabled" } }, deps: { bucket: ["legacy"] } };
        assert.deepEqual(await run(s3Versioning, stackArgs([bucket, versioning])), ok);
        const logging: Spec = { type: T.bucketLoggingV1, name: "log", props: { bucket: COMPUTED_MARKER, targetBucket: COMPUTED_MARKER }, deps: { bucket: ["legacy"], targetBucket: ["logs"] } };
        const logs: Spec = { type: T.bucket, name: "logs" };
        assert.deepEqual(await run(s3AccessLogging, stackArgs([bucket, logs, logging])), ok);
        assert.match((await run(s3AccessLogging, stackArgs([bucket, logs]))).violations.join(), /legacy has no access logging/);
        assert.deepEqual((await run(s3AccessLogging, stackArgs([bucket], { stack: "staging" }))).violations, []);
    });
    it("flags a bucket type the pack does not know, and only buckets", async () => {
        for (const t of ["aws:s3/directoryBucket:DirectoryBucket", "aws:s3control/bucket:Bucket", "aws:s3tables/tableBucket:TableBucket", "aws-native:s3:Bucket"]) {
            assert.match((await run(s3KnownBucketTypes, resourceArgs(t, {}, { name: "x" }))).violations.join(), /does not know/, t);
        }
        for (const t of [T.bucket, T.bucketV1, T.bucketPolicy, T.bucketPublicAccessBlock, T.bucketSse]) {
            assert.deepEqual(await run(s3KnownBucketTypes, resourceArgs(t, {})), ok, t);
        }
    });
});
