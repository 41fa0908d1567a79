import { CAPACITY_NEED_KEY, CAPACITY_OUTPUT, CAPACITY_PROVISIONED_KEY } from "./capacity-keys";
import { stackPolicy, STACK_TYPE } from "./framework";
import { get, isUnknown, keys, num, show } from "./values";

const GIB = 1024 ** 3;

/**
 * Query nodes must hold the loaded index: the stack output `capacity` reports what the collection needs and what
 * the query pool provides. Under CrossGuard the outputs are the props of the root `pulumi:pulumi:Stack` resource.
 */
export const capacityQueryMemory = stackPolicy<{ output: string; needKey: string; provisionedKey: string }>(
    {
        name: "capacity-query-memory",
        description: "Query-node memory provisioned is at least the index memory the collection needs (stack output capacity).",
        remediationSteps: "Raise the query pool (nodePools.query max / instance type) or lower the collection's replicas, or change the index.",
        severity: "critical",
        config: {
            output: { type: "string", default: CAPACITY_OUTPUT },
            needKey: { type: "string", default: CAPACITY_NEED_KEY },
            provisionedKey: { type: "string", default: CAPACITY_PROVISIONED_KEY },
        },
    },
    (ctx) => {
        const stack = ctx.resources.find((r) => r.type === STACK_TYPE);
        const { output, needKey, provisionedKey } = ctx.config;
        if (!stack) {
            return [{ unverifiable: true, message: "no stack resource, so no outputs to read" }];
        }
        const cap = get(stack.props, [output]);
        if (isUnknown(cap) || cap === undefined || cap === null) {
            return [{ urn: stack.urn, unverifiable: true, message: `stack output ${output} is ${show(cap)}` }];
        }
        const needRaw = get(cap, [needKey]);
        const haveRaw = get(cap, [provisionedKey]);
        const need = num(needRaw);
        const have = num(haveRaw);
        if (need === undefined || have === undefined) {
            return [{ urn: stack.urn, unverifiable: true, message: `output ${output} lacks numeric ${needKey}/${provisionedKey} (has: ${keys(cap).join(", ") || "nothing"})` }];
        }
        if (have >= need) {
            return [];
        }
        return [{ urn: stack.urn, message: `query nodes provide ${(have / GIB).toFixed(1)} GiB but the index needs ${(need / GIB).toFixed(1)} GiB (${output}.${provisionedKey} < ${output}.${needKey})` }];
    },
);
