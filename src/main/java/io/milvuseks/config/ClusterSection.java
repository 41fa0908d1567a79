package io.milvuseks.config;

import io.milvuseks.config.ConfigReader.BadValue;
import io.milvuseks.config.ConfigReader.Obj;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.RoleFloor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

import static io.milvuseks.config.SettingsParser.MAX_PROD_PUBLIC_ADDRESSES;
import static io.milvuseks.config.SettingsParser.WIDEST_ENDPOINT_SOURCE_PREFIX;

/**
 * The EKS cluster and its node pools: kubernetesVersion, API endpoint access, access entries, nodePools.
 */
final class ClusterSection {

    static final Pattern K8S_VERSION = Pattern.compile("1\\.(3[0-4])");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");

    private final ConfigReader reader;

    ClusterSection(ConfigReader reader) {
        this.reader = reader;
    }

    ClusterSettings cluster(Environment env, NetworkSettings network) {
        var version = reader.stringKey(ConfigKey.KUBERNETES_VERSION, "1.33", K8S_VERSION);
        if (K8S_VERSION.matcher(version).matches()
                && io.milvuseks.cluster.AddonVersions.forKubernetes(version).isEmpty()) {
            reader.problem(reader.full(ConfigKey.KUBERNETES_VERSION),
                    version + " has no row in the managed add-on version table "
                    + "(cluster/AddonVersions.java); accepted: "
                    + String.join(", ", io.milvuseks.cluster.AddonVersions.kubernetesVersions())
                    + ", or add a row checked with aws eks describe-addon-versions");
        }
        var cidrs = reader.stringList(ConfigKey.PUBLIC_ACCESS_CIDRS, List.of());
        var parsedCidrs = new ArrayList<Cidr>();
        for (var c : cidrs) {
            var parsed = Cidr.parse(c);
            if (parsed.isEmpty()) {
                reader.problem(reader.full(ConfigKey.PUBLIC_ACCESS_CIDRS), "'" + c + "' is not an IPv4 CIDR; accepted: "
                        + ConfigKey.PUBLIC_ACCESS_CIDRS.accepted());
            } else {
                parsedCidrs.add(parsed.get());
            }
        }
        // Prod: the union, not each entry, is what the endpoint admits (0.0.0.0/1 + 128.0.0.0/1 is the internet).
        long admitted = Cidr.unionSize(parsedCidrs);
        if (env.isProd() && admitted > MAX_PROD_PUBLIC_ADDRESSES) {
            reader.problem(reader.full(ConfigKey.PUBLIC_ACCESS_CIDRS), "the list admits " + admitted + " addresses"
                    + (admitted == 1L << 32 ? " (the whole internet)" : "") + " to the API endpoint; accepted in "
                    + "prod: [] (private only) or office/VPN CIDRs admitting at most " + MAX_PROD_PUBLIC_ADDRESSES
                    + " addresses in total (a /16)");
        }
        var admins = reader.stringList(ConfigKey.ADMIN_ROLE_ARNS, List.of());
        for (var arn : admins) {
            if (!ROLE_ARN.matcher(arn).matches()) {
                reader.problem(reader.full(ConfigKey.ADMIN_ROLE_ARNS),
                        "'" + arn + "' is not an IAM role ARN; accepted: "
                        + "arn:aws:iam::<account>:role/<name>");
            }
        }
        var sources = privateEndpointSources(network);
        var deploy = roleArn(ConfigKey.DEPLOY_ROLE_ARN);
        var preview = roleArn(ConfigKey.PREVIEW_ROLE_ARN);
        var layer = reader.boolKey(ConfigKey.KUBERNETES_LAYER, true);
        accessEntryChecks(admins, deploy, preview, layer);
        var prodPreview = roleArn(ConfigKey.PROD_PREVIEW_ROLE_ARN);
        if (prodPreview.isPresent() && prodPreview.equals(preview)) {
            // PR previews run unreviewed branches with previewRoleArn: it must never gain the write rights a
            // server-side dry run needs (pulumi-kubernetes #2213: a dry run needs the verb it simulates)
            reader.problem(reader.full(ConfigKey.PROD_PREVIEW_ROLE_ARN), "'" + prodPreview.get() + "' is also "
                    + "previewRoleArn, which pull-request previews use and which must stay read-only; accepted: a "
                    + "role only deploy.yml's post-merge preview assumes (vars.AWS_PROD_PREVIEW_ROLE_ARN), or "
                    + "deployRoleArn");
        }
        var support = reader.scalar(ConfigKey.KUBERNETES_SUPPORT, KubernetesSupport.STANDARD,
                v -> ConfigReader.enumOf(KubernetesSupport.class, v)).orElse(KubernetesSupport.STANDARD);
        if (layer && sources.isEmpty() && cidrs.isEmpty()) {
            reader.problem(reader.full(ConfigKey.PRIVATE_ENDPOINT_SOURCES),
                    "[] with no public endpoint leaves nothing outside the "
                    + "cluster that can reach its API, so every Kubernetes resource would time out; accepted: "
                    + "the CIDR or security group of the runner that applies the stack (default [vpcCidr])");
        }
        return new ClusterSettings(version, cidrs, admins, sources, deploy, preview, layer, support, prodPreview);
    }

