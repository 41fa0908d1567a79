import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";

const ROOT = join(__dirname, "..", "..", "..");
const text = (f: string) => readFileSync(join(ROOT, ".github", "workflows", f), "utf8");
const load = (f: string) => parse(text(f));

/**
 * The actions the workflows may use: the commit each is pinned to, the tag that commit carries (read from the
 * action's repository: `git rev-parse <tag>^{commit}`), and the inputs its action.yml declares at that commit.
 * A typo'd input is silently ignored by GitHub, so it is caught here; a moved tag cannot change what runs.
 */
const ACTIONS: Record<string, { sha: string; tag: string; inputs: string[] }> = {
    "actions/checkout": {
        sha: "11d5960a326750d5838078e36cf38b85af677262", tag: "v4.4.0",
        inputs: ["repository", "ref", "token", "fetch-depth", "path", "submodules", "persist-credentials"],
    },
    "actions/setup-java": {
        sha: "cf277c60eb25467037889841efdb72551f06f6c3", tag: "v4.9.1",
        inputs: ["distribution", "java-version", "java-version-file", "cache", "cache-dependency-path", "architecture"],
    },
    "actions/setup-node": {
        sha: "49933ea5288caeca8642d1e84afbd3f7d6820020", tag: "v4.4.0",
        inputs: ["node-version", "node-version-file", "cache", "cache-dependency-path", "registry-url"],
    },
    "actions/upload-artifact": {
        sha: "ea165f8d65b6e75b540449e92b4886f43607fa02", tag: "v4.6.2",
        inputs: ["name", "path", "retention-days", "if-no-files-found", "overwrite"],
    },
    "actions/download-artifact": {
        sha: "d3f86a106a0bac45b974a628896c90dbdf5c8093", tag: "v4.3.0",
        inputs: ["name", "path", "pattern", "merge-multiple"],
    },
    "aws-actions/configure-aws-credentials": {
        sha: "7474bc4690e29a8392af63c5b98e7449536d5c3a", tag: "v4.3.1",
        inputs: ["audience", "aws-region", "role-to-assume", "role-session-name", "role-duration-seconds",
            "mask-aws-account-id", "role-skip-session-tagging"],
    },
    "pulumi/actions": {
        sha: "8582a9e8cc630786854029b4e09281acd6794b58", tag: "v6.6.1",
        inputs: ["command", "stack-name", "pulumi-version", "work-dir", "comment-on-pr", "comment-on-pr-number",
            "comment-on-summary", "github-token", "cloud-url", "secrets-provider", "parallel", "message", "config-map",
            "expect-no-changes", "diff", "replace", "target", "target-dependents", "policyPacks", "policyPackConfigs",
            "refresh", "upsert", "remove", "edit-pr-comment", "color", "exclude-protected", "plan", "suppress-outputs",
            "suppress-progress", "always-include-summary", "continue-on-error"],
    },
};
/** The Pulumi CLI every job installs; the policy pack's @pulumi/pulumi is the same release. */
const PULUMI_VERSION = "3.248.0";
/** STS: a role session lasts at most 12 h, and only if the role's MaxSessionDuration allows it. */
const MAX_SESSION_SECONDS = 43200;

type Step = {
    uses?: string; run?: string; id?: string; if?: string; name?: string; "continue-on-error"?: boolean;
    "working-directory"?: string; with?: Record<string, unknown>; env?: Record<string, string>;
};
type Job = {
    steps: Step[]; needs?: string | string[]; environment?: string; permissions?: Record<string, string>;
    strategy?: { matrix: { stack: string[] } }; "timeout-minutes"?: number; "runs-on"?: string;
};

const action = (s: Step) => s.uses?.split("@")[0];
const jobs = (wf: { jobs: Record<string, Job> }) => Object.entries(wf.jobs);
function steps(wf: { jobs: Record<string, Job> }): Step[] {
    return Object.values(wf.jobs).flatMap((j) => j.steps);
}
const PREVIEW = /\bpulumi preview --stack\b/;
const pulumiPreviews = (job: Job) => job.steps.filter((s) => PREVIEW.test(s.run ?? ""));

