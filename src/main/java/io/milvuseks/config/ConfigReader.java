package io.milvuseks.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads single keys of a {@link RawConfig} (scalars, JSON values, lists, maps via {@link Obj}) and collects every
 * problem, one line per key; the sections share one reader, so problems keep the order they are found in.
 */
final class ConfigReader {

    private final RawConfig raw;
    private final String ns;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigReader(RawConfig raw) {
        this.raw = raw;
        this.ns = raw.project();
    }

    RawConfig raw() {
        return raw;
    }

    /** The project namespace keys are read under (milvus-eks:KEY). */
    String ns() {
        return ns;
    }

    /** Every problem reported so far, in the order reported. */
    List<ConfigProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    String full(ConfigKey key) {
        return key.full(ns);
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(key, message));
    }

    /**
     * The raw value of a non-secret key, or empty when absent; an empty value, or one stored as a secret, is a
     * problem (the key is then treated as absent, so one mistake gives one line).
     */
    Optional<String> value(ConfigKey key) {
        var k = full(key);
        var value = raw.get(k);
        if (value.isEmpty()) {
            return value;
        }
        if (raw.isSecret(k)) {
            problem(k, "is stored as a secret; accepted: a plain value (only " + ConfigKey.MILVUS_ROOT_PASSWORD.key()
                    + ", " + ConfigKey.MSK_SCRAM_PASSWORD.key() + " and " + ConfigKey.DOCKER_HUB_ACCESS_TOKEN.key()
                    + " are secrets)");
            return Optional.empty();
        }
        if (value.get().isBlank()) {
            problem(k, "has no value; accepted: " + key.accepted() + ", or remove the key for its default");
            return Optional.empty();
        }
        return value;
    }

    <T> Optional<T> scalar(ConfigKey key, T fallback, Function<String, T> parse) {
        var value = value(key);
        if (value.isEmpty()) {
            return Optional.ofNullable(fallback);
        }
        try {
            return Optional.of(parse.apply(value.get().trim()));
        } catch (BadValue bad) {
            problem(full(key), bad.getMessage() + "; accepted: " + key.accepted());
            return Optional.ofNullable(fallback);
        }
    }

    int intKey(ConfigKey key, int fallback, int min, int max) {
        return scalar(key, fallback, s -> rangeInt(s, parseLong(s), min, max)).orElse(fallback);
    }

    boolean boolKey(ConfigKey key, boolean fallback) {
        return scalar(key, fallback, ConfigReader::parseBool).orElse(fallback);
    }

    String stringKey(ConfigKey key, String fallback, Pattern pattern) {
        return scalar(key, fallback, s -> {
            if (!pattern.matcher(s).matches()) {
                throw new BadValue("'" + s + "' is not valid");
            }
            return s;
        }).orElse(fallback);
    }

    Optional<JsonElement> json(ConfigKey key) {
        var value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonParser.parseString(value.get()));
        } catch (JsonSyntaxException ex) {
            problem(full(key), "is not valid " + key.kind().name().toLowerCase() + "; accepted: " + key.accepted());
            return Optional.empty();
        }
    }

    List<String> stringList(ConfigKey key, List<String> fallback) {
        var el = json(key);
        if (el.isEmpty()) {
            return fallback;
        }
        if (!el.get().isJsonArray()) {
            problem(full(key), "must be a list; accepted: " + key.accepted());
            return fallback;
        }
        return strings(full(key), el.get().getAsJsonArray());
    }

    List<String> strings(String path, JsonArray array) {
        var out = new ArrayList<String>();
        for (int i = 0; i < array.size(); i++) {
            var item = array.get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                problem(path + "[" + i + "]", "must be a string");
            } else {
                out.add(item.getAsString());
            }
        }
        return out;
    }

    // ---- value helpers --------------------------------------------------------------------------------------

    static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    static <E extends Enum<E> & WireEnum> E enumOf(Class<E> type, String s) {
        return WireEnum.parse(type, s).orElseThrow(() -> new BadValue("'" + s + "' is not accepted"));
    }

    static long parseLong(String s) {
        BigDecimal n;
        try {
            n = new BigDecimal(s);
        } catch (NumberFormatException ex) {
            throw new BadValue("'" + s + "' is not a whole number");
        }
        return wholeNumber(n).orElseThrow(() -> new BadValue("'" + s + "' is not a whole number"));
    }

    /**
     * The number as a long; empty for a fraction. A whole number beyond a long (1e30, 20 digits) is out of every
     * range the stack accepts, so it becomes {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} and the range check
     * reports it as out of range.
     */
    static Optional<Long> wholeNumber(BigDecimal n) {
        if (n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
            return Optional.empty();
        }
        if (n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.of(Long.MAX_VALUE);
        }
        if (n.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Optional.of(Long.MIN_VALUE);
        }
        return Optional.of(n.longValue());
    }

    static int rangeInt(String literal, long v, int min, int max) {
        if (v < min || v > max) {
            throw new BadValue(outOfRange(v, literal) + " is out of range " + min + ".." + max);
        }
        return (int) v;
    }

    static boolean parseBool(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadValue("'" + s + "' is not a boolean");
        };
    }

    /** How an out-of-range number reads: a clamped huge one is not printed as 9223372036854775807. */
    static String outOfRange(long v, String literal) {
        return v == Long.MAX_VALUE || v == Long.MIN_VALUE ? literal : Long.toString(v);
    }

    /** A JSON object at a config path, reporting unknown members and wrong types against that path. */
    final class Obj {
        private final String path;
        private final JsonObject obj;
        /** Members already reported (wrong shape, no value, bad number): no second line such as "is required". */
        private final Set<String> reported = new HashSet<>();

        Obj(String path, JsonElement el, Set<String> allowed) {
            this.path = path;
            if (el == null || !el.isJsonObject()) {
                problem(path, "must be a map; accepted: " + (allowed.isEmpty() ? "a map"
                        : "a map of " + String.join(", ", allowed.stream().sorted().toList())));
                this.obj = null;
                return;
            }
            this.obj = el.getAsJsonObject();
            for (var member : obj.keySet()) {
                if (!allowed.contains(member)) {
                    problem(path + "." + member, "unknown key; accepted keys: " + String.join(", ",
                            allowed.stream().sorted().toList()));
                }
            }
        }

        boolean ok() {
            return obj != null;
        }

        String path(String member) {
            return path + "." + member;
        }

        boolean has(String member) {
            return obj != null && obj.has(member) && !obj.get(member).isJsonNull();
        }

        /** Written in the stack file, with or without a value. */
        boolean present(String member) {
            return obj != null && obj.has(member);
        }

        boolean reported(String member) {
            return reported.contains(member);
        }

        private void report(String member, String message) {
            reported.add(member);
            problem(path(member), message);
        }

        /**
         * True (and reported) when the member is written with no value ({@code metric:} in YAML is null): the
         * README promises an empty value is reported, never silently defaulted, at any depth.
         */
        private boolean emptyValue(String member, String accepted) {
            if (obj == null || !obj.has(member) || !obj.get(member).isJsonNull()) {
                return false;
            }
            report(member, "has no value; accepted: " + accepted + ", or remove the key for its default");
            return true;
        }

        Obj child(String member, Set<String> allowed) {
            if (emptyValue(member, "a map of " + String.join(", ", allowed.stream().sorted().toList()))
                    || !has(member)) {
                return null;
            }
            var child = new Obj(path(member), obj.get(member), allowed);
            if (!child.ok()) {
                reported.add(member);
                return null;
            }
            return child;
        }

        /** The member's value if it is a single value; a list or object there is reported and treated as absent. */
        private Optional<JsonPrimitive> primitive(String member, String accepted) {
            if (emptyValue(member, accepted) || !has(member)) {
                return Optional.empty();
            }
            var el = obj.get(member);
            if (!el.isJsonPrimitive()) {
                report(member, "must be a single value, not a " + (el.isJsonArray() ? "list" : "map"));
                return Optional.empty();
            }
            return Optional.of(el.getAsJsonPrimitive());
        }

        String string(String member, String fallback, Pattern pattern, String accepted) {
            var p = primitive(member, accepted == null ? "a string" : accepted);
            if (p.isEmpty()) {
                if (fallback == null && !reported(member)) {
                    report(member, "is required" + (accepted == null ? "" : "; accepted: " + accepted));
                }
                return fallback;
            }
            if (!p.get().isString()) {
                report(member, "must be a string" + (accepted == null ? "" : "; accepted: " + accepted));
                return fallback;
            }
            var s = p.get().getAsString();
            if (pattern != null && !pattern.matcher(s).matches()) {
                report(member, "'" + s + "' is not valid; accepted: " + accepted);
                return fallback;
            }
            return s;
        }

        List<String> strings(String member) {
            if (!has(member) || !obj.get(member).isJsonArray()) {
                report(member, "must be a list of strings");
                return List.of();
            }
            return ConfigReader.this.strings(path(member), obj.get(member).getAsJsonArray());
        }

        long longValue(String member, Long fallback, long min, long max) {
            var p = primitive(member, "a whole number " + min + ".." + max);
            if (p.isEmpty()) {
                if (fallback == null) {
                    if (!reported(member)) {
                        report(member, "is required; accepted: a whole number " + min + ".." + max);
                    }
                    return -1;
                }
                return fallback;
            }
            Optional<Long> whole = Optional.empty();
            if (p.get().isNumber()) {
                try {
                    whole = wholeNumber(p.get().getAsBigDecimal());
                } catch (NumberFormatException ex) {
                    whole = Optional.empty();
                }
            }
            if (whole.isEmpty()) {
                report(member, "'" + p.get().getAsString() + "' is not a whole number; accepted: " + min + ".." + max);
                return fallback == null ? -1 : fallback;
            }
            long v = whole.get();
            if (v < min || v > max) {
                report(member, outOfRange(v, p.get().getAsString()) + " is out of range; accepted: " + min + ".."
                        + max);
                return fallback == null ? -1 : fallback;
            }
            return v;
        }

        int integer(String member, Integer fallback, int min, int max) {
            return (int) longValue(member, fallback == null ? null : fallback.longValue(), min, max);
        }

        /** A number in (0, 1]: a share such as a recall floor. */
        double fraction(String member, double fallback) {
            var p = primitive(member, "a number in (0, 1]");
            if (p.isEmpty()) {
                return fallback;
            }
            if (!p.get().isNumber() || !(p.get().getAsDouble() > 0 && p.get().getAsDouble() <= 1)) {
                report(member, "'" + p.get().getAsString() + "' is not a number in (0, 1]; accepted: a number "
                        + "greater than 0 and at most 1, e.g. 0.95");
                return fallback;
            }
            return p.get().getAsDouble();
        }

        boolean bool(String member, boolean fallback) {
            var p = primitive(member, "true | false");
            if (p.isEmpty()) {
                return fallback;
            }
            if (!p.get().isBoolean()) {
                report(member, "'" + p.get().getAsString() + "' is not a boolean; accepted: true | false");
                return fallback;
            }
            return p.get().getAsBoolean();
        }

        <E extends Enum<E> & WireEnum> E enumValue(String member, Class<E> type, E fallback) {
            var p = primitive(member, WireEnum.accepted(type));
            if (p.isEmpty()) {
                return fallback;
            }
            var s = p.get().getAsString();
            var parsed = p.get().isString() ? WireEnum.parse(type, s) : Optional.<E>empty();
            if (parsed.isEmpty()) {
                report(member, "'" + s + "' is not accepted; accepted: " + WireEnum.accepted(type));
                return fallback;
            }
            return parsed.get();
        }
    }
}
