import {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

/**
 * One result of a check. `unverifiable` findings are facts the policy could not see (an id or value only known
 * after deploy, a resource outside this stack): they go to the always-advisory `preview-unverifiable` policy, so
 * they are reported instead of silently passing, but never block.
 */
export interface Finding {
    message: string;
    unverifiable?: boolean;
    /** The resource the finding is about (stack policies); defaults to the validated resource. */
    urn?: string;
}

export type Environment = "prod" | "staging";

/** Config every policy accepts; `environment: auto` derives it from the stack name in the URN. */
export interface CommonConfig {
    environment?: Environment | "auto";
}

export const commonConfigSchema = {
    environment: {
        type: "string" as const,
        enum: ["auto", "prod", "staging"],
        default: "auto",
        description: "prod: production rules; staging: relaxed ones; auto: from the stack name (prod/production → prod).",
    },
};

/** The stack segment of `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOfUrn(urn: string | undefined): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn ?? "");
    return m ? m[1] : undefined;
}

export function environmentOf(config: CommonConfig, urn: string | undefined): Environment {
    if (config.environment === "prod" || config.environment === "staging") {
        return config.environment;
    }
    const stack = (stackOfUrn(urn) ?? "").split("/").pop() ?? "";
    return /^(prod|production)$/i.test(stack) ? "prod" : "staging";
}

export interface ResourceContext<C> {
    env: Environment;
    config: C & CommonConfig;
}

export interface StackContext<C> extends ResourceContext<C> {
    resources: PolicyResource[];
}

export interface CheckedResourcePolicy extends ResourceValidationPolicy {
    kind: "resource";
    /** Whether the policy looks at resources of this type. */
    appliesTo(type: string): boolean;
    check(args: ResourceValidationArgs): Finding[];
}

export interface CheckedStackPolicy extends StackValidationPolicy {
    kind: "stack";
    check(args: StackValidationArgs): Finding[];
}

export type CheckedPolicy = CheckedResourcePolicy | CheckedStackPolicy;

interface ConfigProperty {
    type: "string" | "number" | "boolean" | "array" | "object";
    default: unknown;
    description?: string;
    items?: unknown;
}

export interface Meta<C> {
    name: string;
    description: string;
    remediationSteps?: string;
    severity?: "low" | "medium" | "high" | "critical";
    /** Extra config properties (JSON schema) with their defaults. */
    config?: { [K in keyof C]?: ConfigProperty };
    /** Only in these environments; elsewhere the policy reports nothing. */
    only?: Environment[];
}

function withDefaults<C>(meta: Meta<C>, raw: object): C & CommonConfig {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(meta.config ?? {}) as [string, ConfigProperty][]) {
        out[k] = s.default;
    }
    return { ...out, ...(raw as Record<string, unknown>) } as C & CommonConfig;
}

function configSchema<C>(meta: Meta<C>) {
    return { properties: { ...commonConfigSchema, ...(meta.config ?? {}) } } as ResourceValidationPolicy["configSchema"];
}

function reportDefinite(findings: Finding[], report: ReportViolation, withUrn: boolean) {
    for (const f of findings) {
        if (!f.unverifiable) {
            if (withUrn && f.urn) {
                report(f.message, f.urn);
            } else {
                report(f.message);
            }
        }
    }
}

/**
 * The live config reader CrossGuard hands each policy (`args.getConfig`), kept by policy name the first time the
 * policy runs, so `preview-unverifiable` can run every policy with that policy's own config. Under the CLI every
 * resource policy runs on each resource (Analyze) before AnalyzeStack, and the reporter is the last stack policy,
 * so the reader is known by then; a policy the config disables never runs and is not re-run by the reporter.
 */
const configReaders = new Map<string, () => object>();

function remember(name: string, getConfig: () => object) {
    configReaders.set(name, getConfig);
}

