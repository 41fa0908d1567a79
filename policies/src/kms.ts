import { customerKey } from "./kms-keys";
import { resourcePolicy } from "./framework";
import { T } from "./types";
import { get, isUnknown, show } from "./values";

export const kmsKeyRotation = resourcePolicy(
    {
        name: "kms-key-rotation",
        description: "Every symmetric customer KMS key rotates its key material yearly (enableKeyRotation true).",
        remediationSteps: "Set enableKeyRotation true on the aws.kms.Key (the provider default is false).",
    },
    [T.kmsKey],
    (props) => {
        // AWS rotates only symmetric encryption keys (KMS: "Rotating AWS KMS keys"); other specs cannot turn it on.
        const spec = get(props, "customerMasterKeySpec") ?? get(props, "keySpec");
        if (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") {
            return [];
        }
        const on = get(props, "enableKeyRotation");
        if (isUnknown(on)) {
            return [{ unverifiable: true, message: "enableKeyRotation is unknown" }];
        }
        return on === true ? [] : [{ message: `enableKeyRotation is ${show(on)} (provider default false): the key material never rotates` }];
    },
);

export const secretsManagerCmk = resourcePolicy(
    {
        name: "secretsmanager-cmk",
        description: "Secrets Manager secrets are encrypted with a customer KMS key, not the AWS-managed aws/secretsmanager key (MSK SCRAM secrets require it).",
        remediationSteps: "Set kmsKeyId on the aws.secretsmanager.Secret to the stack's KMS key ARN.",
        severity: "critical",
    },
    [T.secret],
    (props) => customerKey(get(props, "kmsKeyId"), "kmsKeyId", "Secrets Manager uses the AWS-managed aws/secretsmanager key"),
);

export const kmsPolicies = [kmsKeyRotation, secretsManagerCmk];
