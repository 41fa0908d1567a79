import { Finding, resourcePolicy } from "./framework";
import { T } from "./types";
import { get, isUnknown, list, show } from "./values";

const OPEN = ["0.0.0.0/0", "::/0"];

/** The open CIDRs among `values`; UNKNOWN-valued entries are counted in `unknown`. */
function open(values: unknown): { open: string[]; unknown: boolean } {
    const l = list(values);
    if (isUnknown(l)) {
        return { open: [], unknown: true };
    }
    const out = { open: [] as string[], unknown: false };
    for (const v of l ?? []) {
        if (isUnknown(v)) {
            out.unknown = true;
        } else if (typeof v === "string" && OPEN.includes(v.trim())) {
            out.open.push(v.trim());
        }
    }
    return out;
}

function judge(what: string, ...cidrLists: unknown[]): Finding[] {
    const found = cidrLists.map(open);
    const opened = found.flatMap((f) => f.open);
    if (opened.length > 0) {
        return [{ message: `${what} admits ${opened.join(", ")}` }];
    }
    return found.some((f) => f.unknown) ? [{ unverifiable: true, message: `${what}: a source CIDR is unknown` }] : [];
}

function ports(rule: unknown): string {
    return `${show(get(rule, "protocol"))} ${show(get(rule, "fromPort"))}-${show(get(rule, "toPort"))}`;
}

/**
 * No security group lets the internet in. The stack's only path to and from the internet is outbound, through the
 * NAT gateways and the internet gateway, which have no security group: egress to 0.0.0.0/0 is allowed, ingress
 * from it is not. A group that must take public ingress (an internet-facing load balancer) is named in the config.
 */
export const sgNoPublicIngress = resourcePolicy<{ allowPublicIngress: string[] }>(
    {
        name: "sg-no-public-ingress",
        description: "No security group (inline ingress, SecurityGroupRule or vpc SecurityGroupIngressRule) admits ingress from 0.0.0.0/0 or ::/0.",
        remediationSteps: "Limit the source to the VPC CIDR, a security group or a prefix list; name a deliberately public group in config allowPublicIngress.",
        severity: "critical",
        config: { allowPublicIngress: { type: "array", items: { type: "string" }, default: [], description: "Resource names allowed public ingress." } },
    },
    [T.securityGroup, T.securityGroupRule, T.securityGroupIngressRule],
    (props, ctx, args) => {
        if (ctx.config.allowPublicIngress.includes(args.name)) {
            return [];
        }
        if (args.type === T.securityGroupIngressRule) {
            return judge(`ingress rule ${args.name}`, get(props, "cidrIpv4"), get(props, "cidrIpv6"));
        }
        if (args.type === T.securityGroupRule) {
            const type = get(props, "type");
            if (isUnknown(type)) {
                return [{ unverifiable: true, message: `rule ${args.name}: type is unknown` }];
            }
            return type === "ingress" ? judge(`ingress rule ${args.name} (${ports(props)})`, get(props, "cidrBlocks"), get(props, "ipv6CidrBlocks")) : [];
        }
        const rules = list(get(props, "ingress"));
        if (isUnknown(rules)) {
            return [{ unverifiable: true, message: `security group ${args.name}: ingress is unknown` }];
        }
        return (rules ?? []).flatMap((r, i) =>
            isUnknown(r)
                ? [{ unverifiable: true, message: `security group ${args.name}: ingress[${i}] is unknown` }]
                : judge(`security group ${args.name} ingress[${i}] (${ports(r)})`, get(r, "cidrBlocks"), get(r, "ipv6CidrBlocks")),
        );
    },
);
