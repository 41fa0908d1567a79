import { Environment } from "./framework";
import { allPolicies } from "./policies";

export interface PolicySettings {
    enforcementLevel: "mandatory" | "advisory" | "disabled";
    environment: Environment;
    [key: string]: unknown;
}

/**
 * The policy-pack config of an environment (`--policy-pack-config config/<env>.json`): prod makes every guard
 * policy mandatory, staging advisory; each policy is told the environment, for rules that only apply in prod.
 * The offline check reads levels from the same function, and a test keeps the committed files equal to it.
 */
export function packConfig(env: Environment): Record<string, PolicySettings> {
    const out: Record<string, PolicySettings> = {};
    for (const p of allPolicies) {
        const level = p.enforcementLevel === "advisory" || env !== "prod" ? "advisory" : "mandatory";
        out[p.name] = { enforcementLevel: level, environment: env };
    }
    return out;
}
