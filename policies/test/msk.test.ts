import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mskBrokerCount, mskEncryptionAtRest, mskSaslScram, mskTlsOnly } from "../src/msk";
import { T } from "../src/types";
import { COMPUTED_MARKER } from "../src/values";
import { resourceArgs, run } from "./helpers";

const good = {
    numberOfBrokerNodes: 3,
    encryptionInfo: { encryptionAtRestKmsKeyArn: COMPUTED_MARKER, encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
    clientAuthentication: { sasl: { scram: true, iam: false }, unauthenticated: false },
};
const msk = (over: Record<string, unknown> = {}) => resourceArgs(T.mskCluster, { ...good, ...over });

describe("msk-encryption-at-rest-cmk", () => {
    it("passes a customer key", async () => {
        assert.deepEqual((await run(mskEncryptionAtRest, msk())).violations, []);
    });
    it("flags no key and the AWS-managed key", async () => {
        assert.match((await run(mskEncryptionAtRest, msk({ encryptionInfo: {} }))).violations.join(), /falls back to the AWS-managed key/);
        const managed = msk({ encryptionInfo: { encryptionAtRestKmsKeyArn: "arn:aws:kms:us-east-1:1:alias/aws/kafka" } });
        assert.match((await run(mskEncryptionAtRest, managed)).violations.join(), /AWS-managed key/);
    });
});

describe("msk-tls-only", () => {
    it("passes TLS in transit", async () => {
        assert.deepEqual((await run(mskTlsOnly, msk())).violations, []);
    });
    it("flags TLS_PLAINTEXT", async () => {
        const mixed = msk({ encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT" } } });
        assert.match((await run(mskTlsOnly, mixed)).violations.join(), /"TLS_PLAINTEXT", must be "TLS"/);
    });
});

describe("msk-sasl-scram", () => {
    it("passes SCRAM without unauthenticated access", async () => {
        assert.deepEqual((await run(mskSaslScram, msk())).violations, []);
    });
    it("flags IAM-only with unauthenticated access", async () => {
        const o = await run(mskSaslScram, msk({ clientAuthentication: { sasl: { iam: true }, unauthenticated: true } }));
        assert.equal(o.violations.length, 2);
    });
});

describe("msk-broker-count", () => {
    it("passes 3 and 6", async () => {
        assert.deepEqual((await run(mskBrokerCount, msk({ numberOfBrokerNodes: 6 }))).violations, []);
        assert.deepEqual((await run(mskBrokerCount, msk())).violations, []);
    });
    it("flags 4", async () => {
        assert.match((await run(mskBrokerCount, msk({ numberOfBrokerNodes: 4 }))).violations.join(), /multiple of 3/);
    });
});
