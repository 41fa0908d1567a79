import { parse as parseYaml } from "yaml";
import { Finding, Meta, resourcePolicy } from "./framework";
import { T } from "./types";
import { get, isUnknown, keys, list, num, SECRET_MARKER, show, UNKNOWN } from "./values";

/**
 * Policies on the Milvus Helm release (chart milvus-helm 5.x values). Milvus reads its own settings from
 * `extraConfigFiles["user.yaml"]`, a YAML text merged over milvus.yaml: authorization lives there.
 */
interface ChartConfig {
    /** A release is judged when its chart name matches this regex. */
    chartPattern: string;
}

const chartConfig = {
    chartPattern: { type: "string" as const, default: "milvus", description: "Regex on the release's chart name." },
};

function milvusPolicy(
    meta: Meta<ChartConfig>,
    check: (values: unknown, props: Record<string, unknown>, env: string) => Finding[],
) {
    return resourcePolicy<ChartConfig>({ ...meta, config: { ...chartConfig, ...(meta.config ?? {}) } }, [T.helmRelease], (props, ctx) => {
        const chart = get(props, "chart");
        if (typeof chart !== "string" || !new RegExp(ctx.config.chartPattern).test(chart)) {
            return [];
        }
        const values = get(props, "values");
        if (isUnknown(values) || values === SECRET_MARKER) {
            return [{ unverifiable: true, message: "the release values are unknown at preview" }];
        }
        return check(values ?? {}, props, ctx.env);
    });
}

/** Parsed `extraConfigFiles["user.yaml"]`; UNKNOWN when computed or secret; undefined when absent or invalid. */
export function userYaml(values: unknown): unknown {
    const text = get(values, ["extraConfigFiles", "user.yaml"]);
    if (isUnknown(text) || text === SECRET_MARKER) {
        return UNKNOWN;
    }
    if (typeof text !== "string") {
        return undefined;
    }
    try {
        return parseYaml(text);
    } catch {
        return undefined;
    }
}

export const milvusNoBundledMinio = milvusPolicy(
    {
        name: "milvus-no-bundled-minio",
        description: "In prod Milvus stores segments in the stack's S3 bucket, not a bundled MinIO.",
        remediationSteps: "Set values minio.enabled false and externalS3.enabled true.",
        severity: "critical",
        only: ["prod"],
    },
    (values) => {
        const out: Finding[] = [];
        // The chart enables MinIO unless told otherwise.
        if (get(values, "minio.enabled") !== false) {
            out.push({ message: `minio.enabled is ${show(get(values, "minio.enabled"))} (chart default true): bundled MinIO in prod` });
        }
        if (get(values, "externalS3.enabled") !== true) {
            out.push({ message: `externalS3.enabled is ${show(get(values, "externalS3.enabled"))}: Milvus does not use the S3 bucket` });
        }
        return out;
    },
);

export const milvusS3Iam = milvusPolicy(
    {
        name: "milvus-s3-iam",
        description: "Milvus reaches S3 with its IAM role (IRSA), externalS3.useIAM true, and no access keys in values.",
        remediationSteps: "Set externalS3.useIAM true and remove externalS3.accessKey / secretKey; the service account's role grants the bucket.",
        severity: "critical",
    },
    (values) => {
        if (get(values, "externalS3.enabled") !== true) {
            return [];
        }
        const out: Finding[] = [];
        if (get(values, "externalS3.useIAM") !== true) {
            out.push({ message: `externalS3.useIAM is ${show(get(values, "externalS3.useIAM"))}, must be true` });
        }
        for (const k of ["accessKey", "secretKey"]) {
            const v = get(values, ["externalS3", k]);
            if (v !== undefined && v !== null && v !== "") {
                out.push({ message: `externalS3.${k} is set: static keys instead of the IAM role` });
            }
        }
        return out;
    },
);

export const milvusAuthorization = milvusPolicy(
    {
        name: "milvus-authorization",
        description: "Milvus requires authentication (common.security.authorizationEnabled true).",
        remediationSteps: "Put common.security.authorizationEnabled: true in values extraConfigFiles[\"user.yaml\"].",
        severity: "critical",
    },
    (values) => {
        const user = userYaml(values);
        const fromUser = isUnknown(user) ? UNKNOWN : get(user, "common.security.authorizationEnabled");
        if (fromUser === true) {
            return [];
        }
        if (isUnknown(fromUser)) {
            return [{ unverifiable: true, message: "extraConfigFiles[\"user.yaml\"] is unknown or secret at preview" }];
        }
        return [{ message: `common.security.authorizationEnabled is ${show(fromUser)} in extraConfigFiles["user.yaml"]: anyone reaching the proxy can read and write` }];
    },
);

export const milvusEtcdQuorum = milvusPolicy(
    {
        name: "milvus-etcd-quorum",
        description: "The bundled etcd runs an odd number of replicas, at least 3, so it keeps quorum through one loss.",
        remediationSteps: "Set values etcd.replicaCount to 3 or 5.",
    },
    (values) => {
        if (get(values, "etcd.enabled") === false) {
            return [];
        }
        const raw = get(values, "etcd.replicaCount");
        if (isUnknown(raw)) {
            return [{ unverifiable: true, message: "etcd.replicaCount is unknown" }];
        }
        const n = num(raw);
        return n !== undefined && n >= 3 && n % 2 === 1 ? [] : [{ message: `etcd.replicaCount is ${show(raw)}, must be odd and ≥ 3` }];
    },
);