for (const file of ["preview.yml", "deploy.yml"]) {
    describe(`${file}`, () => {
        const wf = load(file);
        it("parses, and uses only known actions with their real inputs", () => {
            assert.ok(wf.jobs && typeof wf.jobs === "object");
            for (const s of steps(wf)) {
                assert.ok(s.uses || s.run, "a step without uses or run");
                if (!s.uses) continue;
                const known = ACTIONS[action(s)!];
                assert.ok(known, `unknown action ${s.uses}`);
                for (const k of Object.keys(s.with ?? {})) {
                    assert.ok(known.inputs.includes(k), `${s.uses} has no input ${k}`);
                }
            }
        });
        it("pins every action by commit, with its tag in a comment, and the Pulumi CLI by version", () => {
            const lines = text(file).split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l));
            assert.ok(lines.length > 0);
            for (const line of lines) {
                const m = /uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40})\s+#\s*(v\d+\.\d+\.\d+)\s*$/.exec(line);
                assert.ok(m, `not pinned by commit with '# vX.Y.Z': ${line.trim()}`);
                const known = ACTIONS[m![1]];
                assert.ok(known, `unknown action ${m![1]}`);
                assert.equal(m![2], known.sha, `${m![1]} pinned to another commit than ${known.tag}`);
                assert.equal(m![3], known.tag, `${m![1]}@${m![2]} is ${known.tag}, not ${m![3]}`);
            }
            const pulumi = steps(wf).filter((s) => action(s) === "pulumi/actions");
            assert.ok(pulumi.length > 0);
            for (const s of pulumi) assert.equal(String(s.with?.["pulumi-version"]), PULUMI_VERSION);
            const lock = JSON.parse(readFileSync(join(ROOT, "policies", "package.json"), "utf8"));
            assert.equal(lock.dependencies["@pulumi/pulumi"], PULUMI_VERSION);
        });
        it("bounds every job in time, and gives AWS sessions that outlive their job", () => {
            for (const [name, job] of jobs(wf)) {
                const minutes = job["timeout-minutes"];
                assert.ok(Number.isInteger(minutes) && minutes! > 0, `${name} has no timeout-minutes`);
                // GitHub-hosted runners end a job at 6 h; longer jobs need the self-hosted CLUSTER_RUNNER
                if (job["runs-on"] === "ubuntu-latest") assert.ok(minutes! <= 360, `${name}: hosted runners stop at 6 h`);
                for (const s of job.steps.filter((x) => action(x) === "aws-actions/configure-aws-credentials")) {
                    const seconds = Number(s.with?.["role-duration-seconds"]);
                    assert.ok(seconds >= minutes! * 60, `${name}: a ${seconds} s session ends before its ` +
                        `${minutes}-minute timeout, and the provider does not renew credentials mid-apply`);
                    assert.ok(seconds <= MAX_SESSION_SECONDS, `${name}: STS allows at most ${MAX_SESSION_SECONDS} s`);
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
            assert.doesNotMatch(text(file), /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
            for (const [name, job] of jobs(wf)) {
                const usesAws = job.steps.some((s) => s.uses?.startsWith("aws-actions/"));
                if (usesAws) assert.equal(job.permissions?.["id-token"], "write", `${name} needs id-token: write`);
            }
            const pulumiSteps = steps(wf).filter((s) => s.with?.command || PREVIEW.test(s.run ?? ""));
            assert.ok(pulumiSteps.length > 0);
            for (const s of pulumiSteps) {
                assert.equal(s.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
            }
            for (const s of steps(wf).filter((x) => x.with?.command === "up")) {
                assert.equal(s.with?.policyPacks, "policies");
                const cfg = String(s.with?.policyPackConfigs);
                assert.ok(existsSync(join(ROOT, cfg)), `missing ${cfg}`);
            }
        });
    });
}

/** The preview step's policy pack and config paths, with ${{ matrix.stack }} as given. */
function packOf(run: string): { pack: string; config: string } {
    const pack = /--policy-pack\s+(\S+)/.exec(run)?.[1];
    const m = /--policy-pack-config\s+(?:"([^"]+)"|(\S+))/.exec(run);
    const config = m?.[1] ?? m?.[2];
    assert.ok(pack && config, `no --policy-pack / --policy-pack-config in: ${run}`);
    return { pack: pack!, config: config! };
}

