import { writeFileSync } from "fs";
import { join } from "path";
import { packConfig } from "../pack-config";

// Regenerates config/prod.json and config/staging.json after a policy is added or renamed.
for (const env of ["prod", "staging"] as const) {
    const file = join(__dirname, "..", "..", "..", "config", `${env}.json`);
    writeFileSync(file, JSON.stringify(packConfig(env), null, 2) + "\n");
    console.log(`wrote ${file}`);
}
