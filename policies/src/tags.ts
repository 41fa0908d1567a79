import { Finding, resourcePolicy, stackOfUrn } from "./framework";
import { T } from "./types";
import { get, isUnknown, keys } from "./values";

/** Java `Naming.tags()`: the tags every AWS resource of the stack carries (cost reports and policies find it by them). */
export const REQUIRED_TAGS = ["app.kubernetes.io/part-of", "pulumi:project", "pulumi:stack"];

/**
 * AWS types that take `tags` (the ones this program declares, and their neighbours). Any other `aws:` resource that
 * sets `tags` is judged too; one that takes none (a route, a policy attachment, a bucket's sub-resources) is not.
 */
export const TAGGABLE = new Set<string>([
    T.bucket, T.bucketV1, T.kmsKey, T.eksCluster, T.nodeGroup, T.launchTemplate, T.subnet, T.mskCluster, T.securityGroup,
    T.securityGroupIngressRule, T.secret,
    "aws:ec2/vpc:Vpc", "aws:ec2/eip:Eip", "aws:ec2/flowLog:FlowLog", "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:eks/addon:Addon", "aws:eks/accessEntry:AccessEntry", "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    "aws:cloudwatch/logGroup:LogGroup", "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "aws:iam/role:Role",
    "aws:iam/policy:Policy", "aws:msk/serverlessCluster:ServerlessCluster",
]);

function projectOfUrn(urn: string): string | undefined {
    const m = /^urn:pulumi:[^:]+::([^:]+)::/.exec(urn);
    return m ? m[1] : undefined;
}

export const requiredTags = resourcePolicy<{ requiredTags: string[] }>(
    {
        name: "required-tags",
        description: `Every taggable AWS resource carries the stack's tags (${REQUIRED_TAGS.join(", ")}), pulumi:project and pulumi:stack naming this stack.`,
        remediationSteps: "Pass naming.tags(...) (Java Naming) as the resource's tags.",
        severity: "low",
        config: { requiredTags: { type: "array", items: { type: "string" }, default: REQUIRED_TAGS } },
    },
    (type) => type.startsWith("aws:"),
    (props, ctx, args) => {
        const tags = get(props, "tags");
        if (!TAGGABLE.has(args.type) && tags === undefined) {
            return [];
        }
        if (isUnknown(tags)) {
            return [{ unverifiable: true, message: "tags are unknown" }];
        }
        const out: Finding[] = [];
        const have = keys(tags);
        const missing = ctx.config.requiredTags.filter((t) => !have.includes(t));
        if (missing.length > 0) {
            out.push({ message: `${args.name} lacks tag(s) ${missing.join(", ")}` });
        }
        const expected: Record<string, string | undefined> = { "pulumi:stack": stackOfUrn(args.urn), "pulumi:project": projectOfUrn(args.urn) };
        for (const [k, want] of Object.entries(expected)) {
            const v = get(tags, [k]);
            if (typeof v === "string" && want !== undefined && v !== want) {
                out.push({ message: `${args.name} tag ${k} is "${v}", but the resource is in ${k.slice(7)} "${want}"` });
            }
        }
        return out;
    },
);
