package io.milvuseks.config;

import io.milvuseks.config.ConfigReader.Obj;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static io.milvuseks.config.ClusterSection.K8S_VERSION;

/** Running the stack: monitoring, backup, autoscaling, where images come from, secrets. */
final class OperationsSection {

    // ECR's pattern for a pull-through cache rule's ecrRepositoryPrefix (length 2..30, checked apart).
    private static final Pattern ECR_PREFIX = Pattern.compile(
            "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final int ECR_PREFIX_MAX = 30;
    // A Docker ID: 4..30 lower-case letters and digits.
    private static final Pattern DOCKER_ID = Pattern.compile("[a-z0-9]{4,30}");
    // host (with a dot, so it cannot be read as a Docker Hub namespace) [:port] [/path]; no scheme, no tag.
    private static final Pattern REGISTRY = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+(:\\d{1,5})?"
            + "(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Set<String> DOCKER_HUB_HOSTS = Set.of("docker.io", "index.docker.io", "registry-1.docker.io",
            "registry.hub.docker.com");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}");

    private final ConfigReader reader;

    OperationsSection(ConfigReader reader) {
        this.reader = reader;
    }

    MonitoringSettings monitoring(Environment env) {
        var key = reader.full(ConfigKey.MONITORING);
        var defaults = MonitoringSettings.defaults(env);
        var el = reader.json(ConfigKey.MONITORING);
        if (el.isEmpty()) {
            return defaults;
        }
        var obj = reader.new Obj(key, el.get(), Set.of("enabled", "alertEmail", "retentionDays", "searchP99Ms",
                "loadP99Minutes"));
        if (!obj.ok()) {
            return defaults;
        }
        boolean enabled = obj.bool("enabled", defaults.enabled());
        var email = obj.has("alertEmail")
                ? Optional.ofNullable(obj.string("alertEmail", null, EMAIL, "an e-mail address, e.g. oncall@example.com"))
                : Optional.<String>empty();
        int retention = obj.integer("retentionDays", defaults.retentionDays(), 1, 365);
        int searchP99 = obj.integer("searchP99Ms", defaults.searchP99Ms(), 1, 60_000);
        int loadP99 = obj.integer("loadP99Minutes", defaults.loadP99Minutes(), 1, 29);
        if (!enabled && email.isPresent()) {
            reader.problem(obj.path("alertEmail"),
                    "needs monitoring.enabled: true (alerts come from its Alertmanager); "
                    + "accepted: remove alertEmail, or enable monitoring");
        }
        return new MonitoringSettings(enabled, email, retention, searchP99, loadP99);
    }

    /** Scheduled milvus-backup runs (package backup); the schedule must be one Kubernetes runs. */
    BackupSettings backup(Environment env) {
        var defaults = BackupSettings.defaults(env);
        var obj = reader.json(ConfigKey.BACKUP).map(el -> reader.new Obj(reader.full(ConfigKey.BACKUP), el,
                Set.of("enabled", "schedule", "retentionDays", "restoreAccess"))).filter(Obj::ok).orElse(null);
        if (obj == null) {
            return defaults;
        }
        boolean enabled = obj.bool("enabled", defaults.enabled());
        var schedule = obj.string("schedule", defaults.schedule(), null, CronSchedule.ACCEPTED);
        if (!obj.reported("schedule") && CronSchedule.parse(schedule).isEmpty()) {
            reader.problem(obj.path("schedule"), "'" + schedule + "' is not a schedule Kubernetes runs; accepted: "
                    + CronSchedule.ACCEPTED);
            schedule = defaults.schedule();
        }
        int retention = obj.integer("retentionDays", defaults.retentionDays(), 1, BackupSettings.MAX_RETENTION_DAYS);
        boolean restoreAccess = obj.bool("restoreAccess", false);
        if (restoreAccess && !enabled && !obj.reported("enabled")) {
            // the grant is a policy on the backup job's role, which exists only with backups on
            reader.problem(obj.path("restoreAccess"), "true needs backups; accepted: false, or backup.enabled true");
        }
        return new BackupSettings(enabled, schedule, retention, restoreAccess);
    }

    /** Cluster Autoscaler for the data pool; its chart and image are pinned per Kubernetes minor. */
    AutoscalingSettings autoscaling(Environment env, String kubernetesVersion) {
        var defaults = AutoscalingSettings.defaults(env);
        var obj = reader.json(ConfigKey.AUTOSCALING).map(el -> reader.new Obj(reader.full(ConfigKey.AUTOSCALING), el,
                Set.of("enabled"))).filter(Obj::ok).orElse(null);
        var settings = obj == null ? defaults : new AutoscalingSettings(obj.bool("enabled", defaults.enabled()));
        // a version without an add-on row is already the one problem (cluster): not a second line for it here
        if (settings.enabled() && K8S_VERSION.matcher(kubernetesVersion).matches()
                && io.milvuseks.cluster.AddonVersions.forKubernetes(kubernetesVersion).isPresent()
                && io.milvuseks.autoscaling.AutoscalerVersions.forKubernetes(kubernetesVersion).isEmpty()) {
            reader.problem(reader.full(ConfigKey.AUTOSCALING),
                    "Cluster Autoscaler has no pinned release for Kubernetes "
                    + kubernetesVersion + " (autoscaling/AutoscalerVersions.java); accepted: kubernetesVersion "
                    + String.join(", ", io.milvuseks.autoscaling.AutoscalerVersions.kubernetesVersions())
                    + ", autoscaling.enabled: false, or add a row");
        }
        return settings;
    }

    /**
     * The registry.k8s.io and quay.io cache rules are named '<prefix>-k8s' and '<prefix>-quay' (Mirror): with the
     * images that need them, the prefix must leave room for the longest suffix. One line, for the longest.
     */
    void cacheRulePrefixes(ImageRegistrySettings registry, boolean monitoring, boolean autoscaling) {
        var prefix = registry == null ? null : registry.ecrRepositoryPrefix();
        if (prefix == null || registry.source() != ImageSource.ECR_PULL_THROUGH_CACHE
                || prefix.length() > ECR_PREFIX_MAX || !ECR_PREFIX.matcher(prefix).matches()) {
            return; // an invalid prefix is already the one problem
        }
        String suffix = monitoring ? io.milvuseks.registry.Mirror.QUAY_PREFIX_SUFFIX
                : autoscaling ? io.milvuseks.registry.Mirror.K8S_PREFIX_SUFFIX : null;
        if (suffix != null && prefix.length() + suffix.length() > ECR_PREFIX_MAX) {
            var upstream = monitoring ? "quay.io" : "registry.k8s.io";
            boolean byDefault = prefix.equals(ImageRegistrySettings.defaultEcrPrefix(reader.raw().stack()));
            reader.problem(reader.full(ConfigKey.IMAGE_REGISTRY) + ".ecrRepositoryPrefix",
                    (byDefault ? "the default docker-hub-<stack> " : "") + "'" + prefix + "' leaves no room for "
                    + "the " + upstream + " cache rule '" + prefix + suffix + "' (ECR: at most " + ECR_PREFIX_MAX
                    + " characters); accepted: at most " + (ECR_PREFIX_MAX - suffix.length()) + " characters with "
                    + (monitoring ? "monitoring.enabled" : "autoscaling.enabled"));
        }
    }

    /**
     * Where images come from (issue 12: Docker Hub refuses anonymous pulls at this scale). The ECR cache needs a
     * Docker Hub login: ECR's Docker Hub upstream requires credentials in Secrets Manager.
     */
    ImageRegistrySettings imageRegistry() {
        var key = reader.full(ConfigKey.IMAGE_REGISTRY);
        var members = Set.of("source", "ecrRepositoryPrefix", "dockerHubUsername", "privateRegistry");
        var obj = reader.json(ConfigKey.IMAGE_REGISTRY).map(e -> reader.new Obj(key, e, members)).filter(Obj::ok)
                .orElse(null);
        var tokenKey = reader.full(ConfigKey.DOCKER_HUB_ACCESS_TOKEN);
        var source = obj == null ? ImageSource.ECR_PULL_THROUGH_CACHE
                : obj.enumValue("source", ImageSource.class, ImageSource.ECR_PULL_THROUGH_CACHE);
        if (source == ImageSource.PRIVATE) {
            for (var m : List.of("ecrRepositoryPrefix", "dockerHubUsername")) {
                if (obj.has(m)) {
                    reader.problem(obj.path(m), "is only read with source ecrPullThroughCache; accepted: remove it");
                }
            }
            if (reader.raw().get(tokenKey).isPresent()) {
                reader.problem(tokenKey,
                        "is only read with imageRegistry.source ecrPullThroughCache; accepted: remove it "
                        + "(pulumi config rm dockerHubAccessToken)");
            }
            var registry = obj.string("privateRegistry", null, REGISTRY, "host[:port][/path], e.g. "
                    + "registry.example.com/dockerhub (no scheme, no tag)");
            if (registry != null && DOCKER_HUB_HOSTS.contains(registry.split("[:/]", 2)[0])) {
                reader.problem(obj.path("privateRegistry"),
                        "'" + registry + "' is Docker Hub itself; accepted: a registry "
                        + "that mirrors Docker Hub");
                registry = null;
            }
            return new ImageRegistrySettings(source, ImageRegistrySettings.defaultEcrPrefix(reader.raw().stack()),
                    Optional.empty(), Optional.ofNullable(registry));
        }
        // per stack: one rule and template per prefix and registry, so staging and prod in one account must differ
        String defaultPrefix = ImageRegistrySettings.defaultEcrPrefix(reader.raw().stack());
        String prefix = defaultPrefix;
        String username = null;
        String accepted = "a Docker ID (4..30 lower-case letters and digits) whose access token is the secret "
                + ConfigKey.DOCKER_HUB_ACCESS_TOKEN.key();
        if (obj == null) {
            reader.problem(key + ".dockerHubUsername", "is required; accepted: " + accepted);
        } else {
            if (obj.has("privateRegistry")) {
                reader.problem(obj.path("privateRegistry"), "is only read with source private; accepted: remove it, or "
                        + "set source: private");
            }
            prefix = obj.string("ecrRepositoryPrefix", defaultPrefix, ECR_PREFIX,
                    "2..30 characters: lower-case letters, digits, '.', '_', '-' and '/' between them");
            if (prefix.length() < 2 || prefix.length() > 30) {
                reader.problem(obj.path("ecrRepositoryPrefix"),
                        "'" + prefix + "' has " + prefix.length() + " characters; "
                        + "accepted: 2..30");
                prefix = defaultPrefix;
            }
            username = obj.string("dockerHubUsername", null, DOCKER_ID, accepted);
        }
        boolean explicit = obj != null && obj.has("ecrRepositoryPrefix");
        if (!explicit && (!ECR_PREFIX.matcher(prefix).matches() || prefix.length() > ECR_PREFIX_MAX)) {
            // a stack name ECR cannot take as a prefix ("Prod--1", a long name): no silent rewrite, set one
            reader.problem(key + ".ecrRepositoryPrefix", "the default docker-hub-<stack> is '" + prefix + "', which "
                    + "ECR refuses as a pull-through cache prefix; accepted: set ecrRepositoryPrefix (2..30 "
                    + "characters: lower-case letters, digits, '.', '_', '-' and '/' between them; a prefix no other "
                    + "stack in the account and region uses)");
        }
        secret(ConfigKey.DOCKER_HUB_ACCESS_TOKEN, true);
        return new ImageRegistrySettings(source, prefix, Optional.ofNullable(username), Optional.empty());
    }

    StackSettings.SecretsPresent secrets(MessageQueue queue) {
        boolean root = secret(ConfigKey.MILVUS_ROOT_PASSWORD, true);
        boolean scram = secret(ConfigKey.MSK_SCRAM_PASSWORD, queue == MessageQueue.MSK);
        return new StackSettings.SecretsPresent(root, scram);
    }

    private boolean secret(ConfigKey key, boolean required) {
        var k = reader.full(key);
        var value = reader.raw().get(k);
        if (value.isEmpty() || value.get().isEmpty()) {
            if (required) {
                reader.problem(k, "is required and missing; accepted: a secret value (" + key.accepted() + ")");
            }
            return false;
        }
        if (PlaceholderValues.isSecretPlaceholder(value.get())) {
            return true; // the committed stand-in: PlaceholderValues names it (a warning in plan, an error in up)
        }
        if (reader.raw().keysComplete() && !reader.raw().isSecret(k)) {
            reader.problem(k, "is stored in plain text; accepted: a secret value (" + key.accepted() + ")");
        }
        // Milvus refuses a root password outside proxy.minPasswordLength..maxPasswordLength (6..72) on first start;
        // the offline plan only sees the placeholder. The value itself is never printed.
        int length = value.get().length();
        if (key == ConfigKey.MILVUS_ROOT_PASSWORD && !value.get().equals(StackFile.SECRET_PLACEHOLDER)
                && (length < 6 || length > 72)) {
            reader.problem(k, "has " + length + " characters; accepted: 6..72 characters (Milvus' password limits)");
        }
        return true;
    }
}
