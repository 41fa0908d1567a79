import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "node:child_process";
import { Environment, STACK_TYPE } from "../src/framework";
import { Plan } from "../src/offline/plan";
import { packConfig } from "../src/pack-config";
import { COMPUTED_MARKER, SECRET_MARKER } from "../src/values";

// The Pulumi CLI's side of CrossGuard: it starts the pack, reads the port it prints, and calls it over gRPC.
const services = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const messages = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

export const ADVISORY = 0;
export const MANDATORY = 1;
/** What plugin.MarshalProperties (KeepUnknowns) sends for any value only known after deploy. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The signature key and value of a secret (KeepSecrets): {sig: SECRET_SIG, value}. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The plain text a secret-wrapped value carries in these requests. */
export const SECRET_TEXT = "s3cr3t-from-pulumi-config";

export const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

/** A plan value as the engine marshals it: "[computed]" → the unknown sentinel, "[secret]" → a wrapped secret. */
export function marshal(v: unknown): unknown {
    if (v === COMPUTED_MARKER) return UNKNOWN_STRING;
    if (v === SECRET_MARKER) return secret(SECRET_TEXT);
    if (Array.isArray(v)) return v.map(marshal);
    if (v && typeof v === "object") {
        if ((v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG) return v;
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, marshal(x)]));
    }
    return v;
}

export interface Diagnostic {
    policy: string;
    level: number;
    message: string;
    urn: string;
}

/** One verdict: `policy resource level message`, the message without the description CrossGuard prefixes. */
export function verdict(policy: string, resource: string, mandatory: boolean, message: string): string {
    return `${policy} | ${resource} | ${mandatory ? "mandatory" : "advisory"} | ${message}`;
}

export class ServedPack {
    private proc?: ChildProcess;
    private client: any;

    async start(dir: string) {
        this.proc = spawn(process.execPath, ["dist/index.js"], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
        const port = await new Promise<string>((resolve, reject) => {
            this.proc!.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
            this.proc!.once("exit", (code) => reject(new Error(`pack exited ${code}`)));
        });
        this.client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    }

    stop() {
        this.client?.close();
        this.proc?.kill();
    }

    call<R>(method: string, req: unknown): Promise<R> {
        return new Promise((resolve, reject) => this.client[method](req, (e: Error | null, r: R) => (e ? reject(e) : resolve(r))));
    }

    async configure(env: Environment, override: Record<string, object> = {}) {
        const req = new messages.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, { enforcementLevel, ...props }] of Object.entries(packConfig(env))) {
            const pc = new messages.PolicyConfig();
            pc.setEnforcementlevel(enforcementLevel === "mandatory" ? MANDATORY : ADVISORY);
            pc.setProperties(Struct.fromJavaScript({ ...props, ...(override[name] ?? {}) }));
            map.set(name, pc);
        }
        await this.call("configure", req);
    }

    /** Analyze of one resource, its properties already engine-shaped. */
    async analyze(type: string, name: string, stack: string, props: object, protect = false): Promise<Diagnostic[]> {
        const opts = new messages.AnalyzerResourceOptions();
        opts.setProtect(protect);
        const req = new messages.AnalyzeRequest();
        req.setType(type);
        req.setName(name);
        req.setUrn(urnOf(stack, type, name));
        req.setProperties(Struct.fromJavaScript(props));
        req.setOptions(opts);
        return diagnostics(await this.call("analyze", req));
    }

    /**
     * The whole plan as a preview sends it: Analyze for each resource, then AnalyzeStack with every resource, its
     * parent and its propertyDependencies (the plan's links, as URNs), and the root stack resource with the outputs.
     * Returns the verdicts in the offline check's terms.
     */
    async analyzePlan(plan: Plan, links: Map<string, Record<string, string[]>>): Promise<string[]> {
        const project = plan.project ?? "milvus-eks";
        const all = [...plan.resources.map((r) => ({ ...r })), { type: STACK_TYPE, name: `${project}-${plan.stack}`, parent: null, protect: false, inputs: plan.outputs }];
        const nameOf = new Map(all.map((r) => [urnOf(plan.stack, r.type, r.name, project), r.type === STACK_TYPE ? "(stack)" : r.name]));
        const out: string[] = [];
        const push = (ds: Diagnostic[], fallback: string) =>
            ds.forEach((d) => out.push(verdict(d.policy, nameOf.get(d.urn) ?? fallback, d.level === MANDATORY, d.message)));
        for (const r of all) {
            push(await this.analyze(r.type, r.name, plan.stack, marshal(r.inputs ?? {}) as object, r.protect === true), r.name);
        }
        const req = new messages.AnalyzeStackRequest();
        req.setResourcesList(all.map((r) => {
            const ar = new messages.AnalyzerResource();
            ar.setType(r.type);
            ar.setName(r.name);
            ar.setUrn(urnOf(plan.stack, r.type, r.name, project));
            ar.setProperties(Struct.fromJavaScript(marshal(r.inputs ?? {})));
            const opts = new messages.AnalyzerResourceOptions();
            opts.setProtect(r.protect === true);
            ar.setOptions(opts);
            const deps = ar.getPropertydependenciesMap();
            for (const [k, urns] of Object.entries(links.get(`${r.type}::${r.name}`) ?? {})) {
                const pd = new messages.AnalyzerPropertyDependencies();
                pd.setUrnsList(urns);
                deps.set(k, pd);
            }
            return ar;
        }));
        push(diagnostics(await this.call("analyzeStack", req)), plan.stack);
        return out.sort();
    }
}

export function urnOf(stack: string, type: string, name: string, project = "milvus-eks") {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function diagnostics(res: any): Diagnostic[] {
    return res.getDiagnosticsList().map((d: any) => {
        const full = d.getMessage() as string;
        // CrossGuard sends "<description>\n<message>"; a "can't run" diagnostic has no description.
        const message = full.includes("\n") ? full.slice(full.indexOf("\n") + 1) : full;
        return { policy: d.getPolicyname(), level: d.getEnforcementlevel(), message, urn: d.getUrn() ?? "" };
    });
}