    /**
     * RFC 5737 TEST-NETs and RFC 2544's benchmark range: no real runner has these addresses, so a rule for one
     * admits nobody and the apply times out.
     */
    private static final List<Cidr> NOT_REAL_NETWORKS = List.of(Cidr.parse("192.0.2.0/24").orElseThrow(),
            Cidr.parse("198.51.100.0/24").orElseThrow(), Cidr.parse("203.0.113.0/24").orElseThrow(),
            Cidr.parse("198.18.0.0/15").orElseThrow());
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");

    private List<String> privateEndpointSources(NetworkSettings network) {
        var key = reader.full(ConfigKey.PRIVATE_ENDPOINT_SOURCES);
        var fallback = network.vpcCidr() == null ? List.<String>of() : List.of(network.vpcCidr());
        var sources = reader.stringList(ConfigKey.PRIVATE_ENDPOINT_SOURCES, fallback);
        var seen = new HashSet<String>();
        var accepted = ConfigKey.PRIVATE_ENDPOINT_SOURCES.accepted();
        for (var source : sources) {
            if (!seen.add(source)) {
                reader.problem(key, "lists '" + source + "' twice; accepted: each source once");
                continue;
            }
            if (SECURITY_GROUP_ID.matcher(source).matches()) {
                continue;
            }
            var cidr = Cidr.parse(source);
            if (cidr.isEmpty() || !cidr.get().toString().equals(source)) {
                reader.problem(key,
                        "'" + source + "' is neither an IPv4 CIDR nor a security group id; accepted: " + accepted);
            } else if (cidr.get().prefix() < WIDEST_ENDPOINT_SOURCE_PREFIX) {
                reader.problem(key,
                        source + " is broader than /" + WIDEST_ENDPOINT_SOURCE_PREFIX + " (0.0.0.0/0 and its "
                        + "halves admit every address routed to the VPC); accepted: " + accepted);
            } else if (NOT_REAL_NETWORKS.stream().anyMatch(n -> n.overlaps(cidr.get()))) {
                reader.problem(key,
                        source + " is a documentation or benchmark range (RFC 5737, RFC 2544), not a network "
                        + "a runner is in; accepted: " + accepted);
            }
        }
        return sources;
    }

    private Optional<String> roleArn(ConfigKey key) {
        return Optional.ofNullable(reader.scalar(key, null, s -> {
            if (!ROLE_ARN.matcher(s).matches()) {
                throw new BadValue("'" + s + "' is not an IAM role ARN");
            }
            return s;
        }).orElse(null));
    }

