import { CAPACITY_NEED_KEY, CAPACITY_OUTPUT, CAPACITY_PROVISIONED_KEY } from "./capacity-keys";
import { PolicyResource } from "@pulumi/policy";
import { Finding, stackPolicy, STACK_TYPE } from "./framework";
import { INSTANCE_FACTS } from "./instances";
import { instanceTypesOf, ROLE_LABEL } from "./nodegroups";
import { T } from "./types";
import { get, isUnknown, keys, num, show } from "./values";

const GIB = 1024 ** 3;

/**
 * Query nodes must hold the loaded index: the stack output `capacity` reports what the collection needs and what
 * the query pool provides. Under CrossGuard the outputs are the props of the root `pulumi:pulumi:Stack` resource.
 */
export const capacityQueryMemory = stackPolicy<{ output: string; needKey: string; provisionedKey: string; queryRole: string }>(
    {
        name: "capacity-query-memory",
        description: "Query-node memory is at least the index memory the collection needs: the stack output capacity, cross-checked against the query node groups' desiredSize and launch-template instance type.",
        remediationSteps: "Raise the query pool (nodePools.query max / instance type) or lower the collection's replicas, or change the index.",
        severity: "critical",
        config: {
            output: { type: "string", default: CAPACITY_OUTPUT },
            needKey: { type: "string", default: CAPACITY_NEED_KEY },
            provisionedKey: { type: "string", default: CAPACITY_PROVISIONED_KEY },
            queryRole: { type: "string", default: "query", description: "milvus.io/role label of the query node groups." },
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
        const out: Finding[] = [];
        if (have < need) {
            out.push({ urn: stack.urn, message: `query nodes provide ${(have / GIB).toFixed(1)} GiB but the index needs ${(need / GIB).toFixed(1)} GiB (${output}.${provisionedKey} < ${output}.${needKey})` });
        }
        out.push(...queryPoolFindings(ctx.resources, cap, need, ctx.config.queryRole));
        return out;
    },
);

/**
 * The same need against what the query node groups will launch, not what the program says they launch: the
 * groups' scalingConfig.desiredSize times the memory of the instance type their launch template names (per node
 * at most the usable memory the program reports, which leaves kubelet and system reservations out).
 */
function queryPoolFindings(all: PolicyResource[], cap: unknown, need: number, role: string): Finding[] {
    const groups = all.filter((r) => r.type === T.nodeGroup && get(r.props, ["labels", ROLE_LABEL]) === role);
    if (groups.length === 0) {
        return [{ message: `no node group labelled ${ROLE_LABEL}=${role}: nothing provides the ${(need / GIB).toFixed(1)} GiB the index needs` }];
    }
    const reportedType = get(cap, ["queryNodeType"]);
    const usable = num(get(cap, ["queryNodeUsableMemoryBytes"]));
    const out: Finding[] = [];
    let total = 0;
    for (const ng of groups) {
        const types = instanceTypesOf(ng, all);
        const desired = get(ng.props, "scalingConfig.desiredSize");
        if (types === "unknown" || isUnknown(desired) || (Array.isArray(types) && types.some(isUnknown))) {
            return [{ urn: ng.urn, unverifiable: true, message: `query group ${ng.name}: instance type or desiredSize unknown` }];
        }
        // A group with several types may launch any of them: count the one with the least memory.
        const known = (types ?? []).map((t) => (typeof t === "string" ? INSTANCE_FACTS[t] : undefined));
        const unknownType = (types ?? []).find((_t, i) => !known[i]);
        if (types === undefined || unknownType !== undefined) {
            out.push({ urn: ng.urn, message: `query group ${ng.name} launches ${types === undefined ? "t3.medium (no type named)" : show(unknownType)}, whose memory the pack does not know: the index memory cannot be checked` });
            continue;
        }
        const facts = known.reduce((a, b) => (b!.memoryGiB < a!.memoryGiB ? b : a))!;
        const mismatched = (types as string[]).filter((t) => typeof reportedType === "string" && t !== reportedType);
        if (mismatched.length > 0) {
            out.push({ urn: ng.urn, message: `capacity figures assume ${reportedType} query nodes, but query group ${ng.name} launches ${mismatched.join(", ")}` });
        }
        const n = num(desired) ?? 0;
        const perNode = Math.min(facts.memoryGiB * GIB, usable ?? Infinity);
        total += n * perNode;
    }
    if (out.length === 0 && total < need) {
        out.push({ urn: groups[0].urn, message: `query groups launch ${(total / GIB).toFixed(1)} GiB usable (desiredSize × instance memory) but the index needs ${(need / GIB).toFixed(1)} GiB` });
    }
    return out;
}