/** The preview runs with continue-on-error, its report always follows, then the job fails on a failed preview. */
function reportsThenFails(job: Job, name: string) {
    const i = job.steps.findIndex((s) => PREVIEW.test(s.run ?? ""));
    const preview = job.steps[i];
    assert.ok(preview.id, `${name}: the preview step needs an id`);
    assert.equal(preview["continue-on-error"], true, `${name}: a failed preview must not skip the report`);
    assert.match(preview.run!, /set -o pipefail/);
    assert.match(preview.run!, /tee /);
    const report = job.steps.findIndex((s, k) => k > i && /\.github\/scripts\/preview-report\.js/.test(s.run ?? ""));
    assert.ok(report > i, `${name}: no report after the preview`);
    assert.match(String(job.steps[report].if), /always\(\)/);
    assert.match(job.steps[report].run!, new RegExp(`steps\\.${preview.id}\\.outcome`));
    const fail = job.steps.findIndex((s, k) => k > report && s.if === `steps.${preview.id}.outcome != 'success'`);
    assert.ok(fail > report, `${name}: the job must fail after reporting a failed preview`);
    assert.match(job.steps[fail].run!, /exit 1/);
}

describe("preview.yml on pull requests", () => {
    const wf = load("preview.yml");
    const job = wf.jobs.preview as Job;
    it("previews staging and prod with the pack and comments on the PR, also when the preview fails", () => {
        assert.ok(wf.on.pull_request);
        assert.deepEqual(job.strategy?.matrix.stack, ["staging", "prod"]);
        const [p] = pulumiPreviews(job);
        assert.match(p.run!, /--stack "\$\{\{ vars\.PULUMI_ORG \}\}\/\$\{\{ matrix\.stack \}\}"/);
        assert.equal(job.permissions?.["pull-requests"], "write");
        reportsThenFails(job, "preview");
        const report = job.steps.find((s) => /preview-report\.js/.test(s.run ?? ""))!;
        assert.equal(report.env?.PR_NUMBER, "${{ github.event.pull_request.number }}");
        assert.equal(report.env?.GITHUB_TOKEN, "${{ github.token }}");
    });
    it("loads the policy pack and its config from the base branch, not from the PR", () => {
        const base = job.steps.find((s) => action(s) === "actions/checkout" && s.with?.path);
        assert.ok(base, "no checkout of the base branch");
        assert.equal(base!.with?.ref, "${{ github.event.pull_request.base.sha }}");
        const dir = String(base!.with?.path);
        const { pack, config } = packOf(pulumiPreviews(job)[0].run!);
        assert.equal(pack, `${dir}/policies`);
        assert.equal(config, `${dir}/policies/config/\${{ matrix.stack }}.json`);
        const install = job.steps.find((s) => s["working-directory"] === `${dir}/policies`);
        assert.match(install?.run ?? "", /npm ci && npm run build/);
        for (const stack of ["staging", "prod"]) {
            assert.ok(existsSync(join(ROOT, "policies", "config", `${stack}.json`)));
        }
    });
});

