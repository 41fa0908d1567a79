package io.milvuseks.zones;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Availability-zone ids ({@code use1-az1}) versus names ({@code us-east-1a}). A name maps to a different physical
 * zone in each account; an id is the same place in every account ("AZ IDs ... are the same across accounts", AWS RAM
 * user guide, working-with-az-ids). So ids are what a reproducible stack file names.
 */
public final class ZoneIds {

    private static final Pattern ID = Pattern.compile("([a-z]{2,}[0-9]+)-az([0-9]+)");
    /** The direction words of region names and their letters in zone ids (us-east-1 → use1, ap-southeast-2 → apse2). */
    private static final Map<String, String> DIRECTIONS = Map.of("east", "e", "west", "w", "north", "n", "south", "s",
            "central", "c", "northeast", "ne", "northwest", "nw", "southeast", "se", "southwest", "sw");

    private ZoneIds() {
    }

    public static boolean isId(String zone) {
        return zone != null && ID.matcher(zone).matches();
    }

    /** A zone name of {@code region}: the region plus one letter. */
    public static boolean isNameOf(String region, String zone) {
        return zone != null && zone.matches(Pattern.quote(region) + "[a-z]");
    }

    /** The prefix of {@code region}'s zone ids ({@code use1}), or empty for a region whose words are not known. */
    public static Optional<String> regionCode(String region) {
        var parts = region.split("-");
        if (parts.length < 3) {
            return Optional.empty();
        }
        var code = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length - 1; i++) {
            if (parts[i].equals("gov")) {
                code.append('g');
                continue;
            }
            var letters = DIRECTIONS.get(parts[i]);
            if (letters == null) {
                return Optional.empty();
            }
            code.append(letters);
        }
        return Optional.of(code.append(parts[parts.length - 1]).toString());
    }

    /** A zone id of {@code region}; a region whose code is not known accepts any well-formed id. */
    public static boolean isIdOf(String region, String zone) {
        var m = ID.matcher(zone == null ? "" : zone);
        if (!m.matches()) {
            return false;
        }
        return regionCode(region).map(code -> code.equals(m.group(1))).orElse(true);
    }
}
