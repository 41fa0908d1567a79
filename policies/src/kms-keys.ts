import { Finding } from "./framework";
import { isUnknown, show } from "./values";

/**
 * `alias/aws/<service>` or its ARN: an AWS-managed key. Its key policy cannot be restricted, it cannot be
 * disabled or scheduled for deletion by the account, and access to it cannot be audited apart from the service
 * (AWS KMS concepts: "AWS managed keys"). A key id (UUID) of such a key cannot be told apart here.
 */
export function isAwsManagedKey(v: unknown): boolean {
    return typeof v === "string" && /(^|:)alias\/aws\//.test(v.trim());
}

/**
 * Findings when `value` (a KMS key id/ARN/alias input) is not a customer key: unset (the service falls back to its
 * AWS-managed key) or an `alias/aws/...`. A value unknown at preview is computed from a key resource (an AWS alias is
 * always a literal), so it passes.
 */
export function customerKey(value: unknown, what: string, whenUnset: string): Finding[] {
    if (isUnknown(value)) {
        return [];
    }
    if (value === undefined || value === null || value === "") {
        return [{ message: `${what} is not set: ${whenUnset}` }];
    }
    if (typeof value !== "string") {
        return [{ message: `${what} is ${show(value)}, not a KMS key ARN` }];
    }
    if (isAwsManagedKey(value)) {
        return [{ message: `${what} is the AWS-managed key ${value}: use a customer-managed key of the stack` }];
    }
    return [];
}
