import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nodeGroupAzSpread, nodeGroupEncryptedVolumes, nodeGroupImdsv2, nodeGroupInstanceFloor, nodeGroupPrivateSubnets } from "../src/nodegroups";
import { T } from "../src/types";
import { COMPUTED_MARKER } from "../src/values";
import { run, Spec, stackArgs } from "./helpers";

// What CrossGuard hands a policy during `pulumi preview` for values not known yet (internal module of @pulumi/policy).
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<X>(x: X): X; unknownArrayValue: string; unknownStringValue: string };

const subnet = (name: string, az: string, isPublic = false): Spec => ({
    type: T.subnet, name,
    props: { availabilityZone: az, mapPublicIpOnLaunch: isPublic, tags: isPublic ? { "kubernetes.io/role/elb": "1" } : { "kubernetes.io/role/internal-elb": "1" } },
});
const privateSubnets = [subnet("pa", "us-east-1a"), subnet("pb", "us-east-1b"), subnet("pc", "us-east-1c")];
const lt = (props: Record<string, unknown>): Spec => ({ type: T.launchTemplate, name: "query-lt", props });
const goodLt = lt({
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3" } }],
});
const ng = (subnets: string[], extra: Partial<Spec> = {}): Spec => ({
    type: T.nodeGroup, name: "query",
    props: { subnetIds: subnets.map(() => COMPUTED_MARKER), instanceTypes: ["m6in.4xlarge"], labels: { "milvus.io/role": "query" }, launchTemplate: { id: COMPUTED_MARKER, version: "1" } },
    deps: { subnetIds: subnets, launchTemplate: ["query-lt"] },
    ...extra,
});

describe("nodegroup-private-subnets", () => {
    it("passes private subnets", async () => {
        assert.deepEqual((await run(nodeGroupPrivateSubnets, stackArgs([...privateSubnets, goodLt, ng(["pa", "pb", "pc"])]))).violations, []);
    });
    it("flags a public subnet", async () => {
        const o = await run(nodeGroupPrivateSubnets, stackArgs([...privateSubnets, subnet("public-a", "us-east-1a", true), goodLt, ng(["public-a", "pb", "pc"])]));
        assert.match(o.violations.join(), /uses public subnet public-a/);
    });
    it("under a real preview's unknown-value proxy, links through propertyDependencies", async () => {
        const args = stackArgs([...privateSubnets, subnet("public-a", "us-east-1a", true), goodLt, ng(["public-a", "pb", "pc"])]);
        const group = args.resources.find((r) => r.type === T.nodeGroup)!;
        group.props = proxy.unknownCheckingProxy({ ...group.props, subnetIds: proxy.unknownArrayValue });
        assert.match((await run(nodeGroupPrivateSubnets, args)).violations.join(), /public subnet public-a/);
    });
    it("says it cannot verify subnets it cannot link, instead of passing", async () => {
        const args = stackArgs([goodLt, { ...ng([]), props: { subnetIds: proxy.unknownArrayValue }, deps: {} }]);
        args.resources[1].props = proxy.unknownCheckingProxy(args.resources[1].props);
        const o = await run(nodeGroupPrivateSubnets, args);
        assert.deepEqual(o.violations, []);
        assert.match(o.unverifiable.join(), /subnetIds unknown/);
    });
});

describe("nodegroup-imdsv2", () => {
    it("passes httpTokens required", async () => {
        assert.deepEqual((await run(nodeGroupImdsv2, stackArgs([goodLt, ng([])]))).violations, []);
    });
    it("flags optional tokens, and a node group without launch template", async () => {
        const optional = lt({ metadataOptions: { httpTokens: "optional" } });
        assert.match((await run(nodeGroupImdsv2, stackArgs([optional, ng([])]))).violations.join(), /httpTokens is "optional"/);
        const bare = ng([], { deps: {} });
        bare.props = { ...bare.props, launchTemplate: undefined };
        assert.match((await run(nodeGroupImdsv2, stackArgs([bare]))).violations.join(), /no launch template: the EKS default allows IMDSv1/);
    });
});

describe("nodegroup-encrypted-volumes", () => {
    it("passes encrypted gp3 volumes", async () => {
        assert.deepEqual((await run(nodeGroupEncryptedVolumes, stackArgs([goodLt, ng([])]))).violations, []);
    });
    it("flags an unencrypted volume", async () => {
        const plain = lt({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] });
        assert.match((await run(nodeGroupEncryptedVolumes, stackArgs([plain, ng([])]))).violations.join(), /"\/dev\/xvda" ebs.encrypted is "false"/);
    });
});

