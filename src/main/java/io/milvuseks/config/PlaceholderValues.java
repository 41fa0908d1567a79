package io.milvuseks.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Values a stack file may carry as examples but a deployment must never apply: IPv4 ranges reserved for
 * documentation and benchmarking, which no real client sends from, and the committed stand-ins for secrets. A
 * committed example (staging's {@code 203.0.113.0/24}) keeps {@code plan} running, which prints each as a
 * {@code placeholder:} line; the real engine ({@code pulumi preview} and {@code pulumi up} alike) refuses them as
 * config errors, one line per key, because an EKS public endpoint limited to such a range is reachable from nowhere
 * and every Kubernetes resource would time out.
 *
 * <p>Secret stand-ins are plain text starting with {@link #SECRET_PREFIX}, not {@code secure: v1:...}: the Pulumi CLI
 * cannot decrypt a made-up ciphertext and stops at "validating stack config: bad value" without naming the key,
 * before the program runs. A plain value passes the CLI (Pulumi.yaml does not mark these keys {@code secret: true},
 * which would make the CLI stop at the first of them), and the program then names every one with the command that
 * replaces it. The stack-file reader ({@link StackFile}) treats them as secrets, so {@code plan} shows
 * {@code [secret]}.
 */
public final class PlaceholderValues {

    /** How a committed secret stand-in starts: {@code placeholder-run-pulumi-config-set-secret-<key>}. */
    public static final String SECRET_PREFIX = "placeholder-run-pulumi-config-set-secret";

    public static boolean isSecretPlaceholder(String value) {
        return value != null && value.startsWith(SECRET_PREFIX);
    }

    /** RFC 5737 TEST-NET-1/2/3 and RFC 2544's benchmarking block: never routed on the internet. */
    public static final List<String> DOCUMENTATION_RANGES = List.of(
            "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15");

    private PlaceholderValues() {
    }

    /**
     * The placeholders of a stack: each secret key that still holds its committed stand-in, then those in the
     * settings ({@link #problems(String, StackSettings)}); one problem per key, naming the command that replaces it.
     */
    public static List<ConfigProblem> problems(RawConfig raw, StackSettings settings) {
        var found = new ArrayList<ConfigProblem>();
        for (var key : ConfigKey.values()) {
            if (key.kind() == ConfigKey.Kind.SECRET && isSecretPlaceholder(raw.get(key.full(raw.project())).orElse(null))) {
                found.add(new ConfigProblem(key.full(raw.project()), "still holds the committed placeholder, not a "
                        + "secret; accepted: a secret value, set with: pulumi config set --secret " + key.key()
                        + " --stack " + raw.stack()));
            }
        }
        found.addAll(problems(raw.project(), settings));
        return found;
    }

    /** The placeholder values in these settings, one problem per value, naming the key and what to put instead. */
    public static List<ConfigProblem> problems(String project, StackSettings settings) {
        var found = new ArrayList<ConfigProblem>();
        for (var cidr : settings.cluster().publicAccessCidrs()) {
            documentationRange(cidr).ifPresent(range -> found.add(new ConfigProblem(
                    ConfigKey.PUBLIC_ACCESS_CIDRS.full(project), cidr + " is "
                    + (range.startsWith(cidr + " ") ? "" : "inside " + range.substring(0, range.indexOf(' ')) + ", ")
                    + "a reserved range" + range.substring(range.indexOf(' ')) + " no client connects from (a "
                    + "placeholder: the API endpoint would admit nobody); accepted: your office/VPN/CI egress CIDRs, "
                    + "or [] for a private endpoint only")));
        }
        return found;
    }

    /** The reserved range (with its RFC) that contains {@code cidr}, if any; a range merely overlapping is real. */
    static Optional<String> documentationRange(String cidr) {
        var parsed = Cidr.parse(cidr);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        for (var range : DOCUMENTATION_RANGES) {
            if (Cidr.parse(range).orElseThrow().contains(parsed.get())) {
                return Optional.of(range + (range.startsWith("198.18.") ? " (RFC 2544 benchmarking)"
                        : " (RFC 5737 documentation)"));
            }
        }
        return Optional.empty();
    }
}
