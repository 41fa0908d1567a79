import { resourcePolicy } from "./framework";
import { T } from "./types";
import { customerKey } from "./kms-keys";
import { get, isUnknown, num, show } from "./values";

export const mskEncryptionAtRest = resourcePolicy(
    {
        name: "msk-encryption-at-rest-cmk",
        description: "MSK encrypts broker storage with a customer-managed KMS key, not the AWS-managed aws/kafka key.",
        remediationSteps: "Set encryptionInfo.encryptionAtRestKmsKeyArn to the stack's KMS key ARN.",
        severity: "critical",
    },
    [T.mskCluster],
    (props) => {
        return customerKey(get(props, "encryptionInfo.encryptionAtRestKmsKeyArn"), "encryptionInfo.encryptionAtRestKmsKeyArn", "MSK falls back to the AWS-managed key aws/kafka");
    },
);

export const mskTlsOnly = resourcePolicy(
    {
        name: "msk-tls-only",
        description: "MSK accepts only TLS between clients and brokers and encrypts traffic between brokers.",
        remediationSteps: "Set encryptionInfo.encryptionInTransit { clientBroker: TLS, inCluster: true }.",
        severity: "critical",
    },
    [T.mskCluster],
    (props) => {
        const cb = get(props, "encryptionInfo.encryptionInTransit.clientBroker");
        const ic = get(props, "encryptionInfo.encryptionInTransit.inCluster");
        if (isUnknown(cb) || isUnknown(ic)) {
            return [{ unverifiable: true, message: "encryptionInTransit is unknown" }];
        }
        const out = [];
        // Provider default for clientBroker is TLS and for inCluster true: unset is fine, a weaker value is not.
        if (cb !== undefined && cb !== "TLS") {
            out.push({ message: `encryptionInTransit.clientBroker is ${show(cb)}, must be "TLS"` });
        }
        if (ic === false) {
            out.push({ message: "encryptionInTransit.inCluster is false: broker-to-broker traffic is plaintext" });
        }
        return out;
    },
);

export const mskSaslScram = resourcePolicy(
    {
        name: "msk-sasl-scram",
        description: "MSK clients authenticate with SASL/SCRAM; unauthenticated access is off.",
        remediationSteps: "Set clientAuthentication { sasl: { scram: true }, unauthenticated: false } and associate the SCRAM secret.",
        severity: "critical",
    },
    [T.mskCluster],
    (props) => {
        const scram = get(props, "clientAuthentication.sasl.scram");
        const unauth = get(props, "clientAuthentication.unauthenticated");
        if (isUnknown(scram) || isUnknown(unauth)) {
            return [{ unverifiable: true, message: "clientAuthentication is unknown" }];
        }
        const out = [];
        if (scram !== true) {
            out.push({ message: `clientAuthentication.sasl.scram is ${show(scram)}, must be true` });
        }
        if (unauth === true) {
            out.push({ message: "clientAuthentication.unauthenticated is true: anyone in the VPC can produce and consume" });
        }
        return out;
    },
);

export const mskBrokerCount = resourcePolicy<{ multipleOf: number }>(
    {
        name: "msk-broker-count",
        description: "MSK runs a multiple of 3 brokers (one per availability zone, replication factor 3).",
        remediationSteps: "Set numberOfBrokerNodes to 3, 6, 9, …",
        severity: "medium",
        config: { multipleOf: { type: "number", default: 3 } },
    },
    [T.mskCluster],
    (props, ctx) => {
        const raw = get(props, "numberOfBrokerNodes");
        if (isUnknown(raw)) {
            return [{ unverifiable: true, message: "numberOfBrokerNodes is unknown" }];
        }
        const n = num(raw);
        const m = ctx.config.multipleOf;
        return n !== undefined && n >= m && n % m === 0 ? [] : [{ message: `numberOfBrokerNodes is ${show(raw)}, must be a positive multiple of ${m}` }];
    },
);

export const mskNoPublicAccess = resourcePolicy(
    {
        name: "msk-no-public-access",
        description: "MSK brokers are never publicly accessible (connectivityInfo.publicAccess.type DISABLED or unset).",
        remediationSteps: "Remove brokerNodeGroupInfo.connectivityInfo.publicAccess, or set its type to DISABLED; clients reach MSK from the VPC.",
        severity: "critical",
    },
    [T.mskCluster],
    (props) => {
        const type = get(props, "brokerNodeGroupInfo.connectivityInfo.publicAccess.type");
        if (isUnknown(type)) {
            return [{ unverifiable: true, message: "brokerNodeGroupInfo.connectivityInfo.publicAccess.type is unknown" }];
        }
        // Unset: AWS creates clusters with public access DISABLED (it can only be turned on by an update).
        return type === undefined || type === null || type === "DISABLED"
            ? []
            : [{ message: `brokerNodeGroupInfo.connectivityInfo.publicAccess.type is ${show(type)}: brokers reachable from the internet` }];
    },
);

export const mskPolicies = [mskEncryptionAtRest, mskTlsOnly, mskSaslScram, mskBrokerCount, mskNoPublicAccess];
