import { PolicyResource } from "@pulumi/policy";
import { Finding, stackPolicy } from "./framework";
import { INSTANCE_FACTS, ROLE_FLOORS, shortfalls } from "./instances";
import { referenced } from "./links";
import { T } from "./types";
import { get, isUnknown, list, num, show } from "./values";

/** Node label that names the Milvus role of a node group (Java `NodeRole`). */
export const ROLE_LABEL = "milvus.io/role";

interface Subnets {
    subnets: PolicyResource[];
    /** Subnet ids/refs this stack does not declare, or that are unknown at preview. */
    unresolved: number;
}

function subnetsOf(ng: PolicyResource, all: PolicyResource[]): Subnets | "unknown" {
    const ids = list(get(ng.props, "subnetIds"));
    const subnets = referenced(ng, "subnetIds", all, T.subnet);
    if (isUnknown(ids)) {
        return subnets.length > 0 ? { subnets, unresolved: 0 } : "unknown";
    }
    const count = (ids ?? []).length;
    return { subnets, unresolved: Math.max(0, count - subnets.length) };
}

function nodeGroups(all: PolicyResource[]) {
    return all.filter((r) => r.type === T.nodeGroup);
}

export const nodeGroupPrivateSubnets = stackPolicy(
    {
        name: "nodegroup-private-subnets",
        description: "Node groups run in private subnets: no public IP on launch, not tagged for internet-facing load balancers.",
        remediationSteps: "Use the VPC's private subnets (mapPublicIpOnLaunch false, tag kubernetes.io/role/internal-elb) for subnetIds.",
        severity: "critical",
    },
    (ctx) => {
        const out: Finding[] = [];
        for (const ng of nodeGroups(ctx.resources)) {
            const s = subnetsOf(ng, ctx.resources);
            if (s === "unknown") {
                out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: subnetIds unknown and not linked to subnets of this stack` });
                continue;
            }
            if (s.unresolved > 0) {
                out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: ${s.unresolved} subnet(s) are not declared in this stack` });
            }
            for (const sub of s.subnets) {
                const mapPublic = get(sub.props, "mapPublicIpOnLaunch");
                const elbTag = get(sub.props, ["tags", "kubernetes.io/role/elb"]);
                if (mapPublic === true || (elbTag !== undefined && !isUnknown(elbTag))) {
                    out.push({ urn: ng.urn, message: `node group ${ng.name} uses public subnet ${sub.name} (mapPublicIpOnLaunch ${show(mapPublic)}, kubernetes.io/role/elb ${show(elbTag)})` });
                }
            }
        }
        return out;
    },
);

export function launchTemplateOf(ng: PolicyResource, all: PolicyResource[]): PolicyResource | "none" | "unknown" {
    const lt = get(ng.props, "launchTemplate");
    if (lt === undefined || lt === null) {
        return "none";
    }
    const linked = referenced(ng, "launchTemplate", all, T.launchTemplate);
    return linked.length > 0 ? linked[0] : "unknown";
}

