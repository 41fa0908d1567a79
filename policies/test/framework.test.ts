import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { environmentOf, STACK_TYPE, UNVERIFIABLE_POLICY } from "../src/framework";
import { allPolicies, guardPolicies } from "../src/policies";
import { T } from "../src/types";
import { COMPUTED_MARKER, get, list, show, UNKNOWN } from "../src/values";
import { run, stackArgs } from "./helpers";

const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<X>(x: X): X; unknownStringValue: string; unknownArrayValue: string };

describe("environment", () => {
    it("comes from the pack config, else from the stack name in the URN", () => {
        assert.equal(environmentOf({ environment: "staging" }, "urn:pulumi:prod::milvus-eks::t::n"), "staging");
        assert.equal(environmentOf({ environment: "auto" }, "urn:pulumi:prod::milvus-eks::t::n"), "prod");
        assert.equal(environmentOf({}, "urn:pulumi:acme/production::milvus-eks::t::n"), "prod");
        assert.equal(environmentOf({}, "urn:pulumi:staging::milvus-eks::t::n"), "staging");
        assert.equal(environmentOf({}, "urn:pulumi:dev-prod-copy::milvus-eks::t::n"), "staging");
    });
});

describe("unknown values", () => {
    it("reads CrossGuard's unknowns and the plan's [computed] as UNKNOWN instead of throwing", () => {
        const props = proxy.unknownCheckingProxy({ a: { b: proxy.unknownStringValue }, l: proxy.unknownArrayValue, c: "x" });
        assert.throws(() => (props as { a: { b: string } }).a.b, /can't be known during preview/);
        assert.equal(get(props, "a.b"), UNKNOWN);
        assert.equal(list(get(props, "l")), UNKNOWN);
        assert.equal(get(props, "c"), "x");
        assert.equal(get({ a: COMPUTED_MARKER }, "a.b"), UNKNOWN);
    });
    it("shows a value with unknowns inside without walking into them (JSON.stringify would throw)", () => {
        const props = proxy.unknownCheckingProxy({ rules: [{ alg: "AES256", bucketKeyEnabled: proxy.unknownStringValue }], l: ["api", proxy.unknownStringValue] });
        assert.throws(() => JSON.stringify(props), /can't be known during preview/);
        assert.equal(show(get(props, "rules")), '[{"alg":"AES256","bucketKeyEnabled":(unknown until deploy)}]');
        assert.equal(show(get(props, "l")), '["api",(unknown until deploy)]');
        assert.equal(show({ a: COMPUTED_MARKER }), '{"a":(unknown until deploy)}');
        assert.equal(show("x".repeat(300)).length, 200);
    });
});

describe("policy set", () => {
    it("has unique names and one advisory reporter of what cannot be verified", () => {
        const names = allPolicies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        const advisory = allPolicies.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name);
        assert.deepEqual(advisory, [UNVERIFIABLE_POLICY]);
        assert.ok(guardPolicies.length >= 26);
    });
});

describe("preview-unverifiable", () => {
    const reporter = allPolicies.find((p) => p.name === UNVERIFIABLE_POLICY)!;
    it("names the policy and the gap when a value is unknown", async () => {
        const args = stackArgs([
            { type: T.eksCluster, name: "eks", props: { vpcConfig: { endpointPrivateAccess: COMPUTED_MARKER, endpointPublicAccess: false } } },
            { type: STACK_TYPE, name: "stack", props: {} },
        ]);
        const o = await run(reporter, args);
        assert.ok(o.violations.includes("eks-private-endpoint: cannot verify at preview: vpcConfig.endpointPrivateAccess is unknown"), o.violations.join("\n"));
        assert.ok(o.violations.some((v) => v.startsWith("capacity-query-memory: cannot verify at preview")));
    });
    it("stays quiet when everything is known", async () => {
        const args = stackArgs([
            { type: T.eksCluster, name: "eks", props: { vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false }, encryptionConfig: { resources: ["secrets"], provider: { keyArn: "k" } }, enabledClusterLogTypes: ["api", "audit", "authenticator"], accessConfig: { authenticationMode: "API" } } },
            { type: STACK_TYPE, name: "stack", props: { capacity: { indexMemoryBytes: 1, queryNodeMemoryBytes: 2 } } },
        ]);
        assert.deepEqual((await run(reporter, args)).violations, []);
    });
});
