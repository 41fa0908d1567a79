package io.milvuseks.registry;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.ecr.PullThroughCacheRule;
import com.pulumi.aws.ecr.PullThroughCacheRuleArgs;
import com.pulumi.aws.ecr.RepositoryCreationTemplate;
import com.pulumi.aws.ecr.RepositoryCreationTemplateArgs;
import com.pulumi.aws.ecr.inputs.RepositoryCreationTemplateEncryptionConfigurationArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.outputs.GetCallerIdentityResult;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.config.ImageSource;
import io.milvuseks.naming.Naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the nodes pull images from, so that no pod pulls from Docker Hub (anonymous pulls are limited per IP, and
 * a prod cluster sits behind three NAT addresses). With source ecrPullThroughCache: an ECR pull-through cache rule
 * for Docker Hub, its Docker Hub credential in a Secrets Manager secret under the AWS-managed aws/secretsmanager key
 * (the only key ECR reads it with), a repository creation template that encrypts the cached repositories with a
 * customer key of the stack, and the node role's right to import on a first pull. With source private: nothing to create; images are addressed to the configured registry.
 * Either way {@link #chartValues()} points every image the chart deploys at the mirror. With
 * {@code autoscaling.enabled} or monitoring on a second rule caches registry.k8s.io (Cluster Autoscaler's,
 * kube-state-metrics') under {@code <prefix>-k8s}, and with monitoring on a third caches quay.io (Prometheus and
 * the rest of kube-prometheus-stack) under {@code <prefix>-quay}, each encrypted by a template of its own with the
 * same key.
 */
public final class ImageRegistry extends ComponentResource {

    public static final String TYPE = "milvus-eks:registry:ImageRegistry";
    /** ECR's upstream URL for Docker Hub (CreatePullThroughCacheRule, upstreamRegistryUrl). */
    public static final String DOCKER_HUB_UPSTREAM = "registry-1.docker.io";
    /** ECR only reads pull-through credentials from secrets named with this prefix. */
    public static final String SECRET_PREFIX = "ecr-pullthroughcache/";
    static final int KMS_DELETION_WINDOW_DAYS = 30;

    private final Output<Map<String, Object>> chartValues;
    private final Output<List<String>> imageReferences;
    private final Output<Mirror> mirror;
    private final List<Resource> pullPrerequisites = new ArrayList<>();

    public ImageRegistry(String name, ImageRegistryArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var s = args.settings();
        var reg = s.imageRegistry();
        Output<Mirror> mirror;
        if (reg.source() == ImageSource.PRIVATE) {
            mirror = Output.of(new Mirror.Private(reg.privateRegistry().orElseThrow()));
        } else {
            // Known at preview: the invoke runs with the preview's credentials, so the plan shows the references.
            var account = AwsFunctions.getCallerIdentity().applyValue(GetCallerIdentityResult::accountId);
            mirror = account.applyValue(a -> new Mirror.EcrCache(a, s.region(), reg.ecrRepositoryPrefix()));
            pullThroughCache(args, account);
        }
        this.mirror = mirror;
        this.chartValues = mirror.applyValue(m -> ChartImages.values(s, m));
        this.imageReferences = mirror.applyValue(m -> java.util.stream.Stream.of(
                ChartImages.upstream(s).stream().map(i -> m.route(i).reference()),
                ChartImages.k8sUpstream(s).stream().map(i -> m.route(i).reference()),
                ChartImages.quayUpstream(s).stream().map(i -> m.route(i).reference()))
                .flatMap(x -> x).toList());
        registerOutputs(Map.of("imageReferences", imageReferences));
    }

    private void pullThroughCache(ImageRegistryArgs args, Output<String> account) {
        var s = args.settings();
        var naming = args.naming();
        var prefix = s.imageRegistry().ecrRepositoryPrefix();
        var region = s.region();
        var protect = s.prod();

        // The cached repositories' key (the repository creation templates below); the credential secret does not
        // use it. Same logical name as when it also encrypted the secret: an existing stack keeps its key.
        var key = new Key(naming.name("registry-key"), KeyArgs.builder()
                .description("Image cache of " + naming.clusterName())
                .enableKeyRotation(true)
                .deletionWindowInDays(KMS_DELETION_WINDOW_DAYS)
                .policy(account.applyValue(a -> RegistryPolicies.cacheKey(a, region)))
                .tags(naming.tags(naming.name("registry-key")))
                .build(), opts(protect));

        // namePrefix: a deleted secret's name stays reserved for its recovery window, so a fixed name would make
        // a replacement fail; the provider appends a unique suffix after the required prefix.
        // No kmsKeyId: "You must use the default aws/secretsmanager encryption key to encrypt your secret" (ECR user
        // guide, pull-through-cache-creating-secret); with a customer key the rule's first pull cannot read the
        // credential and every image stays in ImagePullBackOff. The secretsmanager-cmk policy exempts this prefix.
        // A secret created under a customer key keeps it when kmsKeyId is removed (the provider's UpdateSecret
        // sends no key then): preflight's pull-through secret line names it with the one command that moves it.
        var secret = new Secret(naming.name("docker-hub-credential"), SecretArgs.builder()
                .namePrefix(credentialSecretPrefix(naming))
                .description("Docker Hub login the ECR pull-through cache of " + naming.clusterName() + " uses")
                .tags(naming.tags(naming.name("docker-hub-credential")))
                .build(), opts(protect));
        var username = s.imageRegistry().dockerHubUsername().orElseThrow();
        var token = args.dockerHubAccessToken().orElseThrow();
        var version = new SecretVersion(naming.name("docker-hub-credential"), SecretVersionArgs.builder()
                .secretId(secret.id())
                .secretString(token.applyValue(t -> RegistryPolicies.dockerHubCredential(username, t))
                        .asSecret())
                .build(), opts(false));

        var rule = new PullThroughCacheRule(naming.name("docker-hub-cache"), PullThroughCacheRuleArgs.builder()
                .ecrRepositoryPrefix(prefix)
                .upstreamRegistryUrl(DOCKER_HUB_UPSTREAM)
                .credentialArn(secret.arn())
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(version).build());

        var templateRole = new Role(naming.name("ecr-template"), RoleArgs.builder()
                .assumeRolePolicy(RegistryPolicies.ecrTrust())
                .description("ECR applies the cache repositories' KMS key and tags with this role")
                .tags(naming.tags(naming.name("ecr-template")))
                .build(), opts(false));
        // registry.k8s.io images (Cluster Autoscaler, kube-state-metrics) and quay.io images (Prometheus and the
        // rest of monitoring) come through rules of their own; no credential: both upstreams are open
        var k8s = !ChartImages.k8sUpstream(s).isEmpty();
        var quay = !ChartImages.quayUpstream(s).isEmpty();
        var k8sPrefix = prefix + Mirror.K8S_PREFIX_SUFFIX;
        var quayPrefix = prefix + Mirror.QUAY_PREFIX_SUFFIX;
        var prefixes = new ArrayList<>(List.of(prefix));
        if (k8s) {
            prefixes.add(k8sPrefix);
        }
        if (quay) {
            prefixes.add(quayPrefix);
        }
        var allPrefixes = List.copyOf(prefixes);
        var templatePolicy = new RolePolicy(naming.name("ecr-template"), RolePolicyArgs.builder()
                .role(templateRole.name())
                .policy(Output.tuple(account, key.arn()).applyValue(t ->
                        RegistryPolicies.templateRole(region, t.t1, allPrefixes, t.t2)))
                .build(), opts(false));
        var template = new RepositoryCreationTemplate(naming.name("docker-hub-cache"),
                RepositoryCreationTemplateArgs.builder()
                        .prefix(prefix) // the rule's prefix (ECR user guide, repository-creation-templates)
                        .appliedFors("PULL_THROUGH_CACHE")
                        .description("Docker Hub images cached for " + naming.clusterName())
                        .encryptionConfigurations(RepositoryCreationTemplateEncryptionConfigurationArgs.builder()
                                .encryptionType("KMS").kmsKey(key.arn()).build())
                        .customRoleArn(templateRole.arn())
                        // the cache refreshes a tag from upstream, so tags must stay mutable
                        .imageTagMutability("MUTABLE")
                        .resourceTags(naming.tags())
                        .build(), CustomResourceOptions.builder().parent(this).dependsOn(templatePolicy).build());

        var nodePolicy = new RolePolicy(naming.name("nodes-pull-through"), RolePolicyArgs.builder()
                .role(args.nodeRoleArn().applyValue(ImageRegistry::roleName))
                .policy(account.applyValue(a -> RegistryPolicies.nodePullThrough(region, a, allPrefixes)))
                .build(), opts(false));
        pullPrerequisites.addAll(List.of(rule, template, nodePolicy));
        if (k8s) {
            openUpstream("k8s-cache", k8sPrefix, K8sImage.UPSTREAM, key, templateRole, templatePolicy, naming);
        }
        if (quay) {
            openUpstream("quay-cache", quayPrefix, QuayImage.UPSTREAM, key, templateRole, templatePolicy, naming);
        }
    }

    /** A cache rule for an upstream that needs no credential, and its template: the same key, role and tags. */
    private void openUpstream(String name, String prefix, String upstream, Key key, Role templateRole,
                              RolePolicy templatePolicy, Naming naming) {
        pullPrerequisites.add(new PullThroughCacheRule(naming.name(name), PullThroughCacheRuleArgs.builder()
                .ecrRepositoryPrefix(prefix)
                .upstreamRegistryUrl(upstream)
                .build(), opts(false)));
        pullPrerequisites.add(new RepositoryCreationTemplate(naming.name(name),
                RepositoryCreationTemplateArgs.builder()
                        .prefix(prefix)
                        .appliedFors("PULL_THROUGH_CACHE")
                        .description(upstream + " images cached for " + naming.clusterName())
                        .encryptionConfigurations(RepositoryCreationTemplateEncryptionConfigurationArgs.builder()
                                .encryptionType("KMS").kmsKey(key.arn()).build())
                        .customRoleArn(templateRole.arn())
                        .imageTagMutability("MUTABLE")
                        .resourceTags(naming.tags())
                        .build(), CustomResourceOptions.builder().parent(this).dependsOn(templatePolicy).build()));
    }

    /**
     * The name prefix of the stack's Docker Hub credential secret; the provider appends a unique suffix. Preflight
     * finds the secret by it, so both read it from here.
     */
    public static String credentialSecretPrefix(Naming naming) {
        return SECRET_PREFIX + naming.name("docker-hub") + "-";
    }

    /** The role name of an IAM role ARN ({@code arn:aws:iam::<account>:role[/path]/<name>}). */
    static String roleName(String roleArn) {
        int colon = roleArn.lastIndexOf(':');
        if (colon < 0 || !roleArn.startsWith("role/", colon + 1)) {
            throw new IllegalArgumentException("'" + roleArn + "' is not an IAM role ARN");
        }
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    private CustomResourceOptions opts(boolean protect) {
        return CustomResourceOptions.builder().parent(this).protect(protect).build();
    }

    /** Where every image is pulled from: for images outside the Milvus chart (jobs, monitoring). */
    public Output<Mirror> mirror() {
        return mirror;
    }

    /** Chart values laid over Milvus' own: every image the chart deploys, addressed to the mirror. */
    public Output<Map<String, Object>> chartValues() {
        return chartValues;
    }

    /** The full image references the chart values name (heaptrack's only pulled if enabled), for the plan. */
    public Output<List<String>> imageReferences() {
        return imageReferences;
    }

    /** What must exist before a pod pulls: the cache rule, its template and the node role's import grant. */
    public List<Resource> pullPrerequisites() {
        return List.copyOf(pullPrerequisites);
    }
}
