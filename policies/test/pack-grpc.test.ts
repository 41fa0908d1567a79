import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { UNVERIFIABLE_POLICY } from "../src/framework";
import { evaluate, Plan, PlanResource, readPlan, toPolicyResources } from "../src/offline/plan";
import { allPolicies, guardPolicies } from "../src/policies";
import { T } from "../src/types";
import { COMPUTED_MARKER, SECRET_MARKER } from "../src/values";
import { ADVISORY, MANDATORY, SECRET_TEXT, ServedPack, UNKNOWN_STRING, secret, verdict } from "./engine";
import { edited, firstPreview } from "./preview-plan";

const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

const PKG = join(__dirname, "..", "..");
const good = readPlan(readFileSync(join(PKG, "test", "fixtures", "good-prod.json"), "utf8"), "good-prod.json");
const bad = readPlan(readFileSync(join(PKG, "test", "fixtures", "bad-prod.json"), "utf8"), "bad-prod.json");
/**
 * `plan --preview` of prod and of the CI's bad stack (h-preview), with what the real engine adds: a node group's
 * optional-and-computed instanceTypes is unknown on a new group.
 */
const realPreview = (f: string) => {
    const p = readPlan(readFileSync(join(PKG, "test", "fixtures", f), "utf8"), f);
    p.resources.filter((r) => r.type === T.nodeGroup && r.inputs.instanceTypes === undefined).forEach((r) => { r.inputs.instanceTypes = COMPUTED_MARKER; });
    return p;
};
const previewProd = realPreview("preview-prod.json");
const previewBad = realPreview("bad-preview.json");
/** A first preview built from the mock plan by hand: the Helm values wholly unknown (as before h-preview). */
const preview = firstPreview(good);
/** The same with the values' static parts known (only bucket name, role ARN and brokers unknown). */
const previewPartial = firstPreview(good, { partialValues: true });

const pack = new ServedPack();

/** The plan's links (propertyDependencies) as URNs, the way the engine sends them. */
function linksOf(plan: Plan): Map<string, Record<string, string[]>> {
    const out = new Map<string, Record<string, string[]>>();
    for (const r of toPolicyResources(plan)) {
        out.set(`${r.type}::${r.name}`, Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, rs]) => [k, rs.map((d) => d.urn)])));
    }
    return out;
}

async function offline(plan: Plan): Promise<string[]> {
    return (await evaluate(plan, "prod")).findings.map((f) => verdict(f.policy, f.resource, f.level === "mandatory", f.message)).sort();
}

const served = (plan: Plan) => pack.analyzePlan(plan, linksOf(plan));
const CANT_RUN = /can't run/;

const eks = "milvus-eks-prod";
const data = "milvus-eks-prod-data";
const release = (edit: (values: Record<string, any>) => void) => (r: PlanResource) => edit(r.inputs.values as Record<string, any>);
const values = (plan: Plan, edit: (values: Record<string, any>) => void) => edited(plan, "milvus", release(edit), T.helmRelease);

/**
 * For each guard policy, a change of the preview plan that it must block. Each keeps the preview's unknowns (ids,
 * ARNs, instanceTypes), and several put an unknown or a secret right next to the fault.
 */
