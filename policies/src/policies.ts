import { capacityQueryMemory } from "./capacity";
import { eksPolicies } from "./eks";
import { CheckedPolicy, unverifiablePolicy } from "./framework";
import { kmsPolicies } from "./kms";
import { milvusPolicies } from "./milvus";
import { mskPolicies } from "./msk";
import { nodeGroupPolicies } from "./nodegroups";
import { sgNoPublicIngress } from "./network";
import { s3Policies } from "./s3";
import { dataProtect } from "./safety";
import { requiredTags } from "./tags";

/** Every policy that can block (mandatory in prod, advisory in staging through the pack config). */
export const guardPolicies: CheckedPolicy[] = [
    ...s3Policies,
    ...eksPolicies,
    ...nodeGroupPolicies,
    ...mskPolicies,
    ...milvusPolicies,
    ...kmsPolicies,
    sgNoPublicIngress,
    capacityQueryMemory,
    dataProtect,
    requiredTags,
];

/** The pack: the guard policies plus the always-advisory report of what a preview could not verify. */
export const allPolicies: CheckedPolicy[] = [...guardPolicies, unverifiablePolicy(guardPolicies)];
