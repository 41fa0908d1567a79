import { PolicyResource } from "@pulumi/policy";
import { Finding, stackPolicy } from "./framework";
import { referenced, referencing, unlinked } from "./links";
import { T } from "./types";
import { get, isUnknown, list, present, show } from "./values";

/**
 * For each bucket, the companion resources of `type` attached to it (by their `bucket` input) are judged by
 * `judge`; no companion is a violation unless some companion's `bucket` is unknown and unlinked (then the link
 * cannot be verified at preview).
 */
function perBucket(
    resources: PolicyResource[],
    type: string,
    missing: string,
    judge: (companion: PolicyResource, bucket: PolicyResource) => Finding[],
): Finding[] {
    const out: Finding[] = [];
    for (const bucket of resources.filter((r) => r.type === T.bucket)) {
        const companions = referencing(bucket, type, "bucket", resources);
        if (companions.length === 0) {
            const maybe = unlinked(type, "bucket", resources);
            if (maybe.length > 0) {
                out.push({ urn: bucket.urn, unverifiable: true, message: `bucket ${bucket.name}: ${maybe.map((m) => m.name).join(", ")} may belong to it, but their bucket is unknown` });
            } else {
                out.push({ urn: bucket.urn, message: `bucket ${bucket.name} has ${missing}` });
            }
            continue;
        }
        for (const c of companions) {
            out.push(...judge(c, bucket).map((f) => ({ urn: c.urn, ...f })));
        }
    }
    return out;
}

/**
 * A bucket that receives S3 server access logs (the target of a BucketLoggingV2). S3 cannot deliver access logs
 * into an SSE-KMS bucket, so such a bucket may use SSE-S3, and it holds no Milvus data, so it needs no versioning.
 */
export function isAccessLogTarget(bucket: PolicyResource, all: PolicyResource[]): boolean {
    return all.some((r) => r.type === T.bucketLogging && referenced(r, "targetBucket", all, T.bucket).includes(bucket));
}

export const s3SseKms = stackPolicy(
    {
        name: "s3-sse-kms",
        description: "Every S3 bucket encrypts objects by default with SSE-KMS and a customer key (an access-log target: SSE-S3, as S3 requires).",
        remediationSteps: "Add a BucketServerSideEncryptionConfigurationV2 with sseAlgorithm aws:kms and kmsMasterKeyId set to the stack's KMS key.",
        severity: "critical",
    },
    (ctx) => perBucket(ctx.resources, T.bucketSse, "no server-side encryption configuration (SSE-KMS)", (c, b) => {
        const rules = list(get(c.props, "rules"));
        if (isUnknown(rules)) {
            return [{ unverifiable: true, message: `encryption rules of bucket ${b.name} are unknown` }];
        }
        const logTarget = isAccessLogTarget(b, ctx.resources);
        const ok = (rules ?? []).some((r) => {
            const alg = get(r, "applyServerSideEncryptionByDefault.sseAlgorithm");
            const kms = (alg === "aws:kms" || alg === "aws:kms:dsse") && present(get(r, "applyServerSideEncryptionByDefault.kmsMasterKeyId"));
            return kms || (logTarget && alg === "AES256");
        });
        return ok ? [] : [{ message: `bucket ${b.name} is not encrypted with SSE-KMS and a customer key (rules: ${show(get(c.props, "rules"))})` }];
    }),
);

export const s3Versioning = stackPolicy(
    {
        name: "s3-versioning",
        description: "Every S3 bucket but an access-log target has versioning enabled, so an overwrite or delete of a segment can be undone.",
        remediationSteps: "Add a BucketVersioningV2 with versioningConfiguration.status Enabled.",
    },
    (ctx) => perBucket(ctx.resources.filter((r) => !(r.type === T.bucket && isAccessLogTarget(r, ctx.resources))), T.bucketVersioning, "no versioning configuration", (c, b) => {
        const status = get(c.props, "versioningConfiguration.status");
        if (isUnknown(status)) {
            return [{ unverifiable: true, message: `versioning status of bucket ${b.name} is unknown` }];
        }
        return status === "Enabled" ? [] : [{ message: `bucket ${b.name} versioning is ${show(status)}, not "Enabled"` }];
    }),
);

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlock = stackPolicy(
    {
        name: "s3-public-access-block",
        description: "Every S3 bucket has a public access block with all four settings true.",
        remediationSteps: "Add a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true.",
        severity: "critical",
    },
    (ctx) => perBucket(ctx.resources, T.bucketPublicAccessBlock, "no public access block", (c, b) => {
        const out: Finding[] = [];
        for (const flag of PAB_FLAGS) {
            const v = get(c.props, flag);
            if (isUnknown(v)) {
                out.push({ unverifiable: true, message: `${flag} of bucket ${b.name} is unknown` });
            } else if (v !== true) {
                out.push({ message: `bucket ${b.name} public access block has ${flag} = ${show(v)}, must be true` });
            }
        }
        return out;
    }),
);

/** True when some statement denies requests whose aws:SecureTransport is false. */
export function deniesInsecureTransport(policy: unknown): boolean {
    let doc: unknown = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            return false;
        }
    }
    const statements = list(get(doc, "Statement"));
    if (!Array.isArray(statements)) {
        return false;
    }
    return statements.some((s) => {
        if (get(s, "Effect") !== "Deny") {
            return false;
        }
        const cond = get(s, "Condition.Bool") ?? get(s, "Condition.BoolIfExists");
        const v = get(cond, ["aws:SecureTransport"]);
        const values = Array.isArray(v) ? v : [v];
        return values.some((x) => String(x).toLowerCase() === "false");
    });
}

export const s3TlsOnly = stackPolicy(
    {
        name: "s3-tls-only",
        description: "Every S3 bucket policy denies requests not made over TLS (aws:SecureTransport false).",
        remediationSteps: "Add a BucketPolicy statement: Effect Deny, Principal *, Action s3:*, Condition Bool aws:SecureTransport \"false\".",
    },
    (ctx) => perBucket(ctx.resources, T.bucketPolicy, "no bucket policy (TLS-only deny statement)", (c, b) => {
        const policy = get(c.props, "policy");
        if (isUnknown(policy)) {
            return [{ unverifiable: true, message: `policy document of bucket ${b.name} is unknown` }];
        }
        return deniesInsecureTransport(policy) ? [] : [{ message: `bucket ${b.name} policy does not deny aws:SecureTransport=false` }];
    }),
);

export const s3Policies = [s3SseKms, s3Versioning, s3PublicAccessBlock, s3TlsOnly];