function perLaunchTemplate(all: PolicyResource[], noneMessage: string, judge: (lt: PolicyResource) => Finding[]): Finding[] {
    const out: Finding[] = [];
    for (const ng of nodeGroups(all)) {
        const lt = launchTemplateOf(ng, all);
        if (lt === "none") {
            out.push({ urn: ng.urn, message: `node group ${ng.name} has no launch template: ${noneMessage}` });
        } else if (lt === "unknown") {
            out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: its launch template is not declared in this stack` });
        } else {
            out.push(...judge(lt).map((f) => ({ urn: ng.urn, ...f, message: `node group ${ng.name}: ${f.message}` })));
        }
    }
    return out;
}

export const nodeGroupImdsv2 = stackPolicy<{ maxHopLimit: number }>(
    {
        name: "nodegroup-imdsv2",
        description: "Nodes require IMDSv2 (session tokens) through their launch template, and pods cannot reach IMDS through extra hops.",
        remediationSteps: "Give the node group a launch template with metadataOptions { httpTokens: required, httpPutResponseHopLimit: 1 or 2 }.",
        config: { maxHopLimit: { type: "number", default: 2 } },
    },
    (ctx) => perLaunchTemplate(ctx.resources, "the EKS default allows IMDSv1", (lt) => {
        const tokens = get(lt.props, "metadataOptions.httpTokens");
        const hops = get(lt.props, "metadataOptions.httpPutResponseHopLimit");
        if (isUnknown(tokens)) {
            return [{ unverifiable: true, message: `launch template ${lt.name} httpTokens is unknown` }];
        }
        const out: Finding[] = [];
        if (tokens !== "required") {
            out.push({ message: `launch template ${lt.name} metadataOptions.httpTokens is ${show(tokens)}, must be "required"` });
        }
        const h = num(hops);
        if (h !== undefined && h > ctx.config.maxHopLimit) {
            out.push({ message: `launch template ${lt.name} httpPutResponseHopLimit ${h} > ${ctx.config.maxHopLimit}` });
        }
        return out;
    }),
);

export const nodeGroupEncryptedVolumes = stackPolicy(
    {
        name: "nodegroup-encrypted-volumes",
        description: "Node volumes are EBS-encrypted, declared in the launch template's block device mappings.",
        remediationSteps: "In the launch template, set blockDeviceMappings[].ebs.encrypted \"true\" for every volume.",
        severity: "critical",
    },
    (ctx) => perLaunchTemplate(ctx.resources, "its root volume encryption is left to the account default", (lt) => {
        const maps = list(get(lt.props, "blockDeviceMappings"));
        if (isUnknown(maps)) {
            return [{ unverifiable: true, message: `launch template ${lt.name} blockDeviceMappings are unknown` }];
        }
        if (maps === undefined || maps.length === 0) {
            return [{ message: `launch template ${lt.name} declares no block device mapping: the root volume is not explicitly encrypted` }];
        }
        const out: Finding[] = [];
        maps.forEach((m, i) => {
            const enc = get(m, "ebs.encrypted");
            if (isUnknown(enc)) {
                out.push({ unverifiable: true, message: `launch template ${lt.name} volume ${i} encryption is unknown` });
            } else if (!(enc === true || enc === "true")) {
                out.push({ message: `launch template ${lt.name} volume ${show(get(m, "deviceName"))} ebs.encrypted is ${show(enc)}` });
            }
        });
        return out;
    }),
);

/**
 * The instance types a node group launches: its own instanceTypes, else the one its launch template names (EKS
 * takes one or the other; the stack puts it in the template so a type change rolls nodes instead of replacing the group).
 * `instanceTypes` is optional-and-computed: a new or replaced group that does not set it shows it unknown at
 * preview, so unknown there means "not set" and the template decides. `undefined`: neither names a type, and EKS
 * then launches t3.medium (CreateNodegroup API: instanceTypes default t3.medium).
 */
export function instanceTypesOf(ng: PolicyResource, all: PolicyResource[]): unknown[] | "unknown" | undefined {
    const own = list(get(ng.props, "instanceTypes"));
    if (Array.isArray(own) && own.length > 0) {
        return own;
    }
    const lt = launchTemplateOf(ng, all);
    if (lt === "unknown") {
        return "unknown";
    }
    if (lt === "none") {
        return undefined;
    }
    const t = get(lt.props, "instanceType");
    if (isUnknown(t)) {
        return "unknown";
    }
    return typeof t === "string" && t !== "" ? [t] : undefined;
}

export const nodeGroupInstanceFloor = stackPolicy(
    {
        name: "nodegroup-instance-floor",
        description: "Node instance types meet the role floor: 16 vCPU / 64 GiB / 10 Gbps baseline in prod (4 vCPU / 16 GiB in staging).",
        remediationSteps: "Pick a type from the instance catalog that meets the floor, e.g. m6in.4xlarge (16 vCPU / 64 GiB / 25 Gbps baseline).",
    },
    (ctx) => {
        const out: Finding[] = [];
        for (const ng of nodeGroups(ctx.resources)) {
            const types = instanceTypesOf(ng, ctx.resources);
            const role = get(ng.props, ["labels", ROLE_LABEL]);
            if (types === "unknown") {
                out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: instance type unknown (its launch template is not declared in this stack, or its type is computed)` });
                continue;
            }
            if (types === undefined) {
                out.push({ urn: ng.urn, message: `node group ${ng.name}: neither the group (instanceTypes) nor its launch template (instanceType) names an instance type, so EKS launches t3.medium` });
                continue;
            }
            const floor = ROLE_FLOORS[ctx.env];
            const who = typeof role === "string" ? `${role} nodes` : "nodes";
            for (const t of types) {
                if (isUnknown(t)) {
                    out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: an instance type is unknown` });
                    continue;
                }
                const facts = typeof t === "string" ? INSTANCE_FACTS[t] : undefined;
                if (!facts) {
                    out.push({ urn: ng.urn, message: `node group ${ng.name}: instance type ${show(t)} is not in the instance table (policies/src/instances.ts); add its facts to check it` });
                    continue;
                }
                const miss = shortfalls(facts, floor);
                if (miss.length > 0) {
                    out.push({ urn: ng.urn, message: `node group ${ng.name}: ${t} for ${who} is below the ${ctx.env} floor (${floor.vcpu} vCPU / ${floor.memoryGiB} GiB / ${floor.baselineGbps} Gbps baseline): ${miss.join(", ")}` });
                }
            }
        }
        return out;
    },
);

/** Node label of a zone-pinned query group (Java `QueryZones.GROUP_LABEL`); its value is the configured zone. */
export const QUERY_GROUP_LABEL = "milvus.io/query-group";
/** The data pool's zone groups beside the query groups (Java QueryZones.DATA_GROUP_LABEL): each zone's streaming nodes. */
export const DATA_GROUP_LABEL = "milvus.io/data-group";
const ZONE_LABELS = [QUERY_GROUP_LABEL, DATA_GROUP_LABEL];

/** The zone label a zone-pinned group carries (query or data), if any. */
function zoneLabel(ng: PolicyResource): string | undefined {
    return ZONE_LABELS.find((l) => typeof get(ng.props, ["labels", l]) === "string");
}

interface Zones {
    known: Set<string>;
    /** Ids and names of each known subnet's zone, to match a label written either way. */
    aliases: Set<string>;
    unknown: number;
}

function zonesOf(ng: PolicyResource, all: PolicyResource[]): Zones | "unknown" {
    const s = subnetsOf(ng, all);
    if (s === "unknown") {
        return "unknown";
    }
    const known = new Set<string>();
    const aliases = new Set<string>();
    let unknown = s.unresolved;
    for (const sub of s.subnets) {
        const name = get(sub.props, "availabilityZone");
        const id = get(sub.props, "availabilityZoneId");
        const az = typeof name === "string" ? name : id;
        if (typeof az === "string") {
            known.add(az);
            for (const a of [name, id]) {
                if (typeof a === "string") {
                    aliases.add(a);
                }
            }
        } else {
            unknown++;
        }
    }
    return { known, aliases, unknown };
}

/**
 * A zone-pinned group passes only as one of a set: the groups of its role that carry the label, each in exactly
 * one zone (the one its label names), no two in the same zone, at least two of them (R replicas over R distinct
 * zones, so one zone's loss leaves R - 1 whole replicas), and the same desired size (each holds a whole replica).
 */
function pinnedFindings(ng: PolicyResource, set: PolicyResource[], zones: Map<PolicyResource, Zones | "unknown">): Finding[] {
    const key = zoneLabel(ng) ?? QUERY_GROUP_LABEL;
    const label = get(ng.props, ["labels", key]);
    const roleLabel = get(ng.props, ["labels", ROLE_LABEL]);
    const role = typeof roleLabel === "string" ? roleLabel : show(roleLabel);
    const mine = zones.get(ng)!;
    if (mine === "unknown") {
        return [{ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: subnetIds unknown and not linked to subnets of this stack` }];
    }
    const out: Finding[] = [];
    if (mine.unknown > 0) {
        out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: zone-pinned (${key}=${show(label)}), zones of ${mine.unknown} subnet(s) unknown` });
    } else if (mine.known.size !== 1) {
        out.push({ urn: ng.urn, message: `node group ${ng.name} is zone-pinned (${key}=${show(label)}) but spans ${mine.known.size} zone(s) (${[...mine.known].join(", ") || "none"}), needs exactly 1` });
    } else if (!mine.aliases.has(String(label))) {
        out.push({ urn: ng.urn, message: `node group ${ng.name}: ${key}=${show(label)} but its subnet is in ${[...mine.aliases].join(" / ")}` });
    }
    if (set.length < 2) {
        out.push({ urn: ng.urn, message: `node group ${ng.name} is the only zone-pinned ${role} group: one zone holds every replica; needs one group per replica in ≥ 2 distinct zones` });
    }
    for (const other of set) {
        const theirs = zones.get(other)!;
        if (other === ng || theirs === "unknown" || mine.unknown > 0) {
            continue;
        }
        const shared = [...mine.known].filter((z) => theirs.known.has(z));
        if (shared.length > 0) {
            out.push({ urn: ng.urn, message: `node group ${ng.name} and ${other.name} are zone-pinned ${role} groups in the same zone (${shared.join(", ")}): losing it takes two replicas` });
        }
        const a = num(get(ng.props, "scalingConfig.desiredSize"));
        const b = num(get(other.props, "scalingConfig.desiredSize"));
        if (a !== undefined && b !== undefined && a !== b) {
            out.push({ urn: ng.urn, message: `node group ${ng.name} (desired ${a}) and ${other.name} (desired ${b}) hold replicas of different sizes` });
        }
    }
    return out;
}

export const nodeGroupAzSpread = stackPolicy<{ minZones: number }>(
    {
        name: "nodegroup-az-spread",
        description: "Each node group spans at least three availability zones, except zone-pinned query (and data) groups that together put each replica (and its streaming nodes) in its own zone.",
        remediationSteps: "Give the node group one private subnet in each of three availability zones; or, for query replicas, one group per replica, each in its own zone's subnet and labelled milvus.io/query-group=<that zone> (data groups beside them: milvus.io/data-group=<that zone>).",
        config: { minZones: { type: "number", default: 3 } },
    },
    (ctx) => {
        const out: Finding[] = [];
        const groups = nodeGroups(ctx.resources);
        const zones = new Map(groups.map((ng) => [ng, zonesOf(ng, ctx.resources)] as const));
        const pinned = (ng: PolicyResource) => zoneLabel(ng) !== undefined;
        for (const ng of groups) {
            if (pinned(ng)) {
                const role = get(ng.props, ["labels", ROLE_LABEL]);
                const set = groups.filter((g) => zoneLabel(g) === zoneLabel(ng) && get(g.props, ["labels", ROLE_LABEL]) === role);
                out.push(...pinnedFindings(ng, set, zones));
                continue;
            }
            const z = zones.get(ng)!;
            if (z === "unknown") {
                out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: subnetIds unknown and not linked to subnets of this stack` });
                continue;
            }
            if (z.known.size >= ctx.config.minZones) {
                continue;
            }
            if (z.known.size + z.unknown >= ctx.config.minZones) {
                out.push({ urn: ng.urn, unverifiable: true, message: `node group ${ng.name}: zones of ${z.unknown} subnet(s) unknown (known: ${[...z.known].join(", ") || "none"})` });
            } else {
                out.push({ urn: ng.urn, message: `node group ${ng.name} spans ${z.known.size} availability zone(s) (${[...z.known].join(", ") || "none"}), needs ≥ ${ctx.config.minZones}` });
            }
        }
        return out;
    },
);

export const nodeGroupPolicies = [nodeGroupPrivateSubnets, nodeGroupImdsv2, nodeGroupEncryptedVolumes, nodeGroupInstanceFloor, nodeGroupAzSpread];

