package io.milvuseks.upgrade;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A release version, {@code major.minor.patch}, read from a Milvus image tag ({@code v2.6.15}, {@code v2.6.15-gpu})
 * or a chart version ({@code 5.0.19}). A suffix after {@code -} is a build flavour, not a different release.
 */
public record MilvusVersion(int major, int minor, int patch) implements Comparable<MilvusVersion> {

    private static final Pattern FORM = Pattern.compile("v?(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})(-[0-9A-Za-z.]+)?");
    private static final Comparator<MilvusVersion> ORDER = Comparator.comparingInt(MilvusVersion::major)
            .thenComparingInt(MilvusVersion::minor).thenComparingInt(MilvusVersion::patch);

    public MilvusVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version part");
        }
    }

    /** The version in a tag or chart version; empty when the text is not one. */
    public static Optional<MilvusVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MilvusVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }

    public boolean sameMinor(MilvusVersion o) {
        return major == o.major && minor == o.minor;
    }

    @Override
    public int compareTo(MilvusVersion o) {
        return ORDER.compare(this, o);
    }

    /** As an image tag: {@code v2.6.15}. */
    public String tag() {
        return "v" + this;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
