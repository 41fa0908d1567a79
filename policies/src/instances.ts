import { Environment } from "./framework";

/**
 * EC2 facts the instance-floor policy needs, copied from the Java `InstanceCatalog` (vCPU, GiB, baseline Gbps).
 * Baseline, not the "up to" burst figure: segment loads and flushes outlast burst credits. A type missing here
 * fails the policy until its facts are added, so a typo or an unreviewed type cannot slip through.
 */
export interface InstanceFacts {
    vcpu: number;
    memoryGiB: number;
    baselineGbps: number;
}

export const INSTANCE_FACTS: Record<string, InstanceFacts> = {
    "m6i.xlarge": { vcpu: 4, memoryGiB: 16, baselineGbps: 1.562 },
    "m6i.2xlarge": { vcpu: 8, memoryGiB: 32, baselineGbps: 3.125 },
    "m6i.4xlarge": { vcpu: 16, memoryGiB: 64, baselineGbps: 6.25 },
    "m6i.8xlarge": { vcpu: 32, memoryGiB: 128, baselineGbps: 12.5 },
    "m7i.2xlarge": { vcpu: 8, memoryGiB: 32, baselineGbps: 3.125 },
    "m7i.4xlarge": { vcpu: 16, memoryGiB: 64, baselineGbps: 6.25 },
    "m6in.2xlarge": { vcpu: 8, memoryGiB: 32, baselineGbps: 12.5 },
    "m6in.4xlarge": { vcpu: 16, memoryGiB: 64, baselineGbps: 25 },
    "m6in.8xlarge": { vcpu: 32, memoryGiB: 128, baselineGbps: 50 },
    "m6idn.4xlarge": { vcpu: 16, memoryGiB: 64, baselineGbps: 25 },
    "m6idn.8xlarge": { vcpu: 32, memoryGiB: 128, baselineGbps: 50 },
    "r6i.2xlarge": { vcpu: 8, memoryGiB: 64, baselineGbps: 3.125 },
    "r6i.4xlarge": { vcpu: 16, memoryGiB: 128, baselineGbps: 6.25 },
    "r6i.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 12.5 },
    "r6in.4xlarge": { vcpu: 16, memoryGiB: 128, baselineGbps: 25 },
    "r6in.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 50 },
    "r6id.4xlarge": { vcpu: 16, memoryGiB: 128, baselineGbps: 6.25 },
    "r6idn.4xlarge": { vcpu: 16, memoryGiB: 128, baselineGbps: 25 },
    "i4i.4xlarge": { vcpu: 16, memoryGiB: 128, baselineGbps: 9.375 },
    "i4i.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 18.75 },
    "c6i.4xlarge": { vcpu: 16, memoryGiB: 32, baselineGbps: 6.25 },
    "c6in.4xlarge": { vcpu: 16, memoryGiB: 32, baselineGbps: 25 },
    // issue 24: the larger local-NVMe and the Graviton types of the Java catalog (Graviton pools are refused by the
    // program while the Milvus image's arm64 variant is unproven: capacity.CapacityCheck)
    "r6id.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 12.5 },
    "r6idn.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 50 },
    "i7i.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 25 },
    "m7g.4xlarge": { vcpu: 16, memoryGiB: 64, baselineGbps: 7.5 },
    "m7g.8xlarge": { vcpu: 32, memoryGiB: 128, baselineGbps: 15 },
    "m7gd.8xlarge": { vcpu: 32, memoryGiB: 128, baselineGbps: 15 },
    "r7g.4xlarge": { vcpu: 16, memoryGiB: 128, baselineGbps: 7.5 },
    "r7g.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 15 },
    "r7gd.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 15 },
    "r8g.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 15 },
    "r8gd.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 15 },
    "r8gn.4xlarge": { vcpu: 16, memoryGiB: 128, baselineGbps: 50 },
    "i8g.8xlarge": { vcpu: 32, memoryGiB: 256, baselineGbps: 25 },
    "c7g.8xlarge": { vcpu: 32, memoryGiB: 64, baselineGbps: 15 },
};

/** Java `RoleFloor`: the design card's floor for every Milvus role in prod; staging only needs pods to fit. */
export const ROLE_FLOORS: Record<Environment, InstanceFacts> = {
    prod: { vcpu: 16, memoryGiB: 64, baselineGbps: 10 },
    staging: { vcpu: 4, memoryGiB: 16, baselineGbps: 0 },
};

/** What the type misses, one phrase per shortfall; empty when it meets the floor. */
export function shortfalls(t: InstanceFacts, floor: InstanceFacts): string[] {
    const out: string[] = [];
    if (t.vcpu < floor.vcpu) out.push(`${t.vcpu} vCPU < ${floor.vcpu}`);
    if (t.memoryGiB < floor.memoryGiB) out.push(`${t.memoryGiB} GiB < ${floor.memoryGiB} GiB`);
    if (t.baselineGbps < floor.baselineGbps) out.push(`${t.baselineGbps} Gbps baseline < ${floor.baselineGbps} Gbps`);
    return out;
}