describe("deploy.yml on push to main", () => {
    const wf = load("deploy.yml");
    it("ups staging, then previews prod with the pack, then ups prod behind the production environment", () => {
        assert.deepEqual(wf.on.push.branches, ["main"]);
        const staging = wf.jobs.staging as Job;
        const preview = wf.jobs["prod-preview"] as Job;
        const prod = wf.jobs.prod as Job;
        assert.equal(preview.needs, "staging");
        assert.equal(prod.needs, "prod-preview");
        assert.equal(prod.environment, "production");
        // its own environment: not gated by the production approval, and never the production credentials
        assert.ok(preview.environment && preview.environment !== "production");
        const [p] = pulumiPreviews(preview);
        assert.match(p.run!, /--stack "\$\{\{ vars\.PULUMI_ORG \}\}\/prod"/);
        assert.deepEqual(packOf(p.run!), { pack: "policies", config: "policies/config/prod.json" });
        reportsThenFails(preview, "prod-preview");
        // the post-merge preview dry-runs new Kubernetes objects: its own role (cluster admin through the stack's
        // prodPreviewRoleArn, read-only in IAM), neither the PR preview role nor the deploy role
        const roles = (job: Job) => job.steps.filter((s) => action(s) === "aws-actions/configure-aws-credentials")
            .map((s) => s.with?.["role-to-assume"]);
        assert.deepEqual(roles(preview), ["${{ vars.AWS_PROD_PREVIEW_ROLE_ARN }}"]);
        const prodStack = readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8");
        assert.match(prodStack, /^  milvus-eks:prodPreviewRoleArn: arn:aws:iam::\d{12}:role\/\S+$/m);
        for (const job of Object.values(load("preview.yml").jobs) as Job[]) {
            for (const role of roles(job)) assert.equal(role, "${{ vars.AWS_PREVIEW_ROLE_ARN }}", "PR previews stay read-only");
        }
        for (const [stack, job] of [["staging", staging], ["prod", prod]] as const) {
            const i = job.steps.findIndex((s) => action(s) === "pulumi/actions" && s.with?.command === "up");
            assert.ok(i >= 0, `no pulumi up in ${stack}`);
            // the upgrade check reads the stack's last outputs, recorded before the up (docs/upgrades.md)
            const record = job.steps.slice(0, i).find((s) => s.run?.includes("pulumi stack output"));
            assert.ok(record, `no recorded outputs before up ${stack}`);
            assert.match(record!.run!, /> "\$RUNNER_TEMP\/previous-outputs\.json"/);
            assert.equal(job.steps[i].env?.MILVUS_EKS_PREVIOUS_OUTPUTS, "${{ runner.temp }}/previous-outputs.json");
            if (stack === "prod") {
                // a prod upgrade starts from a fresh backup: the backup CronJob run and waited for, before the up
                const backup = job.steps.slice(0, i).find((s) => s.run?.includes("--from=cronjob/milvus-backup"));
                assert.ok(backup, "no pre-upgrade backup before up prod");
                // waited for until it completes OR fails: a failed backup ends the job at once (wait-job.sh below)
                assert.match(backup!.run!, /bash \.github\/scripts\/wait-job\.sh "\$ns" "pre-upgrade-\$GITHUB_RUN_ID" \d+/);
                assert.doesNotMatch(backup!.run!, /wait --for=condition=complete/);
                assert.match(backup!.run!, /milvusImageTag milvusChartVersion/);
            }
            assert.equal(job.steps[i].with?.["stack-name"], `\${{ vars.PULUMI_ORG }}/${stack}`);
            assert.equal(job.steps[i].with?.policyPackConfigs, `policies/config/${stack}.json`);
            const boot = job.steps.slice(i + 1).find((s) => s.run?.includes("bootstrap"));
            assert.ok(boot, `no bootstrap after up ${stack}`);
            assert.match(boot!.run!, new RegExp(`pulumi stack output --stack "\\$\\{\\{ vars.PULUMI_ORG \\}\\}/${stack}" --json --show-secrets`));
            assert.match(boot!.run!, new RegExp(`java -jar target/milvus-eks.jar bootstrap --stack ${stack} --outputs -`));
        }
    });
    it("gives the prod apply the longest session STS allows, for a first apply or a query-group roll", () => {
        const prod = wf.jobs.prod as Job;
        const creds = prod.steps.find((s) => action(s) === "aws-actions/configure-aws-credentials")!;
        assert.equal(Number(creds.with?.["role-duration-seconds"]), MAX_SESSION_SECONDS);
        assert.ok(prod["timeout-minutes"]! >= 600, "a 120-node query roll at 5 min a node takes 10 h");
    });
});

describe("CODEOWNERS", () => {
    it("requires the owners' review for the pack, its config and the workflows", () => {
        const path = join(ROOT, ".github", "CODEOWNERS");
        assert.ok(existsSync(path));
        const rules = readFileSync(path, "utf8").split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"))
            .map((l) => l.trim().split(/\s+/));
        for (const dir of ["/policies/", "/.github/"]) {
            const rule = rules.find((r) => r[0] === dir);
            assert.ok(rule && rule.length > 1 && rule.slice(1).every((o) => o.startsWith("@")), `no owner for ${dir}`);
        }
    });
});