    /** EKS allows one access entry per principal; and with no creator grant, someone must be admin. */
    private void accessEntryChecks(List<String> admins, Optional<String> deploy, Optional<String> preview,
                                   boolean layer) {
        var byArn = new LinkedHashMap<String, String>();
        admins.forEach(a -> byArn.merge(a, ConfigKey.ADMIN_ROLE_ARNS.key(), (x, y) -> {
            reader.problem(reader.full(ConfigKey.ADMIN_ROLE_ARNS), "lists '" + a + "' twice; accepted: each role once");
            return x;
        }));
        for (var entry : List.of(Map.entry(ConfigKey.DEPLOY_ROLE_ARN, deploy), Map.entry(ConfigKey.PREVIEW_ROLE_ARN,
                preview))) {
            entry.getValue().ifPresent(arn -> {
                var other = byArn.putIfAbsent(arn, entry.getKey().key());
                if (other != null) {
                    reader.problem(reader.full(entry.getKey()),
                            "'" + arn + "' is also in " + other + "; accepted: a role that "
                            + "has no other access entry (EKS allows one per role)");
                }
            });
        }
        if (layer && deploy.isEmpty() && admins.isEmpty()
                && reader.raw().get(reader.full(ConfigKey.DEPLOY_ROLE_ARN)).isEmpty()) {
            reader.problem(reader.full(ConfigKey.DEPLOY_ROLE_ARN),
                    "is required when adminRoleArns is empty: the cluster grants its "
                    + "creator nothing, so without it no one could apply the Kubernetes resources; accepted: the IAM "
                    + "role ARN that runs pulumi up");
        }
    }

    Map<NodeRole, NodePool> nodePools(Environment env) {
        var pools = new EnumMap<NodeRole, NodePool>(NodeRole.class);
        var key = reader.full(ConfigKey.NODE_POOLS);
        var el = reader.json(ConfigKey.NODE_POOLS);
        if (reader.raw().get(key).isEmpty()) {
            reader.problem(key, "is required; accepted: " + ConfigKey.NODE_POOLS.accepted());
            return pools;
        }
        if (el.isEmpty()) {
            return pools;
        }
        var roles = new LinkedHashMap<String, NodeRole>();
        for (var r : NodeRole.values()) {
            roles.put(r.wire(), r);
        }
        var obj = reader.new Obj(key, el.get(), roles.keySet());
        if (!obj.ok()) {
            return pools;
        }
        for (var entry : roles.entrySet()) {
            var child = obj.child(entry.getKey(), Set.of("instanceType", "min", "desired", "max", "diskGiB"));
            if (child == null && obj.reported(entry.getKey())) {
                continue;
            }
            if (child == null) {
                reader.problem(obj.path(entry.getKey()), "is required; accepted: "
                        + "{instanceType, min, desired (optional: planner decides), max, diskGiB}");
                continue;
            }
            var role = entry.getValue();
            var type = child.string("instanceType", null, null, null);
            if (type != null) {
                var known = InstanceCatalog.ec2(type);
                if (known.isEmpty()) {
                    reader.problem(child.path("instanceType"),
                            "'" + type + "' is not an instance type the stack knows; "
                            + "accepted: " + String.join(", ", InstanceCatalog.ec2Names()));
                } else {
                    var floor = RoleFloor.of(env, role);
                    var misses = floor.shortfalls(known.get());
                    if (!misses.isEmpty()) {
                        reader.problem(child.path("instanceType"),
                                type + " misses the " + env.wire() + " " + role.wire()
                                + " floor (" + String.join(", ", misses) + "); accepted: a type with at least "
                                + floor);
                    }
                }
            }
            int min = child.integer("min", null, 1, 1000);
            int max = child.integer("max", null, 1, 1000);
            int pinned = child.integer("desired", 0, 1, 1000); // 0: absent (the planner decides)
            Integer desired = pinned > 0 ? pinned : null;
            int disk = child.integer("diskGiB", 100, 20, 16384);
            if (min > 0 && max > 0 && max < min) {
                reader.problem(child.path("max"), max + " is below min " + min + "; accepted: max >= min");
            }
            if (desired != null && desired > 0 && min > 0 && max > 0 && (desired < min || desired > max)) {
                reader.problem(child.path("desired"), desired + " is outside min..max (" + min + ".." + max + ")");
            }
            pools.put(role, new NodePool(type, Math.max(min, 0), desired == null || desired <= 0
                    ? OptionalInt.empty() : OptionalInt.of(desired), Math.max(max, 0), disk));
        }
        return pools;
    }
}
