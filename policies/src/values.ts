/**
 * Reading resource properties that may not be known yet.
 *
 * Two producers feed the policies: the CrossGuard runtime during `pulumi preview`, whose props are wrapped in a
 * proxy that throws `UnknownValueError` on any value only known after deploy, and the offline plan JSON, which
 * writes such values as "[computed]" and secrets as "[secret]". Both become {@link UNKNOWN} here, so a policy can
 * say "cannot verify at preview" instead of crashing or silently passing.
 */

export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** Offline plan marker for a value the cloud computes at deploy time. */
export const COMPUTED_MARKER = "[computed]";
/** Offline plan marker for a Pulumi secret (the plain value is never written). */
export const SECRET_MARKER = "[secret]";

function isUnknownValueError(e: unknown): boolean {
    return e instanceof Error && (e.constructor?.name === "UnknownValueError" || e.name === "UnknownValueError");
}

/** `obj[key]`, or UNKNOWN when that value is not known until deploy. */
function step(obj: unknown, key: string | number): unknown {
    if (obj === UNKNOWN) {
        return UNKNOWN;
    }
    if (obj === null || obj === undefined || typeof obj !== "object") {
        return undefined;
    }
    let v: unknown;
    try {
        v = (obj as Record<string | number, unknown>)[key];
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
    return v === COMPUTED_MARKER ? UNKNOWN : v;
}

/**
 * Reads a nested value. `path` is dotted ("vpcConfig.subnetIds") or an array when a key holds dots
 * (Helm's "user.yaml", Kubernetes annotation names).
 */
export function get(obj: unknown, path: string | (string | number)[]): unknown {
    const keys = typeof path === "string" ? path.split(".") : path;
    let cur: unknown = obj === COMPUTED_MARKER ? UNKNOWN : obj;
    for (const k of keys) {
        cur = step(cur, k);
        if (cur === UNKNOWN || cur === undefined || cur === null) {
            return cur;
        }
    }
    return cur;
}

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

/** An array's elements (each possibly UNKNOWN), UNKNOWN for an unknown array, undefined when absent. */
export function list(v: unknown): unknown[] | Unknown | undefined {
    if (v === UNKNOWN || v === COMPUTED_MARKER) {
        return UNKNOWN;
    }
    if (v === undefined || v === null) {
        return undefined;
    }
    if (!Array.isArray(v)) {
        return [v];
    }
    const out: unknown[] = [];
    let n: number;
    try {
        n = v.length;
    } catch (e) {
        if (isUnknownValueError(e)) {
            return UNKNOWN;
        }
        throw e;
    }
    for (let i = 0; i < n; i++) {
        out.push(step(v, i));
    }
    return out;
}

/** Own keys of an object; empty for anything else. */
export function keys(v: unknown): string[] {
    if (v === null || v === undefined || typeof v !== "object") {
        return [];
    }
    try {
        return Object.keys(v as object);
    } catch (e) {
        if (isUnknownValueError(e)) {
            return [];
        }
        throw e;
    }
}

/** A number, also from a numeric string (JSON writers differ); undefined otherwise. */
export function num(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
        return Number(v);
    }
    return undefined;
}

/** A value that will exist after deploy: set here, or computed from another resource. */
export function present(v: unknown): boolean {
    return v === UNKNOWN || (v !== undefined && v !== null && v !== "");
}

/**
 * A value for a message, read only through the unknown-safe helpers: JSON.stringify would walk into a value the
 * CrossGuard proxy cannot give (it throws UnknownValueError), turning a mandatory policy into one advisory "can't
 * run". Unknown parts print as "(unknown until deploy)"; long values are cut.
 */
export function show(v: unknown): string {
    const s = render(v, 0);
    return s.length > 200 ? s.slice(0, 197) + "..." : s;
}

function render(v: unknown, depth: number): string {
    if (v === UNKNOWN || v === COMPUTED_MARKER) {
        return "(unknown until deploy)";
    }
    if (v === undefined) {
        return "(unset)";
    }
    if (v === null || typeof v === "boolean" || typeof v === "number") {
        return String(v);
    }
    if (typeof v === "string") {
        return JSON.stringify(v);
    }
    if (typeof v !== "object") {
        return typeof v;
    }
    if (depth >= 4) {
        return "...";
    }
    if (Array.isArray(v)) {
        const l = list(v);
        return isUnknown(l) ? "(unknown until deploy)" : `[${(l ?? []).map((x) => render(x, depth + 1)).join(",")}]`;
    }
    return `{${keys(v).map((k) => `${JSON.stringify(k)}:${render(get(v, [k]), depth + 1)}`).join(",")}}`;
}