describe("preview-report.js", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const report = require(join(ROOT, ".github", "scripts", "preview-report.js"));
    it("says whether the preview failed and keeps the end of a long log under GitHub's comment limit", () => {
        const log = "start\n" + "x".repeat(200_000) + "\nmandatory: [s3-sse-kms] bucket\n\u001b[31mred\u001b[0m\n";
        const body: string = report.body(log, "prod", "failure");
        assert.ok(body.length <= 65536, `${body.length} characters`);
        assert.match(body, /^### `pulumi preview` of prod: FAILED \(failure\)/);
        assert.match(body, /mandatory: \[s3-sse-kms\] bucket/);
        assert.match(body, /earlier output cut/);
        assert.doesNotMatch(body, /\u001b/);
        assert.doesNotMatch(body, /^start$/m);
        const ok: string = report.body("Resources: 3 unchanged\n", "staging", "success");
        assert.match(ok, /of staging: passed/);
        assert.match(ok, /Resources: 3 unchanged/);
        // a log cannot close the code block early
        assert.equal(report.body("a ``` b", "prod", "success").split("```").length, 3);
    });
});

describe("wait-job.sh (the pre-upgrade backup's wait)", () => {
    const script = join(ROOT, ".github", "scripts", "wait-job.sh");
    const hasJq = spawnSync("jq", ["--version"]).status === 0;
    /** A Job as the API server returns it, with these conditions True (others False). */
    const job = (...conditions: string[]) => JSON.stringify({
        apiVersion: "batch/v1", kind: "Job", metadata: { name: "pre-upgrade-7", namespace: "milvus" },
        status: {
            conditions: ["SuccessCriteriaMet", "FailureTarget", "Complete", "Failed"].filter((c) => conditions.includes(c)
                || c === "Complete").map((type) => ({
                type, status: conditions.includes(type) ? "True" : "False",
                ...(type === "Failed" ? { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" } : {}),
            })),
        },
    });
    /**
     * Runs the real script with a stand-in kubectl (no API server here): `get job/NAME -o json` answers the next of
     * `states` (the last one repeats), `logs` prints a log line and records its arguments.
     */
    function run(states: string[], timeout = "60") {
        const dir = mkdtempSync(join(tmpdir(), "wait-job-"));
        states.forEach((s, i) => writeFileSync(join(dir, `state-${i}.json`), s));
        writeFileSync(join(dir, "kubectl"), [
            "#!/usr/bin/env bash",
            "set -eu",
            "case \"$3\" in",
            "  get) n=$(cat \"$FAKE/polls\" 2>/dev/null || echo 0); echo $((n + 1)) > \"$FAKE/polls\"",
            "       f=\"$FAKE/state-$n.json\"; [ -f \"$f\" ] || f=$(ls \"$FAKE\"/state-*.json | sort -V | tail -1); cat \"$f\" ;;",
            "  logs) echo \"$*\" > \"$FAKE/logs-args\"; echo '[pod/pre-upgrade-7-abcde/backup] upload failed: AccessDenied' ;;",
            "  *) echo \"unexpected kubectl $*\" >&2; exit 3 ;;",
            "esac", ""].join("\n"), { mode: 0o755 });
        const r = spawnSync("bash", [script, "milvus", "pre-upgrade-7", timeout], {
            encoding: "utf8", timeout: 30_000,
            env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE: dir, WAIT_JOB_INTERVAL_SECONDS: "0" },
        });
        const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), "utf8").trim() : "");
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, polls: Number(read("polls")), logs: read("logs-args") };
    }
    it("ends at once with exit 1, the reason and the pods' log tail when the Job failed", { skip: !hasJq && "jq is not installed" }, () => {
        const r = run([job("FailureTarget", "Failed")]);
        assert.equal(r.status, 1, r.stderr);
        assert.equal(r.polls, 1, "a failed Job is not waited for");
        assert.match(r.stderr, /job\/pre-upgrade-7 failed \(BackoffLimitExceeded: Job has reached the specified backoff limit\)/);
        assert.match(r.stderr, /upload failed: AccessDenied/);
        assert.equal(r.logs, "-n milvus logs -l job-name=pre-upgrade-7 --all-containers --prefix --tail=100");
    });
    it("keeps polling a running Job and exits 0 once it completes", { skip: !hasJq && "jq is not installed" }, () => {
        const r = run([job(), job(), job("SuccessCriteriaMet", "Complete")]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.polls, 3);
        assert.match(r.stdout, /job\/pre-upgrade-7 complete/);
        assert.equal(r.logs, "");
    });
    it("gives up after its timeout with exit 1 and the log tail", { skip: !hasJq && "jq is not installed" }, () => {
        const r = run([job()], "0");
        assert.equal(r.status, 1);
        assert.match(r.stderr, /neither completed nor failed within 0 s/);
        assert.match(r.stderr, /upload failed/);
    });
});
