package io.milvuseks.registry;

import java.util.regex.Pattern;

/**
 * An image on Docker Hub, by its canonical repository path: official images carry the {@code library/} segment
 * ({@code nginx} is {@code library/nginx}), which an ECR pull-through cache needs in the path ("Docker Hub official
 * images require the library/ prefix", ECR user guide, pull-through-cache-working-pulling).
 *
 * @param path repository path on Docker Hub, always {@code namespace/name[/...]}
 * @param tag  the tag
 */
public record DockerHubImage(String path, String tag) {

    /** Docker's repository path grammar (distribution/reference): lower-case components joined by '/'. */
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String[] HUB_HOSTS = {"docker.io/", "index.docker.io/", "registry-1.docker.io/"};

    public DockerHubImage {
        var parts = path.split("/", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("'" + path + "' has no namespace (use parse for official images)");
        }
        for (var p : parts) {
            if (!COMPONENT.matcher(p).matches()) {
                throw new IllegalArgumentException("'" + path + "' is not a Docker repository path");
            }
        }
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a Docker tag");
        }
    }

    /**
     * Parses {@code [docker.io/]name[:tag]} as Docker does: a name without '/' is an official image
     * ({@code library/}); a first component with '.' or ':' (or {@code localhost}) is another registry, refused.
     */
    public static DockerHubImage parse(String reference) {
        var ref = reference;
        for (var host : HUB_HOSTS) {
            if (ref.startsWith(host)) {
                ref = ref.substring(host.length());
                break;
            }
        }
        int slash = ref.indexOf('/');
        var first = slash < 0 ? "" : ref.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            throw new IllegalArgumentException("'" + reference + "' is not on Docker Hub (registry " + first + ")");
        }
        if (ref.contains("@")) {
            throw new IllegalArgumentException("'" + reference + "': digests are not supported, use a tag");
        }
        int colon = ref.lastIndexOf(':');
        var name = colon > ref.lastIndexOf('/') && colon >= 0 ? ref.substring(0, colon) : ref;
        var tag = colon > ref.lastIndexOf('/') && colon >= 0 ? ref.substring(colon + 1) : "latest";
        return new DockerHubImage(name.contains("/") ? name : "library/" + name, tag);
    }

    public String reference() {
        return "docker.io/" + path + ":" + tag;
    }
}
