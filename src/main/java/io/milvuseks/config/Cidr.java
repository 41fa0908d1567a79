package io.milvuseks.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 CIDR block. */
public record Cidr(long base, int prefix) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix " + prefix);
        }
        if ((base & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("host bits set in " + format(base) + "/" + prefix);
        }
    }

    public static Optional<Cidr> parse(String s) {
        var m = FORM.matcher(s.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long base = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            base = (base << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32 || (base & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(base, prefix));
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long last() {
        return base + size() - 1;
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && other.base >= base && other.last() <= last();
    }

    public boolean overlaps(Cidr other) {
        return base <= other.last() && other.base <= last();
    }

    /** How many addresses the blocks cover together, overlaps counted once. */
    public static long unionSize(java.util.Collection<Cidr> blocks) {
        var sorted = blocks.stream().sorted(java.util.Comparator.comparingLong(Cidr::base)).toList();
        long total = 0;
        long coveredTo = -1; // last address counted so far
        for (var b : sorted) {
            long from = Math.max(b.base(), coveredTo + 1);
            if (b.last() >= from) {
                total += b.last() - from + 1;
                coveredTo = b.last();
            }
        }
        return total;
    }

    /** RFC 1918: 10/8, 172.16/12, 192.168/16. */
    public boolean isPrivate() {
        return Cidr.parse("10.0.0.0/8").orElseThrow().contains(this)
                || Cidr.parse("172.16.0.0/12").orElseThrow().contains(this)
                || Cidr.parse("192.168.0.0/16").orElseThrow().contains(this);
    }

    static String format(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
