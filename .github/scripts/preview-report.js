// Publishes a `pulumi preview` log, whether the preview passed or failed: to the job summary (what the
// `production` approver reads) and, with PR_NUMBER set, as a PR comment. pulumi/actions v6 throws on a failed
// preview before it comments, so policy violations would never reach the PR; this runs in an `always()` step.
// Usage: node .github/scripts/preview-report.js <log file> <stack> <outcome>
// Env: GITHUB_STEP_SUMMARY, and for a comment PR_NUMBER, GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL.
"use strict";
const fs = require("node:fs");

/** GitHub refuses comment bodies over 65536 characters; the end of the log (policy results, errors) is kept. */
const MAX_BODY = 65000;

function body(log, stack, outcome) {
    const head = `### \`pulumi preview\` of ${stack}: ${outcome === "success" ? "passed" : "FAILED (" + outcome + ")"}\n\n`;
    const fence = "```";
    const room = MAX_BODY - head.length - 2 * fence.length - 64;
    const clean = log.replace(/\u001b\[[0-9;]*m/g, "").replace(/```/g, "'''");
    const text = clean.length > room ? "[... earlier output cut ...]\n" + clean.slice(clean.length - room) : clean;
    return `${head}${fence}\n${text}\n${fence}\n`;
}

async function main([file, stack, outcome]) {
    const log = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `(no output: ${file} was not written)`;
    const text = body(log, stack, outcome);
    if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, text);
    const pr = process.env.PR_NUMBER;
    if (!pr) return;
    const url = `${process.env.GITHUB_API_URL || "https://api.github.com"}/repos/${process.env.GITHUB_REPOSITORY}/issues/${pr}/comments`;
    const res = await fetch(url, {
        method: "POST",
        headers: {
            authorization: `Bearer ${process.env.GITHUB_TOKEN}`,
            accept: "application/vnd.github+json",
            "content-type": "application/json",
        },
        body: JSON.stringify({ body: text }),
    });
    if (!res.ok) throw new Error(`commenting on PR ${pr}: HTTP ${res.status} ${await res.text()}`);
}

module.exports = { body, MAX_BODY };

if (require.main === module) {
    main(process.argv.slice(2)).catch((e) => {
        console.error(e.message);
        process.exit(1);
    });
}
