package io.milvuseks.cli;

import io.milvuseks.config.PlaceholderValues;
import io.milvuseks.preflight.AwsAccount;
import io.milvuseks.preflight.CheckResult;
import io.milvuseks.preflight.Checks;
import io.milvuseks.preflight.Preflight;
import io.milvuseks.preflight.PreflightPlan;
import io.milvuseks.preflight.Status;
import io.milvuseks.preflight.WorkflowSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {
            "Before `pulumi up`: asks the AWS account (your default AWS credentials, read-only calls) what it would "
                    + "refuse. One line per check: ok, problem (with the fix) or unverifiable (the API refused or "
                    + "does not exist: never a silent pass). Checks: the stack file's placeholders, zones (ids "
                    + "EKS/MSK accept), instance types offered in every zone, the On-Demand vCPU quota at the pools' "
                    + "max sizes and during a node-group roll, Elastic IPs, VPCs, internet and NAT gateways and gp3 "
                    + "storage against the account's usage, EKS's support of the Kubernetes version and the pinned "
                    + "add-on versions, the deploy role's session against what deploy.yml requests, the pull-through "
                    + "credential secret, the ECR cache rules and templates at the stack's prefixes, and the cluster "
                    + "endpoint (reachable from here, or a first apply that could reach it).",
            "Exit codes: 0 no problem, 1 a check found a problem, 2 invalid config or usage."})
public final class PreflightCommand implements Callable<Integer> {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--endpoint-url", description = "Send every AWS call to this endpoint (a test emulator such as "
            + "moto), instead of AWS.")
    URI endpointUrl;

    @Option(names = "--deploy-role-arn", description = "The role `pulumi up` runs as (CI's deploy role): its "
            + "MaxSessionDuration is checked against the expected apply time. Default: the stack's deployRoleArn.")
    String deployRoleArn;

    @Option(names = "--pull-through-secret", description = "A user-managed Secrets Manager secret for the ECR "
            + "pull-through credential (" + Checks.PULL_THROUGH_PREFIX + "...), checked by this exact name. Default: "
            + "the secret the stack creates (" + Checks.PULL_THROUGH_PREFIX + "<project>-<stack>-docker-hub-<suffix>), "
            + "found by its prefix.")
    String pullThroughSecret;

    @Option(names = "--inside-vpc", description = "This machine runs where privateEndpointSources admits it (a runner "
            + "in the stack's existing VPC): a first apply with a private endpoint and the Kubernetes layer can reach "
            + "the API. Preflight cannot tell its own address; without this flag that combination is a problem.")
    boolean insideVpc;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (deployRoleArn != null && !ROLE_ARN.matcher(deployRoleArn).matches()) {
            err.println("error: preflight: --deploy-role-arn '" + deployRoleArn + "' is not an IAM role ARN; accepted: "
                    + "arn:aws:iam::<account>:role/<name>");
            return Cli.INVALID;
        }
        var loaded = stack.load(err, "nothing was checked.");
        if (loaded == null) {
            return Cli.INVALID;
        }
        // The option wins; else the stack's deployRoleArn (PreflightPlan.of).
        // The session CI requests for this stack: deploy.yml under --dir is the one source (WorkflowSession).
        var plan = PreflightPlan.of(loaded.settings(), Optional.ofNullable(deployRoleArn),
                Optional.ofNullable(pullThroughSecret), WorkflowSession.forStack(stack.dir, stack.stack), insideVpc);
        // What `pulumi preview`/`up` would refuse before any AWS call: each placeholder, one line per key.
        var results = new java.util.ArrayList<CheckResult>();
        PlaceholderValues.problems(loaded.raw(), loaded.settings()).forEach(p -> results.add(new CheckResult(
                Checks.PLACEHOLDER, Status.PROBLEM, p.key() + ": " + p.message())));
        try (var aws = new AwsAccount(plan.region(), Optional.ofNullable(endpointUrl))) {
            results.addAll(Preflight.run(plan, aws));
        }
        results.forEach(r -> out.println(r.line()));
        long problems = results.stream().filter(r -> r.status() == Status.PROBLEM).count();
        long unverifiable = results.stream().filter(r -> r.status() == Status.UNVERIFIABLE).count();
        out.println("preflight " + stack.stack + ": " + problems + " problem(s), " + unverifiable + " unverifiable, "
                + (results.size() - problems - unverifiable) + " ok");
        return Checks.passed(results) ? Cli.OK : Cli.FAILED;
    }
}