const SECRET_KEY = /(password|passwd|secret|accesskey|token|credential|privatekey)/i;
/** Names of secrets, not secrets: `existingSecret: milvus-auth`, `secretName`, `secretKeyRef`. */
const SECRET_NAME_KEY = /(existingsecret|secretname|secretref|secretkeyref|name)$/i;

/**
 * Paths under secret-looking keys that hold a value instead of a reference. A Pulumi secret is no exception: it
 * reaches the chart as plain text (the Helm release stores values in its release Secret, `helm get values` prints
 * them), and @pulumi/policy hands it to the policy unwrapped, so only the offline plan could tell it apart ("[secret]").
 * A computed value at such a key is a literal too, only not known yet. References pass: `secretKeyRef`,
 * `existingSecret`, `secretName` (names of Secrets, not secrets).
 */
export function plaintextSecrets(v: unknown, path: string[] = []): string[] {
    if (isUnknown(v)) {
        return [];
    }
    const l = list(v);
    if (Array.isArray(v) && Array.isArray(l)) {
        return l.flatMap((x, i) => plaintextSecrets(x, [...path, String(i)]));
    }
    if (v && typeof v === "object") {
        // An env entry {name: KAFKA_SASLPASSWORD, value: ...} holds the secret under "value": only valueFrom may.
        const envName = get(v, "name");
        const envValue = get(v, "value");
        if (typeof envName === "string" && SECRET_KEY.test(envName) && envValue !== undefined && envValue !== null && envValue !== "") {
            return [[...path, "value"].join(".") + ` (${envName})`];
        }
        return keys(v).flatMap((k) => {
            const child = get(v, [k]);
            if (SECRET_KEY.test(k) && !SECRET_NAME_KEY.test(k) && (typeof child === "string" || typeof child === "number" || isUnknown(child))) {
                return child === "" ? [] : [[...path, k].join(".")];
            }
            return plaintextSecrets(child, [...path, k]);
        });
    }
    return [];
}

export const milvusNoPlaintextSecrets = milvusPolicy(
    {
        name: "milvus-no-plaintext-secrets",
        description: "No password, key or token sits in the release values (or user.yaml), not even as a Pulumi secret: only references to a Kubernetes Secret.",
        remediationSteps:
            "Put the secret in a Kubernetes Secret and reference it: extraEnv with valueFrom.secretKeyRef (Milvus reads e.g. " +
            "KAFKA_SASLPASSWORD for kafka.saslPassword), or the chart's existingSecret. A Pulumi secret in values is not enough: " +
            "Helm stores values in plain text in its release Secret.",
        severity: "critical",
    },
    (values) => {
        const paths = plaintextSecrets(values);
        const user = userYaml(values);
        if (!isUnknown(user) && user !== undefined) {
            paths.push(...plaintextSecrets(user).map((p) => `extraConfigFiles["user.yaml"]:${p}`));
        }
        // Paths only, never the values: the report must not leak what it found.
        return paths.map((p) => ({ message: `secret value in the release values at ${p}: reference a Kubernetes Secret (secretKeyRef) instead` }));
    },
);

const LB_SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
const LB_INTERNAL = "service.beta.kubernetes.io/aws-load-balancer-internal";
const ALB_SCHEME = "alb.ingress.kubernetes.io/scheme";

export const milvusProxyInternal = milvusPolicy(
    {
        name: "milvus-proxy-internal",
        description: "The Milvus proxy is not internet-facing: ClusterIP, or an internal load balancer.",
        remediationSteps: "Use service.type ClusterIP, or LoadBalancer with annotation service.beta.kubernetes.io/aws-load-balancer-scheme: internal.",
        severity: "critical",
    },
    (values) => {
        const out: Finding[] = [];
        const type = get(values, "service.type");
        if (isUnknown(type)) {
            out.push({ unverifiable: true, message: "service.type is unknown" });
        } else if (type === "LoadBalancer") {
            const scheme = get(values, ["service", "annotations", LB_SCHEME]);
            const internal = get(values, ["service", "annotations", LB_INTERNAL]);
            if (!(scheme === "internal" || internal === "true" || internal === true)) {
                out.push({ message: `service.type LoadBalancer without ${LB_SCHEME}: internal (scheme ${show(scheme)}): the proxy would be internet-facing` });
            }
        }
        if (get(values, "ingress.enabled") === true) {
            const scheme = get(values, ["ingress", "annotations", ALB_SCHEME]);
            if (scheme !== "internal") {
                out.push({ message: `ingress enabled with ${ALB_SCHEME} ${show(scheme)}: must be "internal"` });
            }
        }
        return out;
    },
);

export const milvusPolicies = [milvusNoBundledMinio, milvusS3Iam, milvusAuthorization, milvusEtcdQuorum, milvusNoPlaintextSecrets, milvusProxyInternal];
