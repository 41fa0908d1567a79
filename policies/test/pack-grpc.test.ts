import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { allPolicies } from "../src/policies";
import { packConfig } from "../src/pack-config";
import { T } from "../src/types";

// The Pulumi CLI's side of CrossGuard: it starts the pack, reads the port it prints, and calls it over gRPC.
const services = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const messages = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

const PKG = join(__dirname, "..", "..");
const ADVISORY = 0;
const MANDATORY = 1;
/** The sentinel the CLI sends for a string only known after deploy. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let pack: ChildProcess;
let client: any;

function call<R>(method: string, req: unknown): Promise<R> {
    return new Promise((resolve, reject) => client[method](req, (e: Error | null, r: R) => (e ? reject(e) : resolve(r))));
}

function analyzeRequest(type: string, name: string, stack: string, props: object) {
    const opts = new messages.AnalyzerResourceOptions();
    opts.setProtect(false);
    const req = new messages.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:${stack}::milvus-eks::${type}::${name}`);
    req.setProperties(Struct.fromJavaScript(props));
    req.setOptions(opts);
    return req;
}

async function analyze(type: string, name: string, stack: string, props: object) {
    const res: any = await call("analyze", analyzeRequest(type, name, stack, props));
    return res.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname() as string, level: d.getEnforcementlevel() as number, message: d.getMessage() as string }));
}

async function configure(env: "prod" | "staging") {
    const req = new messages.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, { enforcementLevel, ...props }] of Object.entries(packConfig(env))) {
        const pc = new messages.PolicyConfig();
        pc.setEnforcementlevel(enforcementLevel === "mandatory" ? MANDATORY : ADVISORY);
        pc.setProperties(Struct.fromJavaScript(props));
        map.set(name, pc);
    }
    await call("configure", req);
}

const openCluster = {
    vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:us-east-1:1:key/k" } },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    accessConfig: { authenticationMode: "API" },
};

describe("the policy pack served as the Pulumi CLI runs it", () => {
    before(async () => {
        pack = spawn(process.execPath, ["dist/index.js"], { cwd: PKG, stdio: ["ignore", "pipe", "inherit"] });
        const port = await new Promise<string>((resolve, reject) => {
            pack.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
            pack.once("exit", (code) => reject(new Error(`pack exited ${code}`)));
        });
        client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        pack?.kill();
    });

    it("declares every policy", async () => {
        const info: any = await call("getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), "milvus-eks");
        assert.deepEqual(info.getPoliciesList().map((p: any) => p.getName()), allPolicies.map((p) => p.name));
    });

    it("blocks a prod cluster open to 0.0.0.0/0 with the prod config", async () => {
        await configure("prod");
        const ds = await analyze(T.eksCluster, "eks", "prod", openCluster);
        assert.deepEqual(ds.map((d: any) => [d.policy, d.level]), [["eks-public-endpoint-restricted", MANDATORY]]);
        assert.match(ds[0].message, /public endpoint open to 0.0.0.0\/0/);
    });

    it("only advises with the staging config", async () => {
        await configure("staging");
        const { encryptionConfig: _dropped, ...unencrypted } = openCluster;
        const ds = await analyze(T.eksCluster, "eks", "staging", unencrypted);
        assert.deepEqual(ds.map((d: any) => [d.policy, d.level]), [["eks-secrets-encryption", ADVISORY]]);
    });

    it("does not fail a preview on a value only known after deploy", async () => {
        await configure("prod");
        const ds = await analyze(T.eksCluster, "eks", "prod", { ...openCluster, vpcConfig: { endpointPrivateAccess: UNKNOWN_STRING, endpointPublicAccess: false } });
        assert.deepEqual(ds, []);
    });
});
