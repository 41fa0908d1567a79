import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { s3PublicAccessBlock, s3SseKms, s3TlsOnly, s3Versioning } from "../src/s3";
import { T } from "../src/types";
import { COMPUTED_MARKER } from "../src/values";
import { run, Spec, stackArgs } from "./helpers";

const bucket: Spec = { type: T.bucket, name: "segments", props: { bucket: "milvus-eks-prod-segments" } };
const linked = (type: string, name: string, props: Record<string, unknown>): Spec =>
    ({ type, name, props: { bucket: COMPUTED_MARKER, ...props }, deps: { bucket: ["segments"] } });

const sse = (alg: string, key?: string) => linked(T.bucketSse, "sse", {
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: alg, ...(key ? { kmsMasterKeyId: key } : {}) }, bucketKeyEnabled: true }],
});
const tlsDeny = JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] });

describe("s3-sse-kms", () => {
    it("passes a bucket encrypted with aws:kms and a key", async () => {
        const o = await run(s3SseKms, stackArgs([bucket, sse("aws:kms", COMPUTED_MARKER)]));
        assert.deepEqual(o.violations, []);
    });
    it("flags SSE-S3 (AES256) and a bucket without any encryption config", async () => {
        const aes = await run(s3SseKms, stackArgs([bucket, sse("AES256")]));
        assert.match(aes.violations.join(), /segments is not encrypted with SSE-KMS/);
        const none = await run(s3SseKms, stackArgs([bucket]));
        assert.match(none.violations.join(), /segments has no server-side encryption configuration/);
    });
    it("matches an existing bucket by name when no dependency is recorded", async () => {
        const byName: Spec = { type: T.bucketSse, name: "sse", props: { bucket: "milvus-eks-prod-segments", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" } }] } };
        assert.deepEqual((await run(s3SseKms, stackArgs([bucket, byName]))).violations, []);
    });
    it("reports an unlinkable config as unverifiable, not as a pass or a violation", async () => {
        const orphan: Spec = { type: T.bucketSse, name: "sse", props: { bucket: COMPUTED_MARKER } };
        const o = await run(s3SseKms, stackArgs([bucket, orphan]));
        assert.deepEqual(o.violations, []);
        assert.match(o.unverifiable.join(), /sse may belong to it/);
    });
});

describe("s3-versioning", () => {
    it("passes Enabled", async () => {
        const o = await run(s3Versioning, stackArgs([bucket, linked(T.bucketVersioning, "v", { versioningConfiguration: { status: "Enabled" } })]));
        assert.deepEqual(o.violations, []);
    });
    it("flags Suspended", async () => {
        const o = await run(s3Versioning, stackArgs([bucket, linked(T.bucketVersioning, "v", { versioningConfiguration: { status: "Suspended" } })]));
        assert.match(o.violations.join(), /versioning is "Suspended"/);
    });
});

describe("s3-public-access-block", () => {
    const pab = (restrict: boolean) => linked(T.bucketPublicAccessBlock, "pab", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: restrict });
    it("passes all four flags true", async () => {
        assert.deepEqual((await run(s3PublicAccessBlock, stackArgs([bucket, pab(true)]))).violations, []);
    });
    it("flags one flag false, and a missing block", async () => {
        assert.match((await run(s3PublicAccessBlock, stackArgs([bucket, pab(false)]))).violations.join(), /restrictPublicBuckets = false/);
        assert.match((await run(s3PublicAccessBlock, stackArgs([bucket]))).violations.join(), /no public access block/);
    });
});

describe("s3-tls-only", () => {
    it("passes a Deny on aws:SecureTransport false", async () => {
        assert.deepEqual((await run(s3TlsOnly, stackArgs([bucket, linked(T.bucketPolicy, "p", { policy: tlsDeny })]))).violations, []);
    });
    it("flags a policy without the deny", async () => {
        const allowOnly = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:role/milvus" }, Action: "s3:GetObject" }] });
        assert.match((await run(s3TlsOnly, stackArgs([bucket, linked(T.bucketPolicy, "p", { policy: allowOnly })]))).violations.join(), /does not deny aws:SecureTransport=false/);
    });
});

describe("access-log target bucket", () => {
    const logs: Spec = { type: T.bucket, name: "logs", props: {} };
    const logging: Spec = { type: T.bucketLogging, name: "logging", props: { bucket: COMPUTED_MARKER, targetBucket: COMPUTED_MARKER }, deps: { bucket: ["segments"], targetBucket: ["logs"] } };
    const aes: Spec = { type: T.bucketSse, name: "logs-sse", props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, deps: { bucket: ["logs"] } };
    it("may use SSE-S3 (S3 cannot log into SSE-KMS buckets) and needs no versioning", async () => {
        const specs = [bucket, sse("aws:kms", "k"), logs, aes, logging, linked(T.bucketVersioning, "v", { versioningConfiguration: { status: "Enabled" } })];
        assert.deepEqual((await run(s3SseKms, stackArgs(specs))).violations, []);
        assert.deepEqual((await run(s3Versioning, stackArgs(specs))).violations, []);
    });
    it("is judged like any bucket once nothing logs into it", async () => {
        const specs = [bucket, sse("aws:kms", "k"), logs, aes, linked(T.bucketVersioning, "v", { versioningConfiguration: { status: "Enabled" } })];
        assert.match((await run(s3SseKms, stackArgs(specs))).violations.join(), /bucket logs is not encrypted with SSE-KMS/);
        assert.match((await run(s3Versioning, stackArgs(specs))).violations.join(), /bucket logs has no versioning configuration/);
    });
});
