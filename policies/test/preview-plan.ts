import { Plan, PlanResource, toPolicyResources } from "../src/offline/plan";
import { T } from "../src/types";
import { COMPUTED_MARKER } from "../src/values";

/**
 * A hand-built first preview from a mock-engine plan (until `plan --preview` writes one): what the provider
 * computes is "[computed]". The mock engine's ids and names all contain "mock", so a string with "mock" is computed,
 * a list holding one is computed whole (the program builds such lists with Output.all), the Helm values are computed
 * whole unless `partialValues` (they depend on the bucket name, the role ARN and the brokers), and a node group's
 * optional-and-computed instanceTypes is unknown. Links the ids made are kept as `propertyDependencies`, as the engine keeps
 * propertyDependencies.
 */
export function firstPreview(plan: Plan, o: { partialValues?: boolean } = {}): Plan {
    const linked = toPolicyResources(plan);
    const resources: PlanResource[] = plan.resources.map((r, i) => {
        const deps: Record<string, string[]> = {};
        for (const [k, rs] of Object.entries(linked[i].propertyDependencies)) {
            deps[k] = [...new Set(rs.map((d) => d.name))];
        }
        const inputs = computed(r.inputs) as Record<string, unknown>;
        if (r.type === T.helmRelease && !o.partialValues && JSON.stringify(r.inputs.values ?? "").includes("mock")) {
            inputs.values = COMPUTED_MARKER;
        }
        if (r.type === T.nodeGroup && inputs.instanceTypes === undefined) {
            inputs.instanceTypes = COMPUTED_MARKER;
        }
        return { ...r, inputs, propertyDependencies: deps };
    });
    return { ...plan, resources, outputs: computed(plan.outputs) as Record<string, unknown> };
}

function computed(v: unknown): unknown {
    if (typeof v === "string") {
        return v.includes("mock") ? COMPUTED_MARKER : v;
    }
    if (Array.isArray(v)) {
        return v.some((x) => typeof x === "string" && x.includes("mock")) ? COMPUTED_MARKER : v.map(computed);
    }
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, computed(x)]));
    }
    return v;
}

/** A deep copy with `edit` applied to the resource of that name (and type, when names repeat). */
export function edited(plan: Plan, name: string, edit: (r: PlanResource) => void, type?: string): Plan {
    const copy: Plan = JSON.parse(JSON.stringify(plan));
    const r = copy.resources.find((x) => x.name === name && (type === undefined || x.type === type));
    if (!r) throw new Error(`no resource ${name}`);
    edit(r);
    return copy;
}
