import { customerKey, isAwsManagedKey } from "./kms-keys";
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

/**
 * The one name prefix ECR reads a pull-through cache credential from; ECR reads it only under the AWS-managed
 * aws/secretsmanager key ("You must use the default aws/secretsmanager encryption key to encrypt your secret", ECR
 * user guide, pull-through-cache-creating-secret): under a customer key the rule's first pull cannot decrypt it.
 */
export const PULL_THROUGH_PREFIX = "ecr-pullthroughcache/";

/** Whether the secret's name or name prefix (known at preview) starts with {@link PULL_THROUGH_PREFIX}. */
function pullThroughCredential(props: unknown): boolean {
    return ["name", "namePrefix"].some((k) => {
        const v = get(props, k);
        return typeof v === "string" && v.startsWith(PULL_THROUGH_PREFIX);
    });
}

export const secretsManagerCmk = resourcePolicy(
    {
        name: "secretsmanager-cmk",
        description: "Secrets Manager secrets are encrypted with a customer KMS key, not the AWS-managed aws/secretsmanager key (MSK SCRAM secrets require it); except ECR pull-through cache credentials (" + PULL_THROUGH_PREFIX + "...), which ECR reads only under aws/secretsmanager.",
        remediationSteps: "Set kmsKeyId on the aws.secretsmanager.Secret to the stack's KMS key ARN; on an " + PULL_THROUGH_PREFIX + " secret leave it unset.",
        severity: "critical",
    },
    [T.secret],
    (props) => {
        if (pullThroughCredential(props)) {
            const key = get(props, "kmsKeyId");
            if (key === undefined || key === null || key === "" || isAwsManagedKey(key)) {
                return []; // exempt: the one key ECR can read it with
            }
            return [{
                message: `kmsKeyId is ${isUnknown(key) ? "a key of the stack" : show(key)} on an ECR pull-through cache credential (${PULL_THROUGH_PREFIX}...): ECR reads it only under the default aws/secretsmanager key (ECR user guide, pull-through-cache-creating-secret), so every pull through the cache would fail; leave kmsKeyId unset`,
            }];
        }
        return customerKey(get(props, "kmsKeyId"), "kmsKeyId", "Secrets Manager uses the AWS-managed aws/secretsmanager key");
    },
);

export const kmsPolicies = [kmsKeyRotation, secretsManagerCmk];
