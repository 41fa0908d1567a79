import { readFileSync } from "fs";
import { isAbsolute, resolve } from "path";
import { Environment } from "../framework";
import { evaluate, OfflineResult, PlanError, readPlan } from "../offline/plan";

const USAGE = "usage: npm --prefix policies run check -- <plan.json> [--environment prod|staging]";

/** Lines a reviewer reads: `policy  resource  message`, mandatory first. */
export function report(result: OfflineResult, source: string): string[] {
    const lines = [`policy check of ${source}: environment ${result.environment} (levels of config/${result.environment}.json)`];
    for (const level of ["mandatory", "advisory"] as const) {
        const fs = result.findings.filter((f) => f.level === level);
        if (fs.length > 0) {
            lines.push(`${level.toUpperCase()} (${fs.length}):`);
            fs.forEach((f) => lines.push(`  ${f.policy}  ${f.resource}  ${f.message}`));
        }
    }
    const m = result.findings.filter((f) => f.level === "mandatory").length;
    lines.push(`policy check: ${m} mandatory violation(s), ${result.findings.length - m} advisory finding(s); ${result.resources} resources, ${result.policies} policies`);
    return lines;
}

/** Exit 0 clean or advisory only, 1 a mandatory violation, 2 bad usage or an unreadable plan. */
export async function main(argv: string[], cwd: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
    let file: string | undefined;
    let env: Environment | undefined;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--environment" || a.startsWith("--environment=")) {
            const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
            if (v !== "prod" && v !== "staging") {
                err(`--environment must be prod or staging, got ${v ?? "nothing"}`);
                return 2;
            }
            env = v;
        } else if (a === "-h" || a === "--help") {
            out(USAGE);
            return 0;
        } else if (!file && !a.startsWith("-")) {
            file = a;
        } else {
            err(`unexpected argument ${a}\n${USAGE}`);
            return 2;
        }
    }
    if (!file) {
        err(USAGE);
        return 2;
    }
    const path = isAbsolute(file) ? file : resolve(cwd, file);
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (e) {
        err(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (make it with: java -jar target/milvus-eks.jar plan --stack <stack> --json <file>)`);
        return 2;
    }
    try {
        const result = await evaluate(readPlan(text, file), env);
        report(result, file).forEach(out);
        return result.findings.some((f) => f.level === "mandatory") ? 1 : 0;
    } catch (e) {
        if (e instanceof PlanError) {
            err(e.message);
            return 2;
        }
        throw e;
    }
}

if (require.main === module) {
    // npm runs scripts in the package folder; resolve paths against where the user typed the command.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    main(process.argv.slice(2), cwd, (s) => console.log(s), (s) => console.error(s)).then((code) => {
        process.exitCode = code;
    });
}
