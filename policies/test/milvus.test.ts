import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { milvusAuthorization, milvusEtcdQuorum, milvusNoBundledMinio, milvusNoPlaintextSecrets, milvusProxyInternal, milvusS3Iam } from "../src/milvus";
import { T } from "../src/types";
import { SECRET_MARKER } from "../src/values";
import { resourceArgs, run } from "./helpers";

const good = {
    service: { type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" } },
    minio: { enabled: false },
    externalS3: { enabled: true, bucketName: "b", useIAM: true, cloudProvider: "aws" },
    etcd: { enabled: true, replicaCount: 3 },
    externalKafka: { enabled: true, sasl: { mechanisms: "SCRAM-SHA-512", username: "milvus" } },
    extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: true\n" },
};
const release = (values: Record<string, unknown>, stack = "prod", chart = "milvus") =>
    resourceArgs(T.helmRelease, { chart, version: "5.0.19", values: { ...good, ...values } }, { stack });

describe("milvus-no-bundled-minio", () => {
    it("passes external S3 in prod", async () => {
        assert.deepEqual((await run(milvusNoBundledMinio, release({}))).violations, []);
    });
    it("flags the chart default (MinIO on) in prod, not in staging", async () => {
        assert.match((await run(milvusNoBundledMinio, release({ minio: {} }))).violations.join(), /bundled MinIO in prod/);
        assert.deepEqual((await run(milvusNoBundledMinio, release({ minio: {} }, "staging"))).violations, []);
    });
});

describe("milvus-s3-iam", () => {
    it("passes useIAM without keys", async () => {
        assert.deepEqual((await run(milvusS3Iam, release({}))).violations, []);
    });
    it("flags static keys", async () => {
        const keyed = release({ externalS3: { enabled: true, useIAM: false, accessKey: "AKIAEXAMPLE", secretKey: SECRET_MARKER } });
        const v = (await run(milvusS3Iam, keyed)).violations.join("\n");
        assert.match(v, /useIAM is false/);
        assert.match(v, /externalS3.accessKey is set/);
        assert.match(v, /externalS3.secretKey is set/);
    });
});

describe("milvus-authorization", () => {
    it("passes authorizationEnabled true in user.yaml", async () => {
        assert.deepEqual((await run(milvusAuthorization, release({}))).violations, []);
    });
    it("flags a user.yaml without it", async () => {
        const off = release({ extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: false\n" } });
        assert.match((await run(milvusAuthorization, off)).violations.join(), /authorizationEnabled is false/);
    });
    it("cannot verify a secret user.yaml", async () => {
        const o = await run(milvusAuthorization, release({ extraConfigFiles: { "user.yaml": SECRET_MARKER } }));
        assert.deepEqual(o.violations, []);
        assert.equal(o.unverifiable.length, 1);
    });
    it("ignores releases of other charts", async () => {
        assert.deepEqual((await run(milvusAuthorization, release({ extraConfigFiles: {} }, "prod", "aws-load-balancer-controller"))).violations, []);
    });
});

describe("milvus-etcd-quorum", () => {
    it("passes 3", async () => {
        assert.deepEqual((await run(milvusEtcdQuorum, release({}))).violations, []);
    });
    it("flags 2 and 1", async () => {
        assert.match((await run(milvusEtcdQuorum, release({ etcd: { replicaCount: 2 } }))).violations.join(), /odd and ≥ 3/);
        assert.match((await run(milvusEtcdQuorum, release({ etcd: { replicaCount: 1 } }))).violations.join(), /odd and ≥ 3/);
    });
});

describe("milvus-no-plaintext-secrets", () => {
    it("passes references to a Kubernetes Secret: existingSecret, extraEnv valueFrom.secretKeyRef", async () => {
        const refs = release({
            auth: { existingSecret: "milvus-auth" },
            externalKafka: { sasl: { mechanisms: "SCRAM-SHA-512", username: "milvus" } },
            dataNode: { extraEnv: [{ name: "KAFKA_SASLPASSWORD", valueFrom: { secretKeyRef: { name: "milvus-credentials", key: "kafkaSaslPassword" } } }] },
        });
        assert.deepEqual(await run(milvusNoPlaintextSecrets, refs), { violations: [], unverifiable: [] });
    });
    it("flags a Pulumi secret in values: it arrives unwrapped (CrossGuard) or as [secret] (offline plan), and Helm stores it in plain text", async () => {
        for (const password of ["s3cr3t", SECRET_MARKER]) {
            const v = (await run(milvusNoPlaintextSecrets, release({ externalKafka: { sasl: { password } } }))).violations;
            assert.deepEqual(v, ["secret value in the release values at externalKafka.sasl.password: reference a Kubernetes Secret (secretKeyRef) instead"]);
        }
        const env = (await run(milvusNoPlaintextSecrets, release({ dataNode: { extraEnv: [{ name: "KAFKA_SASLPASSWORD", value: "s3cr3t" }, { name: "LOG_LEVEL", value: "info" }] } }))).violations;
        assert.deepEqual(env, ["secret value in the release values at dataNode.extraEnv.0.value (KAFKA_SASLPASSWORD): reference a Kubernetes Secret (secretKeyRef) instead"]);
        assert.doesNotMatch(milvusNoPlaintextSecrets.remediationSteps!, /Pulumi secrets? \(config --secret\)/);
        assert.match(milvusNoPlaintextSecrets.remediationSteps!, /secretKeyRef/);
    });
    it("flags a literal password in values and in user.yaml, without printing it", async () => {
        const leaky = release({
            externalKafka: { sasl: { password: "hunter2" } },
            extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: true\n    defaultRootPassword: Milvus\n" },
        });
        const v = (await run(milvusNoPlaintextSecrets, leaky)).violations;
        assert.deepEqual(v, [
            "secret value in the release values at externalKafka.sasl.password: reference a Kubernetes Secret (secretKeyRef) instead",
            "secret value in the release values at extraConfigFiles[\"user.yaml\"]:common.security.defaultRootPassword: reference a Kubernetes Secret (secretKeyRef) instead",
        ]);
        assert.ok(!v.join().includes("hunter2"));
    });
});

describe("milvus-proxy-internal", () => {
    it("passes an internal NLB and ClusterIP", async () => {
        assert.deepEqual((await run(milvusProxyInternal, release({}))).violations, []);
        assert.deepEqual((await run(milvusProxyInternal, release({ service: { type: "ClusterIP" } }))).violations, []);
    });
    it("flags an internet-facing load balancer and ingress", async () => {
        const open = release({ service: { type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" } } });
        assert.match((await run(milvusProxyInternal, open)).violations.join(), /internet-facing/);
        const ingress = release({ ingress: { enabled: true, annotations: { "alb.ingress.kubernetes.io/scheme": "internet-facing" } } });
        assert.match((await run(milvusProxyInternal, ingress)).violations.join(), /ingress enabled/);
    });
});
