import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { main } from "../src/cli/check";
import { evaluate, readPlan, toPolicyResources } from "../src/offline/plan";
import { packConfig } from "../src/pack-config";
import { T } from "../src/types";

const PKG = join(__dirname, "..", "..");
const FIXTURES = join(PKG, "test", "fixtures");
const plan = (f: string) => readPlan(readFileSync(join(FIXTURES, f), "utf8"), f);

async function check(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, FIXTURES, (s) => out.push(s), (s) => err.push(s));
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("plan adapter", () => {
    it("links inputs that hold another resource's mock id through propertyDependencies", () => {
        const rs = toPolicyResources(plan("good-prod.json"));
        const ng = rs.find((r) => r.type === T.nodeGroup && r.name === "milvus-eks-prod-nodes-query")!;
        assert.deepEqual(ng.propertyDependencies.subnetIds.filter((s) => s.type === T.subnet).map((s) => s.name).sort(), ["milvus-eks-prod-private-us-east-1a", "milvus-eks-prod-private-us-east-1b", "milvus-eks-prod-private-us-east-1c"]);
        assert.deepEqual(ng.propertyDependencies.launchTemplate.filter((s) => s.type === T.launchTemplate).map((s) => s.name), ["milvus-eks-prod-nodes-query"]);
        const sse = rs.find((r) => r.type === T.bucketSse)!;
        assert.deepEqual(sse.propertyDependencies.rules.map((r) => r.type), [T.kmsKey]);
        assert.equal(rs.find((r) => r.type === T.bucket)!.opts.protect, true);
    });
    it("also links by the names a preview plan writes in propertyDependencies (its ids are [computed])", () => {
        const p = plan("good-prod.json");
        const ng = p.resources.find((r) => r.type === T.nodeGroup && r.name === "milvus-eks-prod-nodes-query")!;
        ng.inputs = { ...ng.inputs, launchTemplate: { id: "[computed]", version: "1" } };
        const linked = (q: typeof p) => toPolicyResources(q).find((r) => r.type === T.nodeGroup && r.name === ng.name)!.propertyDependencies.launchTemplate;
        assert.equal(linked(p), undefined);
        ng.propertyDependencies = { launchTemplate: ["milvus-eks-prod-nodes-query"] };
        assert.deepEqual(linked(p).map((r) => [r.type, r.name]), [[T.launchTemplate, "milvus-eks-prod-nodes-query"]]);
    });
});

describe("offline check", () => {
    it("passes the well-formed prod plan with no finding", async () => {
        const r = await evaluate(plan("good-prod.json"));
        assert.equal(r.environment, "prod");
        assert.deepEqual(r.findings, []);
    });
    it("names the violations of the bad plan: unencrypted bucket, public 0.0.0.0/0 endpoint, undersized capacity", async () => {
        const r = await evaluate(plan("bad-prod.json"));
        const got = r.findings.map((f) => `${f.level} ${f.policy} ${f.resource}`).sort();
        assert.deepEqual(got, [
            "mandatory capacity-query-memory (stack)",
            "mandatory capacity-query-memory milvus-eks-prod-nodes-query",
            "mandatory eks-public-endpoint-restricted milvus-eks-prod",
            "mandatory s3-sse-kms milvus-eks-prod-data",
        ]);
    });
    it("exits 1 on the bad plan and prints policy, resource and message", async () => {
        const r = await check(["bad-prod.json"]);
        assert.equal(r.code, 1);
        assert.match(r.out, /^ {2}s3-sse-kms {2}milvus-eks-prod-data {2}bucket milvus-eks-prod-data has no server-side encryption/m);
        assert.match(r.out, /eks-public-endpoint-restricted {2}milvus-eks-prod {2}public endpoint open to 0.0.0.0\/0/);
        assert.match(r.out, /capacity-query-memory {2}\(stack\) {2}query nodes provide 825.5 GiB but the index needs 3315.7 GiB/);
    });
    it("reports staging findings as advisory and exits 0", async () => {
        const r = await check(["bad-prod.json", "--environment", "staging"]);
        assert.equal(r.code, 0);
        assert.match(r.out, /ADVISORY \(3\):/);
        assert.doesNotMatch(r.out, /MANDATORY/);
    });
    it("takes the environment from outputs.environment", async () => {
        const p = plan("bad-prod.json");
        p.outputs.environment = "staging";
        assert.ok((await evaluate(p)).findings.every((f) => f.level === "advisory"));
    });
    it("on plan --preview of prod: exit 0, only the gaps a first preview cannot see", async () => {
        const r = await check(["preview-prod.json"]);
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, /0 mandatory violation\(s\), 2 advisory finding\(s\)/);
        assert.match(r.out, /preview-unverifiable {2}milvus-eks-prod-data-policy {2}s3-tls-only: cannot verify at preview/);
    });
    it("exits 2 with one line for a missing file, bad JSON or a bad option", async () => {
        assert.equal((await check(["nope.json"])).code, 2);
        assert.match((await check(["nope.json"])).err, /cannot read .*nope.json: ENOENT/);
        assert.equal((await check(["../../package.json"])).code, 2);
        assert.match((await check(["good-prod.json", "--environment", "dev"])).err, /must be prod or staging/);
    });
    it("runs as the npm script, resolving the path from where npm was called", () => {
        const r = spawnSync(process.execPath, [join(PKG, "dist", "src", "cli", "check.js"), "bad-prod.json"], { cwd: PKG, env: { ...process.env, INIT_CWD: FIXTURES }, encoding: "utf8" });
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout, /4 mandatory violation\(s\)/);
    });
});

describe("pack config files", () => {
    it("equal what the offline check uses (regenerate with npm run config)", () => {
        for (const env of ["prod", "staging"] as const) {
            const committed = JSON.parse(readFileSync(join(PKG, "config", `${env}.json`), "utf8"));
            assert.deepEqual(committed, packConfig(env));
        }
        assert.equal(packConfig("prod")["s3-sse-kms"].enforcementLevel, "mandatory");
        assert.equal(packConfig("staging")["s3-sse-kms"].enforcementLevel, "advisory");
        assert.equal(packConfig("prod")["preview-unverifiable"].enforcementLevel, "advisory");
    });
});
