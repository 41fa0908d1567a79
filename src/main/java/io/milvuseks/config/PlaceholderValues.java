package io.milvuseks.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Values a stack file may carry as examples but a deployment must never apply: IPv4 ranges reserved for
 * documentation and benchmarking, which no real client sends from. A committed example (staging's
 * {@code 203.0.113.0/24}) keeps {@code plan} running, which prints each as a {@code placeholder:} line; the real
 * engine ({@code pulumi up}/{@code preview}) refuses them as config errors, because an EKS public endpoint limited
 * to such a range is reachable from nowhere and every Kubernetes resource would time out.
 */
public final class PlaceholderValues {

    /** RFC 5737 TEST-NET-1/2/3 and RFC 2544's benchmarking block: never routed on the internet. */
    public static final List<String> DOCUMENTATION_RANGES = List.of(
            "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15");

    private PlaceholderValues() {
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