describe("nodegroup-instance-floor", () => {
    // The stack's shape: the type lives in the launch template, the group names none.
    const group = (type: string, stack = "prod") => stackArgs([lt({ ...goodLt.props, instanceType: type }),
        ng([], { props: { labels: { "milvus.io/role": "query" }, launchTemplate: { id: COMPUTED_MARKER, version: "1" } } })], { stack });
    it("passes m6in.4xlarge in prod (25 Gbps baseline)", async () => {
        assert.deepEqual((await run(nodeGroupInstanceFloor, group("m6in.4xlarge"))).violations, []);
    });
    it("flags m6i.4xlarge in prod: 6.25 Gbps baseline, whatever its burst", async () => {
        assert.match((await run(nodeGroupInstanceFloor, group("m6i.4xlarge"))).violations.join(), /m6i.4xlarge for query nodes is below the prod floor.*6.25 Gbps baseline < 10 Gbps/);
    });
    it("uses the staging floor in staging, and rejects unknown types", async () => {
        assert.deepEqual((await run(nodeGroupInstanceFloor, group("m6i.2xlarge", "staging"))).violations, []);
        assert.match((await run(nodeGroupInstanceFloor, group("t3.micro", "staging"))).violations.join(), /not in the instance table/);
    });
    it("reads instanceTypes on the group when the group names them", async () => {
        const own = stackArgs([goodLt, ng([], { props: { instanceTypes: ["m6i.4xlarge"], labels: { "milvus.io/role": "query" }, launchTemplate: { id: COMPUTED_MARKER, version: "1" } } })]);
        assert.match((await run(nodeGroupInstanceFloor, own)).violations.join(), /m6i.4xlarge for query nodes is below the prod floor/);
    });
    it("flags a group whose template names no type: EKS would launch t3.medium", async () => {
        const o = await run(nodeGroupInstanceFloor, stackArgs([goodLt, ng([], { props: { labels: { "milvus.io/role": "query" }, launchTemplate: { id: COMPUTED_MARKER, version: "1" } } })]));
        assert.match(o.violations.join(), /neither the group \(instanceTypes\) nor its launch template \(instanceType\) names an instance type, so EKS launches t3.medium/);
        assert.deepEqual(o.unverifiable, []);
    });
    it("falls back to the launch template when instanceTypes is unknown (a new or replaced group at preview)", async () => {
        const props = (type: string) => [lt({ ...goodLt.props, instanceType: type }),
            ng([], { props: { instanceTypes: COMPUTED_MARKER, labels: { "milvus.io/role": "query" }, launchTemplate: { id: COMPUTED_MARKER, version: "1" } } })];
        const good = await run(nodeGroupInstanceFloor, stackArgs(props("m6in.4xlarge")));
        assert.deepEqual(good, { violations: [], unverifiable: [] });
        assert.match((await run(nodeGroupInstanceFloor, stackArgs(props("m6i.xlarge")))).violations.join(), /m6i.xlarge for query nodes is below the prod floor/);
        const bare = await run(nodeGroupInstanceFloor, stackArgs([ng([], { deps: {}, props: { instanceTypes: COMPUTED_MARKER } })]));
        assert.match(bare.violations.join(), /EKS launches t3.medium/);
    });
});

