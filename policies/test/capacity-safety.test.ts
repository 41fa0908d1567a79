import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capacityQueryMemory } from "../src/capacity";
import { STACK_TYPE } from "../src/framework";
import { dataProtect } from "../src/safety";
import { T } from "../src/types";
import { COMPUTED_MARKER } from "../src/values";
import { resourceArgs, run, Spec, stackArgs } from "./helpers";

const GiB = 1024 ** 3;
/** The query pool as the stack declares it: a group with desiredSize whose launch template names the type. */
const queryPool = (type: string | undefined, desiredSize: unknown): Spec[] => [
    { type: T.launchTemplate, name: "query-lt", props: type === undefined ? {} : { instanceType: type } },
    { type: T.nodeGroup, name: "query", props: { labels: { "milvus.io/role": "query" }, launchTemplate: { id: COMPUTED_MARKER, version: "1" }, scalingConfig: { desiredSize, minSize: 1, maxSize: 10 } }, deps: { launchTemplate: ["query-lt"] } },
];
const stackWith = (outputs: Record<string, unknown>, config?: object, pool: Spec[] = queryPool("m6in.4xlarge", 2)) =>
    stackArgs([{ type: STACK_TYPE, name: "milvus-eks-prod", props: outputs }, ...pool], { config });

describe("capacity-query-memory", () => {
    it("passes when the query pool holds the index", async () => {
        const o = await run(capacityQueryMemory, stackWith({ capacity: { indexMemoryBytes: 100 * GiB, queryNodeMemoryBytes: 128 * GiB } }));
        assert.deepEqual(o.violations, []);
        assert.deepEqual(o.unverifiable, []);
    });
    it("flags an undersized pool with both sizes", async () => {
        const o = await run(capacityQueryMemory, stackWith({ capacity: { indexMemoryBytes: 200 * GiB, queryNodeMemoryBytes: 128 * GiB } }));
        assert.match(o.violations.join(), /provide 128.0 GiB but the index needs 200.0 GiB/);
    });
    it("reads renamed keys from the policy config", async () => {
        const o = await run(capacityQueryMemory, stackWith({ capacity: { need: 2, have: 1 } }, { needKey: "need", provisionedKey: "have" }));
        assert.equal(o.violations.length, 1);
    });
    it("cross-checks the query group: desiredSize × the template's instance memory must hold the index", async () => {
        const need = { capacity: { indexMemoryBytes: 100 * GiB, queryNodeMemoryBytes: 128 * GiB, queryNodeType: "m6in.4xlarge" } };
        assert.deepEqual(await run(capacityQueryMemory, stackWith(need)), { violations: [], unverifiable: [] });
        // The program reports enough, but the group launches one node: the reported figures are not trusted alone.
        assert.deepEqual((await run(capacityQueryMemory, stackWith(need, undefined, queryPool("m6in.4xlarge", 1)))).violations, [
            "query groups launch 64.0 GiB usable (desiredSize × instance memory) but the index needs 100.0 GiB",
        ]);
        assert.match((await run(capacityQueryMemory, stackWith(need, undefined, queryPool("r6i.4xlarge", 2)))).violations.join(), /capacity figures assume m6in.4xlarge query nodes, but query group query launches r6i.4xlarge/);
        assert.match((await run(capacityQueryMemory, stackWith(need, undefined, queryPool(undefined, 2)))).violations.join(), /launches t3.medium \(no type named\)/);
        assert.match((await run(capacityQueryMemory, stackWith(need, undefined, []))).violations.join(), /no node group labelled milvus.io\/role=query/);
        const unknown = await run(capacityQueryMemory, stackWith(need, undefined, queryPool("m6in.4xlarge", COMPUTED_MARKER)));
        assert.deepEqual(unknown.violations, []);
        assert.match(unknown.unverifiable.join(), /desiredSize unknown/);
    });
    it("cannot verify without the output, and says which keys it saw", async () => {
        const o = await run(capacityQueryMemory, stackWith({ capacity: { vectors: 1 } }));
        assert.deepEqual(o.violations, []);
        assert.match(o.unverifiable.join(), /lacks numeric indexMemoryBytes\/queryNodeMemoryBytes \(has: vectors\)/);
    });
});

describe("data-protect", () => {
    it("passes protected buckets (both families), keys, MSK, the EKS cluster and the Secrets Manager secret in prod", async () => {
        for (const t of [T.bucket, T.bucketV1, T.kmsKey, T.mskCluster, T.eksCluster, T.secret]) {
            assert.deepEqual((await run(dataProtect, resourceArgs(t, {}, { protect: true }))).violations, []);
        }
    });
    it("flags an unprotected bucket in prod, not in staging", async () => {
        assert.match((await run(dataProtect, resourceArgs(T.bucket, {}, { name: "segments" }))).violations.join(), /BucketV2 segments is not protected/);
        assert.deepEqual((await run(dataProtect, resourceArgs(T.bucket, {}, { stack: "staging" }))).violations, []);
    });
    it("flags an unprotected EKS cluster and Secrets Manager secret in prod", async () => {
        assert.match((await run(dataProtect, resourceArgs(T.eksCluster, {}, { name: "eks" }))).violations.join(), /Cluster eks is not protected/);
        assert.match((await run(dataProtect, resourceArgs(T.secret, {}, { name: "scram" }))).violations.join(), /Secret scram is not protected/);
    });
});