export function resourcePolicy<C extends object = {}>(
    meta: Meta<C>,
    types: string[] | ((type: string) => boolean),
    check: (props: Record<string, unknown>, ctx: ResourceContext<C>, args: ResourceValidationArgs) => Finding[],
): CheckedResourcePolicy {
    const appliesTo = typeof types === "function" ? types : (t: string) => types.includes(t);
    const run = (args: ResourceValidationArgs): Finding[] => {
        if (!appliesTo(args.type)) {
            return [];
        }
        const config = withDefaults(meta, args.getConfig<object>());
        const env = environmentOf(config, args.urn);
        if (meta.only && !meta.only.includes(env)) {
            return [];
        }
        return check(args.props, { env, config }, args);
    };
    return {
        kind: "resource",
        name: meta.name,
        description: meta.description,
        remediationSteps: meta.remediationSteps,
        severity: meta.severity ?? "high",
        configSchema: configSchema(meta),
        appliesTo,
        check: run,
        validateResource: (args, report) => {
            remember(meta.name, () => args.getConfig<object>());
            reportDefinite(run(args), report, false);
        },
    };
}

export function stackPolicy<C extends object = {}>(
    meta: Meta<C>,
    check: (ctx: StackContext<C>, args: StackValidationArgs) => Finding[],
): CheckedStackPolicy {
    const run = (args: StackValidationArgs): Finding[] => {
        const config = withDefaults(meta, args.getConfig<object>());
        const anchor = args.resources.find((r) => r.type === STACK_TYPE) ?? args.resources[0];
        const env = environmentOf(config, anchor?.urn);
        if (meta.only && !meta.only.includes(env)) {
            return [];
        }
        return check({ env, config, resources: args.resources }, args);
    };
    return {
        kind: "stack",
        name: meta.name,
        description: meta.description,
        remediationSteps: meta.remediationSteps,
        severity: meta.severity ?? "high",
        configSchema: configSchema(meta),
        check: run,
        validateStack: (args, report) => {
            remember(meta.name, () => args.getConfig<object>());
            reportDefinite(run(args), report, true);
        },
    };
}

/** The root resource; its props are the stack outputs. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

export const UNVERIFIABLE_POLICY = "preview-unverifiable";

/**
 * Always advisory: runs every other policy and reports what it could not verify, named by policy, so a reviewer
 * sees the gaps of a preview (e.g. subnet ids unknown before the VPC exists) instead of a false "pass".
 */
export function unverifiablePolicy(policies: CheckedPolicy[]): CheckedStackPolicy {
    const meta: Meta<{}> = {
        name: UNVERIFIABLE_POLICY,
        description: "Reports what the other policies cannot verify at preview (values known only after deploy).",
        severity: "low",
    };
    const p = stackPolicy(meta, (ctx, args) => {
        const out: Finding[] = [];
        for (const policy of policies) {
            const findings: Finding[] = [];
            // The policy's own config; the reporter's only when the policy has not run in this process (unit tests).
            const getConfig = configReaders.get(policy.name) ?? (() => args.getConfig<object>());
            if (policy.kind === "stack") {
                findings.push(...policy.check({ ...args, getConfig: getConfig as StackValidationArgs["getConfig"] }).filter((f) => f.unverifiable));
            } else {
                for (const r of ctx.resources.filter((x) => policy.appliesTo(x.type))) {
                    const rargs = resourceArgsOf(r, getConfig);
                    findings.push(...policy.check(rargs).filter((f) => f.unverifiable).map((f) => ({ ...f, urn: r.urn })));
                }
            }
            out.push(...findings.map((f) => ({ message: `${policy.name}: cannot verify at preview: ${f.message}`, urn: f.urn })));
        }
        return out;
    });
    return { ...p, enforcementLevel: "advisory" };
}

/** Views a stack resource as the argument of a resource policy (CrossGuard gives stack policies outputs). */
export function resourceArgsOf(r: PolicyResource, getConfig: () => object): ResourceValidationArgs {
    return {
        type: r.type,
        props: r.props,
        urn: r.urn,
        name: r.name,
        opts: r.opts,
        provider: r.provider,
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: getConfig as ResourceValidationArgs["getConfig"],
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason ?? ""}`);
        },
    };
}
