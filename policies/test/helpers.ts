import { PolicyResource, PolicyResourceOptions, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { CheckedPolicy } from "../src/framework";

/** What a policy reports through CrossGuard's reportViolation, and what it leaves to preview-unverifiable. */
export interface Outcome {
    violations: string[];
    unverifiable: string[];
}

function opts(protect: boolean): PolicyResourceOptions {
    return { protect, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };
}

export function urn(stack: string, type: string, name: string) {
    return `urn:pulumi:${stack}::milvus-eks::${type}::${name}`;
}

export function resourceArgs(type: string, props: Record<string, unknown>, o: { stack?: string; protect?: boolean; config?: object; name?: string } = {}): ResourceValidationArgs {
    const name = o.name ?? "r";
    return {
        type, props, name, urn: urn(o.stack ?? "prod", type, name), opts: opts(o.protect ?? false), stackTags: new Map(),
        isType: () => false, asType: () => undefined,
        getConfig: (<T extends object>() => (o.config ?? {}) as T),
        notApplicable: (r?: string): never => { throw new Error(r); },
    };
}

export interface Spec {
    type: string;
    name: string;
    props?: Record<string, unknown>;
    protect?: boolean;
    /** property → names of the resources its value came from (CrossGuard propertyDependencies). */
    deps?: Record<string, string[]>;
}

export function stackArgs(specs: Spec[], o: { stack?: string; config?: object } = {}): StackValidationArgs {
    const stack = o.stack ?? "prod";
    const rs: PolicyResource[] = specs.map((s) => ({
        type: s.type, name: s.name, urn: urn(stack, s.type, s.name), props: s.props ?? {}, opts: opts(s.protect ?? false),
        dependencies: [], propertyDependencies: {}, isType: () => false, asType: () => undefined,
    }));
    specs.forEach((s, i) => {
        for (const [k, names] of Object.entries(s.deps ?? {})) {
            rs[i].propertyDependencies[k] = names.map((n) => {
                const r = rs.find((x) => x.name === n);
                if (!r) throw new Error(`no resource ${n}`);
                return r;
            });
        }
    });
    return {
        resources: rs, stackTags: new Map(),
        getConfig: (<T extends object>() => (o.config ?? {}) as T),
        notApplicable: (r?: string): never => { throw new Error(r); },
    };
}

/** Runs the policy through its CrossGuard entry point and through its check (for the unverifiable part). */
export async function run(policy: CheckedPolicy, args: ResourceValidationArgs | StackValidationArgs): Promise<Outcome> {
    const violations: string[] = [];
    const report = (m: string) => violations.push(m);
    if (policy.kind === "stack") {
        await policy.validateStack(args as StackValidationArgs, report);
        return { violations, unverifiable: policy.check(args as StackValidationArgs).filter((f) => f.unverifiable).map((f) => f.message) };
    }
    const vs = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    for (const v of vs) await v(args as ResourceValidationArgs, report);
    return { violations, unverifiable: policy.check(args as ResourceValidationArgs).filter((f) => f.unverifiable).map((f) => f.message) };
}
