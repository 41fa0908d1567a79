package io.milvuseks.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ECR side of the pull-through cache: a registry holds one pull-through cache rule and one repository creation
 * template per prefix (CreatePullThroughCacheRule fails with PullThroughCacheRuleAlreadyExistsException on a taken
 * prefix), so two stacks in one account and region must not share one. Which existing rule is this stack's: only
 * Pulumi state knows for sure; the evidence used here is what the stack writes into them, its credential secret's
 * name prefix (Docker Hub rule) and its templates' descriptions ("... images cached for &lt;cluster&gt;", registry's
 * ImageRegistry).
 */
public final class RegistryChecks {

    public static final String CACHE_RULES = "ecr cache rules";

    /** A rule as DescribePullThroughCacheRules lists it; {@code credentialArn} is null for an open upstream. */
    public record ExistingRule(String prefix, String upstreamUrl, String credentialArn) {
    }

    /** A template as DescribeRepositoryCreationTemplates lists it. */
    public record ExistingTemplate(String prefix, String description) {
    }

    private RegistryChecks() {
    }

    public static CheckResult cacheRules(PreflightPlan plan, Probe<List<ExistingRule>> rules,
                                         Probe<List<ExistingTemplate>> templates) {
        var wanted = plan.footprint().cacheRules();
        if (wanted.isEmpty()) {
            return CheckResult.ok(CACHE_RULES, "no pull-through cache: images from "
                    + plan.privateRegistry().orElse("the private registry"));
        }
        var prefixes = wanted.stream().map(Footprint.CacheRule::prefix).collect(Collectors.joining(", "));
        if (rules instanceof Probe.Refused<List<ExistingRule>> r
                && templates instanceof Probe.Refused<List<ExistingTemplate>> t) {
            return CheckResult.unverifiable(CACHE_RULES, "DescribePullThroughCacheRules gave no answer (" + r.why()
                    + "); DescribeRepositoryCreationTemplates gave no answer (" + t.why() + "); this stack creates "
                    + "rules and templates at " + prefixes + ", which no other rule or template of the registry may use");
        }
        var ownTemplate = " cached for " + plan.clusterName();
        var found = new ArrayList<String>();
        String fix = "set imageRegistry.ecrRepositoryPrefix to a prefix no rule or template of this registry uses "
                + "(the default is docker-hub-<stack>)";
        var existingRules = rules instanceof Probe.Answer<List<ExistingRule>> a ? a.value() : List.<ExistingRule>of();
        var existingTemplates = templates instanceof Probe.Answer<List<ExistingTemplate>> a ? a.value()
                : List.<ExistingTemplate>of();
        // this stack's own Docker Hub rule at another prefix: the configured prefix changed
        var dockerHub = wanted.get(0);
        Optional<ExistingRule> moved = existingRules.stream().filter(e -> ownsCredential(plan, e))
                .filter(e -> !e.prefix().equals(dockerHub.prefix())).findFirst();
        if (moved.isPresent()) {
            return CheckResult.problem(CACHE_RULES, "this stack's Docker Hub rule is at prefix '" + moved.get().prefix()
                    + "' (its credential is " + secretName(moved.get().credentialArn()) + "), the stack now asks for '"
                    + dockerHub.prefix() + "': the up would replace the rule and change every image reference, so "
                    + "every pod restarts and pulls again", "keep it: set imageRegistry.ecrRepositoryPrefix: "
                    + moved.get().prefix() + " (a stack created before the per-stack default was docker-hub)");
        }
        for (var rule : wanted) {
            var template = existingTemplates.stream().filter(t -> t.prefix().equals(rule.prefix())).findFirst();
            boolean templateOurs = template.map(t -> t.description() != null
                    && t.description().endsWith(ownTemplate)).orElse(false);
            existingRules.stream().filter(e -> e.prefix().equals(rule.prefix())).findFirst().ifPresent(e -> {
                boolean ours = e.credentialArn() != null ? ownsCredential(plan, e) : templateOurs;
                if (!ours) {
                    found.add("rule '" + e.prefix() + "' (" + e.upstreamUrl() + ") exists and is not this stack's"
                            + (e.credentialArn() != null ? " (its credential is " + secretName(e.credentialArn()) + ")"
                            : ""));
                }
            });
            template.filter(t -> !templateOurs).ifPresent(t -> found.add("repository creation template '"
                    + t.prefix() + "' exists and is not this stack's (" + (t.description() == null
                    ? "no description" : "\"" + t.description() + "\"") + ")"));
        }
        if (!found.isEmpty()) {
            return CheckResult.problem(CACHE_RULES, String.join("; ", found) + ": CreatePullThroughCacheRule would "
                    + "fail with PullThroughCacheRuleAlreadyExistsException", fix);
        }
        var unanswered = new ArrayList<String>();
        if (rules instanceof Probe.Refused<List<ExistingRule>> r) {
            unanswered.add("DescribePullThroughCacheRules gave no answer (" + r.why() + ")");
        }
        if (templates instanceof Probe.Refused<List<ExistingTemplate>> t) {
            unanswered.add("DescribeRepositoryCreationTemplates gave no answer (" + t.why() + ")");
        }
        if (!unanswered.isEmpty()) {
            return CheckResult.unverifiable(CACHE_RULES, String.join("; ", unanswered) + "; the rest holds nothing "
                    + "else at " + prefixes);
        }
        return CheckResult.ok(CACHE_RULES, prefixes + ": free or this stack's own (" + existingRules.size()
                + " rule(s), " + existingTemplates.size() + " template(s) in the registry)");
    }

    /** The rule's credential is a secret named with this stack's prefix (ARN: ...:secret:&lt;name&gt;-&lt;6 chars&gt;). */
    private static boolean ownsCredential(PreflightPlan plan, ExistingRule rule) {
        return rule.credentialArn() != null && secretName(rule.credentialArn()).startsWith(plan.stackSecretPrefix());
    }

    private static String secretName(String arn) {
        int at = arn.indexOf(":secret:");
        return at < 0 ? arn : arn.substring(at + ":secret:".length());
    }
}