const failing: Record<string, (p: Plan) => Plan> = {
    // The case: an AES256 rule with an unknown bucketKeyEnabled once turned this into an advisory "can't run".
    "s3-sse-kms": (p) => edited(p, `${data}-sse`, (r) => { r.inputs.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: COMPUTED_MARKER }]; }),
    "s3-versioning": (p) => edited(p, `${data}-versioning`, (r) => { r.inputs.versioningConfiguration = { status: "Suspended", mfaDelete: COMPUTED_MARKER }; }),
    "s3-public-access-block": (p) => edited(p, `${data}-public-access`, (r) => { r.inputs.blockPublicPolicy = false; }),
    "s3-tls-only": (p) => edited(p, `${data}-policy`, (r) => { r.inputs.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Principal: "*" }] }); }),
    "s3-access-logging": (p) => ({ ...p, resources: p.resources.filter((r) => r.type !== T.bucketLogging) }),
    "s3-known-bucket-types": (p) => ({ ...p, resources: [...p.resources, { type: "aws:s3/directoryBucket:DirectoryBucket", name: "express", parent: null, inputs: { bucket: COMPUTED_MARKER } }] }),
    "eks-secrets-encryption": (p) => edited(p, eks, (r) => { r.inputs.encryptionConfig = { resources: ["configmaps"], provider: { keyArn: COMPUTED_MARKER } }; }, T.eksCluster),
    "eks-private-endpoint": (p) => edited(p, eks, (r) => { (r.inputs.vpcConfig as any).endpointPrivateAccess = false; }, T.eksCluster),
    "eks-public-endpoint-restricted": (p) => edited(p, eks, (r) => { Object.assign(r.inputs.vpcConfig as object, { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }); }, T.eksCluster),
    // The message shows the list: an unknown inside must not turn the violation into "can't run".
    "eks-control-plane-logging": (p) => edited(p, eks, (r) => { r.inputs.enabledClusterLogTypes = ["api", COMPUTED_MARKER]; }, T.eksCluster),
    "eks-authentication-mode": (p) => edited(p, eks, (r) => { r.inputs.accessConfig = { authenticationMode: "CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: COMPUTED_MARKER }; }, T.eksCluster),
    "nodegroup-private-subnets": (p) => edited(p, "milvus-eks-prod-nodes-query", (r) => {
        r.propertyDependencies!.subnetIds = ["a", "b", "c"].map((z) => `milvus-eks-prod-public-us-east-1${z}`);
    }, T.nodeGroup),
    "nodegroup-imdsv2": (p) => edited(p, "milvus-eks-prod-nodes-query", (r) => { (r.inputs.metadataOptions as any).httpTokens = "optional"; }, T.launchTemplate),
    "nodegroup-encrypted-volumes": (p) => edited(p, "milvus-eks-prod-nodes-query", (r) => { (r.inputs.blockDeviceMappings as any)[0].ebs.encrypted = "false"; }, T.launchTemplate),
    // instanceTypes stays unknown (a new group): the template's type decides.
    "nodegroup-instance-floor": (p) => edited(p, "milvus-eks-prod-nodes-coord", (r) => { r.inputs.instanceType = "m6i.xlarge"; }, T.launchTemplate),
    "nodegroup-az-spread": (p) => edited(p, "milvus-eks-prod-nodes-data", (r) => {
        r.propertyDependencies!.subnetIds = ["a", "b"].map((z) => `milvus-eks-prod-private-us-east-1${z}`);
    }, T.nodeGroup),
    "msk-encryption-at-rest-cmk": (p) => edited(p, "milvus-eks-prod-msk", (r) => { (r.inputs.encryptionInfo as any).encryptionAtRestKmsKeyArn = "arn:aws:kms:us-east-1:111122223333:alias/aws/kafka"; }, T.mskCluster),
    "msk-tls-only": (p) => edited(p, "milvus-eks-prod-msk", (r) => { (r.inputs.encryptionInfo as any).encryptionInTransit = { clientBroker: "TLS_PLAINTEXT", inCluster: true }; }, T.mskCluster),
    "msk-sasl-scram": (p) => edited(p, "milvus-eks-prod-msk", (r) => { (r.inputs.clientAuthentication as any).unauthenticated = true; }, T.mskCluster),
    "msk-broker-count": (p) => edited(p, "milvus-eks-prod-msk", (r) => { r.inputs.numberOfBrokerNodes = 4; }, T.mskCluster),
    "msk-no-public-access": (p) => edited(p, "milvus-eks-prod-msk", (r) => { (r.inputs.brokerNodeGroupInfo as any).connectivityInfo = { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } }; }, T.mskCluster),
    "milvus-no-bundled-minio": (p) => values(p, (v) => { v.minio.enabled = true; }),
    "milvus-s3-iam": (p) => values(p, (v) => { v.externalS3.useIAM = false; }),
    "milvus-authorization": (p) => values(p, (v) => { v.extraConfigFiles["user.yaml"] = "common:\n  security:\n    authorizationEnabled: false\n"; }),
    "milvus-etcd-quorum": (p) => values(p, (v) => { v.etcd.replicaCount = 2; }),
    // A Pulumi secret in values: "[secret]" offline, a secret-wrapped value (unwrapped by @pulumi/policy) over gRPC.
    "milvus-no-plaintext-secrets": (p) => values(p, (v) => { v.externalKafka.sasl.password = SECRET_MARKER; }),
    "milvus-proxy-internal": (p) => values(p, (v) => { v.service.annotations = { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }; }),
    "kms-key-rotation": (p) => edited(p, "milvus-eks-prod-data-key", (r) => { r.inputs.enableKeyRotation = false; }, T.kmsKey),
    "secretsmanager-cmk": (p) => edited(p, "milvus-eks-prod-msk-scram", (r) => { r.inputs.kmsKeyId = "alias/aws/secretsmanager"; }, T.secret),
    "sg-no-public-ingress": (p) => edited(p, "milvus-eks-prod-endpoints", (r) => { (r.inputs.ingress as any)[0].cidrBlocks = ["10.40.0.0/16", "0.0.0.0/0"]; }, T.securityGroup),
    // The program's capacity figures still say 66 nodes; the group launches 20.
    "capacity-query-memory": (p) => edited(p, "milvus-eks-prod-nodes-query", (r) => { (r.inputs.scalingConfig as any).desiredSize = 20; }, T.nodeGroup),
    "data-protect": (p) => edited(p, eks, (r) => { r.protect = false; }, T.eksCluster),
    "required-tags": (p) => edited(p, "milvus-eks-prod-vpc", (r) => { delete (r.inputs.tags as any)["pulumi:stack"]; }),
};

describe("the policy pack served as the Pulumi CLI runs it", () => {
    before(() => pack.start(PKG));
    after(() => pack.stop());

    it("declares every policy", async () => {
        const info: any = await pack.call("getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), "milvus-eks");
        assert.deepEqual(info.getPoliciesList().map((p: any) => p.getName()), allPolicies.map((p) => p.name));
    });

    const tags = { "app.kubernetes.io/part-of": "milvus", "pulumi:project": "milvus-eks" };
    const openCluster = (stack: string) => ({
        vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:us-east-1:1:key/k" } },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        accessConfig: { authenticationMode: "API" },
        tags: { ...tags, "pulumi:stack": stack },
    });

    it("blocks a prod cluster open to 0.0.0.0/0 with the prod config", async () => {
        await pack.configure("prod");
        const ds = await pack.analyze(T.eksCluster, "eks", "prod", openCluster("prod"), true);
        assert.deepEqual(ds.map((d) => [d.policy, d.level]), [["eks-public-endpoint-restricted", MANDATORY]]);
        assert.match(ds[0].message, /public endpoint open to 0.0.0.0\/0/);
    });

    it("only advises with the staging config", async () => {
        await pack.configure("staging");
        const { encryptionConfig: _dropped, ...unencrypted } = openCluster("staging");
        const ds = await pack.analyze(T.eksCluster, "eks", "staging", unencrypted);
        assert.deepEqual(ds.map((d) => [d.policy, d.level]), [["eks-secrets-encryption", ADVISORY]]);
    });

    it("does not fail a preview on a value only known after deploy, nor on a secret-wrapped one", async () => {
        await pack.configure("prod");
        const cluster = { ...openCluster("prod"), vpcConfig: { endpointPrivateAccess: UNKNOWN_STRING, endpointPublicAccess: false }, encryptionConfig: secret({ resources: ["secrets"], provider: { keyArn: UNKNOWN_STRING } }) };
        assert.deepEqual(await pack.analyze(T.eksCluster, "eks", "prod", cluster, true), []);
        // The same secret-wrapped config, judged on its unwrapped content.
        const weak = { ...cluster, encryptionConfig: secret({ resources: ["configmaps"], provider: { keyArn: UNKNOWN_STRING } }) };
        assert.deepEqual((await pack.analyze(T.eksCluster, "eks", "prod", weak, true)).map((d) => [d.policy, d.level]), [["eks-secrets-encryption", MANDATORY]]);
    });

    it("gives the offline check's verdicts on the same plans: mock prod, bad prod, plan --preview of prod and of the bad stack, hand-built previews", async () => {
        await pack.configure("prod");
        for (const plan of [good, bad, previewProd, previewBad, preview, previewPartial]) {
            const expected = await offline(plan);
            assert.deepEqual(await served(plan), expected);
        }
    });

    it("on a first preview: no violation, no \"can't run\", and only the reported gaps (s3-tls-only, the Helm values)", async () => {
        await pack.configure("prod");
        const got = await served(preview);
        assert.ok(got.every((v) => v.startsWith(`${UNVERIFIABLE_POLICY} |`)), got.join("\n"));
        const gaps = new Set(got.map((v) => v.split(" | ")[3].split(":")[0]));
        assert.deepEqual([...gaps].sort(), ["milvus-authorization", "milvus-etcd-quorum", "milvus-no-bundled-minio", "milvus-no-plaintext-secrets", "milvus-proxy-internal", "milvus-s3-iam", "s3-tls-only"]);
        assert.deepEqual(await served(previewPartial), got.filter((v) => !v.split(" | ")[3].startsWith("milvus-")));
        // plan --preview passes the values' static parts: only s3-tls-only's documents (they hold the bucket ARN) remain.
        assert.deepEqual((await served(previewProd)).map((v) => v.split(" | ").slice(0, 2).join(" ")), [
            `${UNVERIFIABLE_POLICY} milvus-eks-prod-access-logs-policy`, `${UNVERIFIABLE_POLICY} milvus-eks-prod-data-policy`,
        ]);
    });

    it("catches the CI's bad stack in its first preview, as the offline check does", async () => {
        await pack.configure("prod");
        const got = await served(previewBad);
        for (const policy of ["eks-public-endpoint-restricted", "nodegroup-instance-floor", "capacity-query-memory"]) {
            assert.ok(got.some((v) => v.startsWith(`${policy} |`) && v.includes("| mandatory |")), `${policy}:\n${got.join("\n")}`);
        }
        assert.ok(!got.some((v) => CANT_RUN.test(v)));
    });

    describe("each policy, under unknowns and secrets: passes the preview, blocks its fault, and the offline check agrees", () => {
        for (const p of guardPolicies) {
            it(p.name, async () => {
                const fail = failing[p.name];
                assert.ok(fail, `no failing case for ${p.name}`);
                await pack.configure("prod");
                const passing = await served(previewPartial);
                assert.deepEqual(passing.filter((v) => v.startsWith(`${p.name} |`)), []);
                const plan = fail(previewPartial);
                const got = await served(plan);
                const mine = got.filter((v) => v.startsWith(`${p.name} |`));
                assert.ok(mine.length > 0 && mine.every((v) => v.includes("| mandatory |")), `${p.name} did not block:\n${got.join("\n")}`);
                assert.ok(!got.some((v) => CANT_RUN.test(v)), got.join("\n"));
                assert.deepEqual(got, await offline(plan));
            });
        }
    });

    it("reports the secret's path, never its text", async () => {
        await pack.configure("prod");
        const got = await served(failing["milvus-no-plaintext-secrets"](previewPartial));
        assert.ok(got.includes(verdict("milvus-no-plaintext-secrets", "milvus", true, "secret value in the release values at externalKafka.sasl.password: reference a Kubernetes Secret (secretKeyRef) instead")), got.join("\n"));
        assert.ok(!got.join().includes(SECRET_TEXT));
    });

    it("preview-unverifiable runs each policy with that policy's own config", async () => {
        // The endpoints group's ingress source unknown: a gap for sg-no-public-ingress, unless its config allows that group.
        const plan = edited(previewPartial, "milvus-eks-prod-endpoints", (r) => { (r.inputs.ingress as any)[0].cidrBlocks = COMPUTED_MARKER; }, T.securityGroup);
        const gap = (vs: string[]) => vs.filter((v) => v.startsWith(`${UNVERIFIABLE_POLICY} |`) && v.includes("sg-no-public-ingress"));
        await pack.configure("prod");
        assert.equal(gap(await served(plan)).length, 1);
        await pack.configure("prod", { "sg-no-public-ingress": { allowPublicIngress: ["milvus-eks-prod-endpoints"] } });
        assert.deepEqual(gap(await served(plan)), []);
    });
});
