import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";

const ROOT = join(__dirname, "..", "..", "..");
const load = (f: string) => parse(readFileSync(join(ROOT, ".github", "workflows", f), "utf8"));

/**
 * The actions the workflows may use, with the inputs their action.yml declares at that major version
 * (pulumi/actions v6.6.1, aws-actions/configure-aws-credentials v4, actions/* v4). A typo'd input is silently
 * ignored by GitHub, so it is caught here.
 */
const ACTIONS: Record<string, string[]> = {
    "actions/checkout@v4": ["repository", "ref", "token", "fetch-depth", "path", "submodules"],
    "actions/setup-java@v4": ["distribution", "java-version", "java-version-file", "cache", "cache-dependency-path", "architecture"],
    "actions/setup-node@v4": ["node-version", "node-version-file", "cache", "cache-dependency-path", "registry-url"],
    "actions/upload-artifact@v4": ["name", "path", "retention-days", "if-no-files-found", "overwrite"],
    "actions/download-artifact@v4": ["name", "path", "pattern", "merge-multiple"],
    "aws-actions/configure-aws-credentials@v4": ["audience", "aws-region", "role-to-assume", "role-session-name", "role-duration-seconds", "mask-aws-account-id", "role-skip-session-tagging"],
    "pulumi/actions@v6": ["command", "stack-name", "pulumi-version", "work-dir", "comment-on-pr", "comment-on-pr-number", "comment-on-summary", "github-token", "cloud-url", "secrets-provider", "parallel", "message", "config-map", "expect-no-changes", "diff", "replace", "target", "target-dependents", "policyPacks", "policyPackConfigs", "refresh", "upsert", "remove", "edit-pr-comment", "color", "exclude-protected", "plan", "suppress-outputs", "suppress-progress", "always-include-summary", "continue-on-error"],
};

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { steps: Step[]; needs?: string | string[]; environment?: string; permissions?: Record<string, string>; strategy?: { matrix: { stack: string[] } } };

function steps(wf: { jobs: Record<string, Job> }): Step[] {
    return Object.values(wf.jobs).flatMap((j) => j.steps);
}

for (const file of ["preview.yml", "deploy.yml"]) {
    describe(`${file}`, () => {
        const wf = load(file);
        it("parses, and uses only known actions with their real inputs", () => {
            assert.ok(wf.jobs && typeof wf.jobs === "object");
            for (const s of steps(wf)) {
                assert.ok(s.uses || s.run, "a step without uses or run");
                if (!s.uses) continue;
                const inputs = ACTIONS[s.uses];
                assert.ok(inputs, `unknown action ${s.uses}`);
                for (const k of Object.keys(s.with ?? {})) {
                    assert.ok(inputs.includes(k), `${s.uses} has no input ${k}`);
                }
            }
        });
        it("builds with Maven, tests the pack and policy-checks both plans", () => {
            const runs = steps(wf).map((s) => s.run ?? "").join("\n");
            assert.match(runs, /\.\/mvnw -B verify/);
            assert.match(runs, /npm ci && npm test/);
            assert.match(runs, /plan --stack "\$stack" --quiet --json "target\/plan\/\$stack.json"/);
            assert.match(runs, /npm --prefix policies run check -- "?target\/plan\//);
        });
        it("authenticates to AWS through OIDC only, with the Pulumi token from secrets", () => {
            const text = readFileSync(join(ROOT, ".github", "workflows", file), "utf8");
            assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
            for (const [name, job] of Object.entries(wf.jobs as Record<string, Job>)) {
                const usesAws = job.steps.some((s) => s.uses?.startsWith("aws-actions/"));
                if (usesAws) assert.equal(job.permissions?.["id-token"], "write", `${name} needs id-token: write`);
            }
            for (const s of steps(wf).filter((x) => x.uses?.startsWith("pulumi/actions"))) {
                assert.equal(s.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
                assert.equal(s.with?.policyPacks, "policies");
                const cfg = String(s.with?.policyPackConfigs);
                for (const stack of ["staging", "prod"]) {
                    const path = cfg.replace("${{ matrix.stack }}", stack);
                    assert.ok(existsSync(join(ROOT, path)), `missing ${path}`);
                }
            }
        });
    });
}

describe("preview.yml on pull requests", () => {
    const wf = load("preview.yml");
    it("previews staging and prod and comments on the PR", () => {
        assert.ok(wf.on.pull_request);
        const job = wf.jobs.preview as Job;
        assert.deepEqual(job.strategy?.matrix.stack, ["staging", "prod"]);
        const p = job.steps.find((s) => s.uses === "pulumi/actions@v6")!;
        assert.equal(p.with?.command, "preview");
        assert.equal(p.with?.["stack-name"], "${{ vars.PULUMI_ORG }}/${{ matrix.stack }}");
        assert.equal(p.with?.["comment-on-pr"], true);
        assert.equal(job.permissions?.["pull-requests"], "write");
    });
});

describe("deploy.yml on push to main", () => {
    const wf = load("deploy.yml");
    it("ups staging, then prod behind the production environment, each followed by the bootstrap", () => {
        assert.deepEqual(wf.on.push.branches, ["main"]);
        const staging = wf.jobs.staging as Job;
        const prod = wf.jobs.prod as Job;
        assert.equal(prod.needs, "staging");
        assert.equal(prod.environment, "production");
        for (const [stack, job] of [["staging", staging], ["prod", prod]] as const) {
            const i = job.steps.findIndex((s) => s.uses === "pulumi/actions@v6");
            assert.equal(job.steps[i].with?.command, "up");
            assert.equal(job.steps[i].with?.["stack-name"], `\${{ vars.PULUMI_ORG }}/${stack}`);
            const boot = job.steps.slice(i + 1).find((s) => s.run?.includes("bootstrap"));
            assert.ok(boot, `no bootstrap after up ${stack}`);
            assert.match(boot!.run!, new RegExp(`pulumi stack output --stack "\\$\\{\\{ vars.PULUMI_ORG \\}\\}/${stack}" --json --show-secrets`));
            assert.match(boot!.run!, new RegExp(`java -jar target/milvus-eks.jar bootstrap --stack ${stack} --outputs -`));
        }
    });
});
