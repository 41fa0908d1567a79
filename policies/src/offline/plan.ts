import { EnforcementLevel, PolicyResource, PolicyResourceOptions, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { Environment, STACK_TYPE } from "../framework";
import { packConfig } from "../pack-config";
import { allPolicies } from "../policies";
import { BUCKET_TYPES } from "../types";
import { COMPUTED_MARKER, SECRET_MARKER } from "../values";

/** One resource of `java -jar target/milvus-eks.jar plan --json` (Java `PlanJson`). */
export interface PlanResource {
    type: string;
    name: string;
    parent: string | null;
    custom?: boolean;
    protect?: boolean;
    retainOnDelete?: boolean;
    inputs: Record<string, unknown>;
    /**
     * Input → names of the resources whose outputs feed it (the engine's propertyDependencies, Java `PlanJson`). A
     * preview plan needs them: its ids are "[computed]" and cannot link resources by value. A name may repeat across
     * types (a node group and its launch template); the policies pick the type they follow.
     */
    propertyDependencies?: Record<string, string[]>;
}

export interface Plan {
    stack: string;
    project?: string;
    resources: PlanResource[];
    outputs: Record<string, unknown>;
}

export class PlanError extends Error {}

export function readPlan(text: string, source: string): Plan {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new PlanError(`${source} is not JSON: ${(e as Error).message}`);
    }
    const d = doc as Partial<Plan>;
    if (!d || typeof d !== "object" || typeof d.stack !== "string" || !Array.isArray(d.resources)) {
        throw new PlanError(`${source} is not a plan: expected {"stack", "resources": [...], "outputs"} from 'plan --json'`);
    }
    d.resources.forEach((r, i) => {
        if (!r || typeof r.type !== "string" || typeof r.name !== "string") {
            throw new PlanError(`${source}: resources[${i}] lacks a type or a name`);
        }
    });
    return { stack: d.stack, project: d.project, resources: d.resources, outputs: d.outputs ?? {} };
}

const MOCK_PREFIX = "mock-";

/** Strings by which other resources' inputs refer to `r` in the offline plan: its mock id, a bucket's name. */
function refersTo(s: string, r: PlanResource): boolean {
    const id = MOCK_PREFIX + r.name;
    if (s === id || s.endsWith("/" + id) || s.endsWith(":" + id)) {
        return true;
    }
    const bucket = BUCKET_TYPES.includes(r.type) ? r.inputs?.bucket : undefined;
    return typeof bucket === "string" && bucket !== COMPUTED_MARKER && bucket !== SECRET_MARKER && (s === bucket || s === `arn:aws:s3:::${bucket}`);
}

function strings(v: unknown): string[] {
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.flatMap(strings);
    if (v && typeof v === "object") return Object.values(v).flatMap(strings);
    return [];
}

function urnOf(stack: string, project: string, type: string, name: string) {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function options(protect: boolean, parent?: string): PolicyResourceOptions {
    return {
        protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(parent ? { parent } : {}),
    };
}

/**
 * The plan as CrossGuard's stack view: inputs as props, `protect` as an option, links as `propertyDependencies`
 * (from mock ids), and the root stack resource whose props are the stack outputs.
 */
export function toPolicyResources(plan: Plan): PolicyResource[] {
    const project = plan.project ?? "milvus-eks";
    const byName = new Map<string, PolicyResource>();
    const resources: PolicyResource[] = plan.resources.map((r) => {
        const pr: PolicyResource = {
            type: r.type,
            name: r.name,
            urn: urnOf(plan.stack, project, r.type, r.name),
            props: r.inputs ?? {},
            opts: options(r.protect === true),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        if (!byName.has(r.name)) byName.set(r.name, pr);
        return pr;
    });
    plan.resources.forEach((r, i) => {
        const pr = resources[i];
        if (r.parent) {
            const parent = byName.get(r.parent);
            if (parent) {
                pr.parent = parent;
                pr.opts = options(pr.opts.protect, parent.urn);
            }
        }
        const deps = new Set<PolicyResource>();
        for (const [key, value] of Object.entries(r.inputs ?? {})) {
            const refs = strings(value);
            const given = r.propertyDependencies?.[key];
            const named = new Set(Array.isArray(given) ? given : []);
            const linked = plan.resources
                .map((t, j) => (j !== i && (named.has(t.name) || refs.some((s) => refersTo(s, t))) ? resources[j] : undefined))
                .filter((x): x is PolicyResource => x !== undefined);
            if (linked.length > 0) {
                pr.propertyDependencies[key] = linked;
                linked.forEach((l) => deps.add(l));
            }
        }
        pr.dependencies = [...deps];
    });
    resources.push({
        type: STACK_TYPE,
        name: `${project}-${plan.stack}`,
        urn: urnOf(plan.stack, project, STACK_TYPE, `${project}-${plan.stack}`),
        props: plan.outputs ?? {},
        opts: options(false),
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    });
    return resources;
}

export interface OfflineFinding {
    level: "mandatory" | "advisory";
    policy: string;
    resource: string;
    message: string;
}

export interface OfflineResult {
    environment: Environment;
    findings: OfflineFinding[];
    resources: number;
    policies: number;
}

class NotApplicable extends Error {}

function environmentOfPlan(plan: Plan, override?: Environment): Environment {
    if (override) return override;
    const env = plan.outputs?.environment;
    if (env === "prod" || env === "staging") return env;
    return /^(prod|production)$/i.test(plan.stack) ? "prod" : "staging";
}

/**
 * Runs every policy of the pack on the plan with hand-built CrossGuard arguments, at the levels and with the
 * config of `config/<environment>.json`: what `pulumi preview --policy-pack` would report, without the CLI.
 */
export async function evaluate(plan: Plan, override?: Environment): Promise<OfflineResult> {
    const environment = environmentOfPlan(plan, override);
    const config = packConfig(environment);
    const resources = toPolicyResources(plan);
    // Stack-level findings (outputs) read as "(stack)", not as the root resource's name.
    const nameOfUrn = new Map(resources.map((r) => [r.urn, r.type === STACK_TYPE ? "(stack)" : r.name]));
    const findings: OfflineFinding[] = [];
    const notApplicable = (reason?: string): never => {
        throw new NotApplicable(reason);
    };
    for (const p of allPolicies) {
        const settings = config[p.name];
        const configured: EnforcementLevel = settings?.enforcementLevel ?? p.enforcementLevel ?? "mandatory";
        if (configured === "disabled") continue;
        const level = configured === "advisory" ? "advisory" : "mandatory";
        const getConfig = (<T extends object>(): T => {
            const { enforcementLevel: _ignored, ...rest } = settings ?? {};
            return rest as T;
        });
        const push = (resource: string) => (message: string, urn?: string) =>
            findings.push({ level, policy: p.name, resource: (urn && nameOfUrn.get(urn)) || resource, message });
        try {
            if ("validateStack" in p && p.validateStack) {
                const args: StackValidationArgs = { resources, stackTags: new Map(), getConfig, notApplicable };
                await p.validateStack(args, push(plan.stack));
            } else if ("validateResource" in p && p.validateResource) {
                const validations: ResourceValidation[] = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
                for (const r of resources) {
                    const args: ResourceValidationArgs = {
                        type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, stackTags: new Map(),
                        isType: () => false, asType: () => undefined, getConfig, notApplicable,
                    };
                    for (const v of validations) {
                        try {
                            await v(args, push(r.name));
                        } catch (e) {
                            if (!(e instanceof NotApplicable)) throw e;
                        }
                    }
                }
            }
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return { environment, findings, resources: plan.resources.length, policies: allPolicies.length };
}