describe("nodegroup-az-spread", () => {
    it("passes three zones", async () => {
        assert.deepEqual((await run(nodeGroupAzSpread, stackArgs([...privateSubnets, goodLt, ng(["pa", "pb", "pc"])]))).violations, []);
    });
    it("flags two zones", async () => {
        const two = [...privateSubnets, subnet("pa2", "us-east-1a"), goodLt, ng(["pa", "pa2", "pb"])];
        assert.match((await run(nodeGroupAzSpread, stackArgs(two))).violations.join(), /spans 2 availability zone\(s\)/);
    });

    // Zone-pinned query groups (Java QueryZones): one per replica, each in its own zone's subnet.
    const pinned = (name: string, subnets: string[], zone: string, desired = 44): Spec => {
        const g = ng(subnets);
        return { ...g, name, props: { ...g.props, scalingConfig: { desiredSize: desired }, labels: { "milvus.io/role": "query", "milvus.io/query-group": zone } } };
    };
    const violations = async (specs: Spec[]) => (await run(nodeGroupAzSpread, stackArgs([...privateSubnets, goodLt, ...specs]))).violations.join("\n");

    it("passes one zone-pinned query group per replica, each in a distinct zone named by its label", async () => {
        assert.equal(await violations([pinned("q-a", ["pa"], "us-east-1a"), pinned("q-b", ["pb"], "us-east-1b")]), "");
        assert.equal(await violations([pinned("q-a", ["pa"], "us-east-1a"), pinned("q-b", ["pb"], "us-east-1b"), pinned("q-c", ["pc"], "us-east-1c")]), "");
    });
    it("matches the label against the subnet's zone id as well as its name", async () => {
        const byId = [subnet("ia", "us-east-1a"), subnet("ib", "us-east-1b")].map((x, i) => ({ ...x, props: { ...x.props, availabilityZone: undefined, availabilityZoneId: `use1-az${i + 1}` } }));
        const o = await run(nodeGroupAzSpread, stackArgs([...byId, goodLt, pinned("q-a", ["ia"], "use1-az1"), pinned("q-b", ["ib"], "use1-az2")]));
        assert.deepEqual(o.violations, []);
    });
    it("flags a zone-pinned group that is alone: every replica in one zone", async () => {
        assert.match(await violations([pinned("q-a", ["pa"], "us-east-1a")]), /only zone-pinned query group/);
    });
    it("flags two zone-pinned groups in the same zone", async () => {
        const v = await violations([pinned("q-a", ["pa"], "us-east-1a"), pinned("q-a2", ["pa"], "us-east-1a")]);
        assert.match(v, /q-a and q-a2 are zone-pinned query groups in the same zone \(us-east-1a\)/);
    });
    it("flags a zone-pinned group over two zones, and a label that names another zone", async () => {
        assert.match(await violations([pinned("q-a", ["pa", "pc"], "us-east-1a"), pinned("q-b", ["pb"], "us-east-1b")]), /q-a is zone-pinned .* spans 2 zone\(s\)/);
        assert.match(await violations([pinned("q-a", ["pa"], "us-east-1c"), pinned("q-b", ["pb"], "us-east-1b")]), /q-a: milvus.io\/query-group="us-east-1c" but its subnet is in us-east-1a/);
    });
    it("flags zone groups of different sizes: one of them is not a whole replica", async () => {
        assert.match(await violations([pinned("q-a", ["pa"], "us-east-1a", 44), pinned("q-b", ["pb"], "us-east-1b", 40)]), /desired 44\) and q-b \(desired 40\) hold replicas of different sizes/);
    });
    // Zone-pinned data groups beside them (Java QueryZones.alongside): each zone's streaming nodes in that zone.
    const pinnedData = (name: string, subnets: string[], zone: string, desired = 4): Spec => {
        const g = ng(subnets);
        return { ...g, name, props: { ...g.props, scalingConfig: { desiredSize: desired }, labels: { "milvus.io/role": "data", "milvus.io/data-group": zone } } };
    };
    it("passes one zone-pinned data group per replica beside the query groups", async () => {
        assert.equal(await violations([pinned("q-a", ["pa"], "us-east-1a"), pinned("q-b", ["pb"], "us-east-1b"),
            pinnedData("d-a", ["pa"], "us-east-1a"), pinnedData("d-b", ["pb"], "us-east-1b")]), "");
    });
    it("flags a lone, a misplaced or an uneven zone-pinned data group", async () => {
        assert.match(await violations([pinnedData("d-a", ["pa"], "us-east-1a")]), /only zone-pinned data group/);
        assert.match(await violations([pinnedData("d-a", ["pa"], "us-east-1c"), pinnedData("d-b", ["pb"], "us-east-1b")]), /d-a: milvus.io\/data-group="us-east-1c" but its subnet is in us-east-1a/);
        assert.match(await violations([pinnedData("d-a", ["pa"], "us-east-1a", 4), pinnedData("d-b", ["pb"], "us-east-1b", 3)]), /desired 4\) and d-b \(desired 3\)/);
    });
    it("still flags an unlabelled group in one zone beside a valid zone set", async () => {
        const data = { ...ng(["pa"]), name: "data", props: { ...ng(["pa"]).props, labels: { "milvus.io/role": "data" } } };
        assert.match(await violations([pinned("q-a", ["pa"], "us-east-1a"), pinned("q-b", ["pb"], "us-east-1b"), data]), /node group data spans 1 availability zone/);
    });
});
