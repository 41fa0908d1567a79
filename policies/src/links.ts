import { PolicyResource } from "@pulumi/policy";
import { BUCKET_TYPES } from "./types";
import { get, isUnknown, list } from "./values";

/**
 * Which resources a property refers to.
 *
 * CrossGuard gives stack policies `propertyDependencies` (property → resources its value came from): that is the
 * link during a preview, when new ids are still unknown. An existing resource is also matched by value against
 * its `id`/`arn` (and a bucket's name). The offline check builds `propertyDependencies` from the plan's mock ids.
 */
export function referenced(from: PolicyResource, prop: string, all: PolicyResource[], type: string): PolicyResource[] {
    const out = new Set<PolicyResource>();
    for (const d of from.propertyDependencies?.[prop] ?? []) {
        if (d.type === type) {
            out.add(d);
        }
    }
    const values = flatStrings(get(from.props, prop));
    for (const r of all) {
        if (r.type !== type || out.has(r)) {
            continue;
        }
        const ids = [get(r.props, "id"), get(r.props, "arn")].filter((x): x is string => typeof x === "string" && x !== "");
        if (BUCKET_TYPES.includes(type)) {
            const b = get(r.props, "bucket");
            if (typeof b === "string" && b !== "") {
                ids.push(b);
            }
        }
        if (ids.some((id) => values.includes(id))) {
            out.add(r);
        }
    }
    return [...out];
}

/** Resources of `type` whose `prop` refers to `target` (e.g. the encryption config of a bucket). */
export function referencing(target: PolicyResource, type: string, prop: string, all: PolicyResource[]): PolicyResource[] {
    return all.filter((r) => r.type === type && referenced(r, prop, all, target.type).includes(target));
}

/** Resources of `type` whose `prop` is unknown and not linked to anything: they might refer to the target. */
export function unlinked(type: string, prop: string, all: PolicyResource[]): PolicyResource[] {
    return all.filter((r) => r.type === type && isUnknown(get(r.props, prop)) && (r.propertyDependencies?.[prop] ?? []).length === 0);
}

function flatStrings(v: unknown): string[] {
    if (typeof v === "string") {
        return [v];
    }
    const l = list(v);
    if (Array.isArray(l) && Array.isArray(v)) {
        return l.flatMap(flatStrings);
    }
    if (v && typeof v === "object" && !isUnknown(v)) {
        return Object.keys(v).flatMap((k) => flatStrings(get(v, [k])));
    }
    return [];
}
