import { PolicyResource } from "@pulumi/policy";
import { Finding, resourcePolicy, stackPolicy } from "./framework";
import { referenced, referencing, unlinked } from "./links";
import { customerKey } from "./kms-keys";
import { BUCKET_LOGGING_TYPES, BUCKET_SSE_TYPES, BUCKET_TYPES, BUCKET_VERSIONING_TYPES, T } from "./types";
import { get, isUnknown, list, show } from "./values";

/**
 * For each bucket (both token families), the companion resources of `types` attached to it (by their `bucket`
 * input) are judged by `judge`. A legacy `aws:s3/bucket:Bucket` may carry the setting inline instead: `inline`
 * judges that, and returns undefined when the bucket has no such inline setting. No companion and no inline
 * setting is a violation, unless some companion's `bucket` is unknown and unlinked (then the link cannot be
 * verified at preview).
 */
function perBucket(
    resources: PolicyResource[],
    types: string[],
    missing: string,
    judge: (companion: PolicyResource, bucket: PolicyResource) => Finding[],
    inline?: (bucket: PolicyResource) => Finding[] | undefined,
): Finding[] {
    const out: Finding[] = [];
    for (const bucket of resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
        const companions = types.flatMap((type) => referencing(bucket, type, "bucket", resources));
        const own = inline?.(bucket);
        if (own !== undefined && companions.length === 0) {
            out.push(...own.map((f) => ({ urn: bucket.urn, ...f })));
            continue;
        }
        if (companions.length === 0) {
            const maybe = types.flatMap((type) => unlinked(type, "bucket", resources));
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

/** Inline setting of a legacy bucket: `serverSideEncryptionConfiguration.rule` (pulumi-aws 6) as a rules list. */
function inlineSseRules(bucket: PolicyResource): unknown[] | "unknown" | undefined {
    const sse = get(bucket.props, "serverSideEncryptionConfiguration");
    if (sse === undefined || sse === null) {
        return undefined;
    }
    const rules = list(get(sse, "rule") ?? get(sse, "rules"));
    return isUnknown(rules) || isUnknown(sse) ? "unknown" : rules ?? [];
}

/**
 * A bucket that receives S3 server access logs (the target of a BucketLoggingV2). S3 cannot deliver access logs
 * into an SSE-KMS bucket, so such a bucket may use SSE-S3, and it holds no Milvus data, so it needs no versioning.
 */
export function isAccessLogTarget(bucket: PolicyResource, all: PolicyResource[]): boolean {
    return all.some((r) => BUCKET_LOGGING_TYPES.includes(r.type) && referenced(r, "targetBucket", all, bucket.type).includes(bucket));
}

export const s3SseKms = stackPolicy(
    {
        name: "s3-sse-kms",
        description: "Every S3 bucket encrypts objects by default with SSE-KMS and a customer key (an access-log target: SSE-S3, as S3 requires).",
        remediationSteps: "Add a BucketServerSideEncryptionConfigurationV2 with sseAlgorithm aws:kms and kmsMasterKeyId set to the stack's KMS key.",
        severity: "critical",
    },
    (ctx) => {
        const judgeRules = (rules: unknown[] | "unknown" | undefined, b: PolicyResource): Finding[] => {
            if (rules === "unknown") {
                return [{ unverifiable: true, message: `encryption rules of bucket ${b.name} are unknown` }];
            }
            const logTarget = isAccessLogTarget(b, ctx.resources);
            const problems: string[] = [];
            for (const r of rules ?? []) {
                const alg = get(r, "applyServerSideEncryptionByDefault.sseAlgorithm");
                if (isUnknown(alg)) {
                    return [{ unverifiable: true, message: `sseAlgorithm of bucket ${b.name} is unknown` }];
                }
                if (alg === "aws:kms" || alg === "aws:kms:dsse") {
                    const key = customerKey(get(r, "applyServerSideEncryptionByDefault.kmsMasterKeyId"), "kmsMasterKeyId", "S3 uses the AWS-managed aws/s3 key");
                    if (key.length === 0) {
                        return [];
                    }
                    problems.push(...key.map((f) => f.message));
                } else if (logTarget && alg === "AES256") {
                    return [];
                } else {
                    problems.push(`sseAlgorithm ${show(alg)}`);
                }
            }
            return [{ message: `bucket ${b.name} is not encrypted with SSE-KMS and a customer key (${problems.join("; ") || "no rule"})` }];
        };
        return perBucket(
            ctx.resources,
            BUCKET_SSE_TYPES,
            "no server-side encryption configuration (SSE-KMS)",
            (c, b) => {
                const rules = list(get(c.props, "rules"));
                return judgeRules(isUnknown(rules) ? "unknown" : rules, b);
            },
            (b) => {
                const rules = inlineSseRules(b);
                return rules === undefined ? undefined : judgeRules(rules, b);
            },
        );
    },
);

export const s3Versioning = stackPolicy(
    {
        name: "s3-versioning",
        description: "Every S3 bucket but an access-log target has versioning enabled, so an overwrite or delete of a segment can be undone.",
        remediationSteps: "Add a BucketVersioningV2 with versioningConfiguration.status Enabled.",
    },
    (ctx) => perBucket(
        ctx.resources.filter((r) => !(BUCKET_TYPES.includes(r.type) && isAccessLogTarget(r, ctx.resources))),
        BUCKET_VERSIONING_TYPES,
        "no versioning configuration",
        (c, b) => {
            const status = get(c.props, "versioningConfiguration.status");
            if (isUnknown(status)) {
                return [{ unverifiable: true, message: `versioning status of bucket ${b.name} is unknown` }];
            }
            return status === "Enabled" ? [] : [{ message: `bucket ${b.name} versioning is ${show(status)}, not "Enabled"` }];
        },
        (b) => {
            const enabled = get(b.props, "versioning.enabled");
            if (enabled === undefined) {
                return undefined;
            }
            if (isUnknown(enabled)) {
                return [{ unverifiable: true, message: `versioning of bucket ${b.name} is unknown` }];
            }
            return enabled === true ? [] : [{ message: `bucket ${b.name} versioning.enabled is ${show(enabled)}` }];
        },
    ),
);

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlock = stackPolicy(
    {
        name: "s3-public-access-block",
        description: "Every S3 bucket has a public access block with all four settings true.",
        remediationSteps: "Add a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true.",
        severity: "critical",
    },
    (ctx) => perBucket(ctx.resources, [T.bucketPublicAccessBlock], "no public access block", (c, b) => {
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
        const values = list(get(cond, ["aws:SecureTransport"]));
        return Array.isArray(values) && values.some((x) => (typeof x === "string" || typeof x === "boolean") && String(x).toLowerCase() === "false");
    });
}

export const s3TlsOnly = stackPolicy(
    {
        name: "s3-tls-only",
        description: "Every S3 bucket policy denies requests not made over TLS (aws:SecureTransport false).",
        remediationSteps: "Add a BucketPolicy statement: Effect Deny, Principal *, Action s3:*, Condition Bool aws:SecureTransport \"false\".",
    },
    (ctx) => {
        const judge = (policy: unknown, b: PolicyResource): Finding[] => {
            if (isUnknown(policy)) {
                return [{ unverifiable: true, message: `policy document of bucket ${b.name} is unknown` }];
            }
            return deniesInsecureTransport(policy) ? [] : [{ message: `bucket ${b.name} policy does not deny aws:SecureTransport=false` }];
        };
        return perBucket(ctx.resources, [T.bucketPolicy], "no bucket policy (TLS-only deny statement)", (c, b) => judge(get(c.props, "policy"), b), (b) => {
            const inline = get(b.props, "policy");
            return inline === undefined || inline === "" ? undefined : judge(inline, b);
        });
    },
);

export const s3AccessLogging = stackPolicy(
    {
        name: "s3-access-logging",
        description: "In prod every S3 bucket but the access-log target sends server access logs to the log bucket.",
        remediationSteps: "Add a BucketLoggingV2 (pulumi-aws 7: BucketLogging) with targetBucket the stack's access-log bucket.",
        severity: "medium",
        only: ["prod"],
    },
    (ctx) => perBucket(
        ctx.resources.filter((r) => !(BUCKET_TYPES.includes(r.type) && isAccessLogTarget(r, ctx.resources))),
        BUCKET_LOGGING_TYPES,
        "no access logging (BucketLoggingV2)",
        (c, b) => {
            const target = get(c.props, "targetBucket");
            return target === undefined || target === "" ? [{ message: `bucket ${b.name} logging has no targetBucket` }] : [];
        },
        (b) => {
            const inline = list(get(b.props, "loggings") ?? get(b.props, "logging"));
            if (inline === undefined || (Array.isArray(inline) && inline.length === 0)) {
                return undefined;
            }
            return isUnknown(inline) ? [{ unverifiable: true, message: `logging of bucket ${b.name} is unknown` }] : [];
        },
    ),
);

/** Types that are buckets: an S3-family module and a resource name ending in Bucket (or BucketV2). */
const BUCKET_LIKE = /^aws(-native)?:s3[a-z]*[/:]([^:]*:)?[A-Za-z]*Bucket(V\d+)?$/;

export const s3KnownBucketTypes = resourcePolicy(
    {
        name: "s3-known-bucket-types",
        description: `Buckets are of a type the pack checks (${BUCKET_TYPES.join(", ")}); any other bucket type escapes the S3 policies.`,
        remediationSteps: "Use aws.s3.BucketV2 (pulumi-aws 7: aws.s3.Bucket), or teach policies/src/s3.ts the new type before using it.",
    },
    (type) => BUCKET_LIKE.test(type) && !BUCKET_TYPES.includes(type),
    (_props, _ctx, args) => [{ message: `${args.type} ${args.name} is a bucket type the policy pack does not know: its encryption, versioning, public access and TLS are not checked` }],
);

export const s3Policies = [s3SseKms, s3Versioning, s3PublicAccessBlock, s3TlsOnly, s3AccessLogging, s3KnownBucketTypes];
