import { resourcePolicy } from "./framework";
import { T } from "./types";
import { customerKey } from "./kms-keys";
import { get, isUnknown, list, show } from "./values";

export const eksSecretsEncryption = resourcePolicy(
    {
        name: "eks-secrets-encryption",
        description: "The EKS cluster envelope-encrypts Kubernetes secrets with a KMS key.",
        remediationSteps: "Set encryptionConfig { resources: [\"secrets\"], provider: { keyArn: <stack KMS key ARN> } }.",
        severity: "critical",
    },
    [T.eksCluster],
    (props) => {
        const resources = list(get(props, "encryptionConfig.resources"));
        if (isUnknown(resources)) {
            return [{ unverifiable: true, message: "encryptionConfig.resources is unknown" }];
        }
        if (!(resources ?? []).includes("secrets")) {
            return [{ message: `encryptionConfig.resources is ${show(get(props, "encryptionConfig.resources"))}: secrets are not envelope-encrypted` }];
        }
        return customerKey(get(props, "encryptionConfig.provider.keyArn"), "encryptionConfig.provider.keyArn", "secrets are not envelope-encrypted");
    },
);

export const eksPrivateEndpoint = resourcePolicy(
    {
        name: "eks-private-endpoint",
        description: "The EKS API has a private endpoint, so nodes and in-VPC tools reach it without the internet.",
        remediationSteps: "Set vpcConfig.endpointPrivateAccess true.",
    },
    [T.eksCluster],
    (props) => {
        const v = get(props, "vpcConfig.endpointPrivateAccess");
        if (isUnknown(v)) {
            return [{ unverifiable: true, message: "vpcConfig.endpointPrivateAccess is unknown" }];
        }
        return v === true ? [] : [{ message: `vpcConfig.endpointPrivateAccess is ${show(v)} (AWS default false): the API has no private endpoint` }];
    },
);

const OPEN = ["0.0.0.0/0", "::/0"];

export const eksPublicEndpoint = resourcePolicy(
    {
        name: "eks-public-endpoint-restricted",
        description: "In prod the EKS public endpoint is off or limited to known CIDRs, never 0.0.0.0/0.",
        remediationSteps: "Set vpcConfig.endpointPublicAccess false, or publicAccessCidrs to your VPN ranges (config publicAccessCidrs).",
        severity: "critical",
        only: ["prod"],
    },
    [T.eksCluster],
    (props) => {
        const pub = get(props, "vpcConfig.endpointPublicAccess");
        if (isUnknown(pub)) {
            return [{ unverifiable: true, message: "vpcConfig.endpointPublicAccess is unknown" }];
        }
        if (pub === false) {
            return [];
        }
        const cidrs = list(get(props, "vpcConfig.publicAccessCidrs"));
        if (isUnknown(cidrs)) {
            return [{ unverifiable: true, message: "vpcConfig.publicAccessCidrs is unknown" }];
        }
        // AWS opens an enabled public endpoint to 0.0.0.0/0 when no CIDR is given.
        if (cidrs === undefined || cidrs.length === 0) {
            return [{ message: `public endpoint enabled (endpointPublicAccess ${show(pub)}) with no publicAccessCidrs: AWS opens it to 0.0.0.0/0` }];
        }
        const open = cidrs.filter((c) => typeof c === "string" && OPEN.includes(c.trim()));
        return open.length > 0 ? [{ message: `public endpoint open to ${open.join(", ")}` }] : [];
    },
);

export const eksControlPlaneLogging = resourcePolicy<{ requiredLogTypes: string[] }>(
    {
        name: "eks-control-plane-logging",
        description: "The EKS control plane ships api, audit and authenticator logs to CloudWatch.",
        remediationSteps: "Set enabledClusterLogTypes to include api, audit and authenticator.",
        severity: "medium",
        config: { requiredLogTypes: { type: "array", items: { type: "string" }, default: ["api", "audit", "authenticator"] } },
    },
    [T.eksCluster],
    (props, ctx) => {
        const types = list(get(props, "enabledClusterLogTypes"));
        if (isUnknown(types)) {
            return [{ unverifiable: true, message: "enabledClusterLogTypes is unknown" }];
        }
        const missing = ctx.config.requiredLogTypes.filter((t) => !(types ?? []).includes(t));
        return missing.length === 0 ? [] : [{ message: `control-plane log types missing: ${missing.join(", ")} (enabled: ${show(get(props, "enabledClusterLogTypes"))})` }];
    },
);

export const eksAuthenticationMode = resourcePolicy<{ allowedModes: string[] }>(
    {
        name: "eks-authentication-mode",
        description: "The EKS cluster authenticates through the access-entry API, not only the aws-auth ConfigMap.",
        remediationSteps: "Set accessConfig.authenticationMode to API (or API_AND_CONFIG_MAP while migrating).",
        config: { allowedModes: { type: "array", items: { type: "string" }, default: ["API", "API_AND_CONFIG_MAP"] } },
    },
    [T.eksCluster],
    (props, ctx) => {
        const mode = get(props, "accessConfig.authenticationMode");
        if (isUnknown(mode)) {
            return [{ unverifiable: true, message: "accessConfig.authenticationMode is unknown" }];
        }
        return typeof mode === "string" && ctx.config.allowedModes.includes(mode)
            ? []
            : [{ message: `accessConfig.authenticationMode is ${show(mode)} (AWS default CONFIG_MAP); allowed: ${ctx.config.allowedModes.join(", ")}` }];
    },
);

export const eksPolicies = [eksSecretsEncryption, eksPrivateEndpoint, eksPublicEndpoint, eksControlPlaneLogging, eksAuthenticationMode];
