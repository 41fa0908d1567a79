import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capacityQueryMemory } from "../src/capacity";
import { STACK_TYPE } from "../src/framework";
import { dataProtect } from "../src/safety";
import { T } from "../src/types";
import { resourceArgs, run, stackArgs } from "./helpers";

const GiB = 1024 ** 3;
const stackWith = (outputs: Record<string, unknown>, config?: object) =>
    stackArgs([{ type: STACK_TYPE, name: "milvus-eks-prod", props: outputs }], { config });

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
    it("cannot verify without the output, and says which keys it saw", async () => {
        const o = await run(capacityQueryMemory, stackWith({ capacity: { vectors: 1 } }));
        assert.deepEqual(o.violations, []);
        assert.match(o.unverifiable.join(), /lacks numeric indexMemoryBytes\/queryNodeMemoryBytes \(has: vectors\)/);
    });
});

describe("data-protect", () => {
    it("passes protected bucket, key and MSK in prod", async () => {
        for (const t of [T.bucket, T.kmsKey, T.mskCluster]) {
            assert.deepEqual((await run(dataProtect, resourceArgs(t, {}, { protect: true }))).violations, []);
        }
    });
    it("flags an unprotected bucket in prod, not in staging", async () => {
        assert.match((await run(dataProtect, resourceArgs(T.bucket, {}, { name: "segments" }))).violations.join(), /BucketV2 segments is not protected/);
        assert.deepEqual((await run(dataProtect, resourceArgs(T.bucket, {}, { stack: "staging" }))).violations, []);
    });
});
