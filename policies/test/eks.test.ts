import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eksAuthenticationMode, eksControlPlaneLogging, eksPrivateEndpoint, eksPublicEndpoint, eksSecretsEncryption } from "../src/eks";
import { T } from "../src/types";
import { COMPUTED_MARKER } from "../src/values";
import { resourceArgs, run } from "./helpers";

const good = {
    vpcConfig: { subnetIds: ["mock-a", "mock-b", "mock-c"], endpointPrivateAccess: true, endpointPublicAccess: false, publicAccessCidrs: [] },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: COMPUTED_MARKER } },
    enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    accessConfig: { authenticationMode: "API" },
};
const cluster = (over: Record<string, unknown>, stack = "prod") => resourceArgs(T.eksCluster, { ...good, ...over }, { stack });

describe("eks-secrets-encryption", () => {
    it("passes secrets encrypted with a key known after deploy", async () => {
        assert.deepEqual((await run(eksSecretsEncryption, cluster({}))).violations, []);
    });
    it("flags a cluster without encryptionConfig", async () => {
        assert.match((await run(eksSecretsEncryption, cluster({ encryptionConfig: undefined }))).violations.join(), /secrets are not envelope-encrypted/);
    });
});

describe("eks-private-endpoint", () => {
    it("passes endpointPrivateAccess true", async () => {
        assert.deepEqual((await run(eksPrivateEndpoint, cluster({}))).violations, []);
    });
    it("flags the AWS default (unset)", async () => {
        const o = await run(eksPrivateEndpoint, cluster({ vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } }));
        assert.match(o.violations.join(), /no private endpoint/);
    });
});

describe("eks-public-endpoint-restricted", () => {
    const pub = (cidrs?: string[]) => ({ vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, ...(cidrs ? { publicAccessCidrs: cidrs } : {}) } });
    it("passes a private-only endpoint and a VPN-restricted one", async () => {
        assert.deepEqual((await run(eksPublicEndpoint, cluster({}))).violations, []);
        assert.deepEqual((await run(eksPublicEndpoint, cluster(pub(["203.0.113.0/24"])))).violations, []);
    });
    it("flags 0.0.0.0/0 and an empty list (AWS opens it to the world) in prod", async () => {
        assert.match((await run(eksPublicEndpoint, cluster(pub(["0.0.0.0/0"])))).violations.join(), /open to 0.0.0.0\/0/);
        assert.match((await run(eksPublicEndpoint, cluster(pub()))).violations.join(), /no publicAccessCidrs/);
    });
    it("does not apply in staging (derived from the stack name)", async () => {
        assert.deepEqual((await run(eksPublicEndpoint, cluster(pub(["0.0.0.0/0"]), "staging"))).violations, []);
    });
});

describe("eks-control-plane-logging", () => {
    it("passes api, audit and authenticator", async () => {
        assert.deepEqual((await run(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: ["api", "audit", "authenticator"] }))).violations, []);
    });
    it("names the missing log types", async () => {
        assert.match((await run(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: ["api"] }))).violations.join(), /missing: audit, authenticator/);
    });
});

describe("eks-authentication-mode", () => {
    it("passes API", async () => {
        assert.deepEqual((await run(eksAuthenticationMode, cluster({}))).violations, []);
    });
    it("flags CONFIG_MAP and the unset default", async () => {
        assert.match((await run(eksAuthenticationMode, cluster({ accessConfig: { authenticationMode: "CONFIG_MAP" } }))).violations.join(), /"CONFIG_MAP"/);
        assert.match((await run(eksAuthenticationMode, cluster({ accessConfig: undefined }))).violations.join(), /AWS default CONFIG_MAP/);
    });
});
