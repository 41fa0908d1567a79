package io.milvuseks.kube;

import java.math.BigDecimal;

/** Kubernetes resource quantities ({@code 110m}, {@code 1465Mi}, {@code 1Gi}, {@code 0.5}, {@code 2k}). */
final class Quantity {

    private Quantity() {
    }

    /** The quantity as a plain number of units (cores, bytes). */
    static BigDecimal parse(Object q) {
        if (q instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        var s = q.toString().trim();
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
            {"Pi", "1125899906842624"}, {"Ei", "1152921504606846976"}, {"n", "0.000000001"}, {"u", "0.000001"},
            {"m", "0.001"}, {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"},
            {"P", "1000000000000000"}, {"E", "1000000000000000000"}};
        for (var sfx : suffixes) {
            if (s.endsWith(sfx[0])) {
                return new BigDecimal(s.substring(0, s.length() - sfx[0].length())).multiply(new BigDecimal(sfx[1]));
            }
        }
        return new BigDecimal(s);
    }

    static long milli(Object q) {
        return parse(q).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    static long mib(Object q) {
        return parse(q).divide(BigDecimal.valueOf(1L << 20), 0, java.math.RoundingMode.FLOOR).longValueExact();
    }

    static long bytes(Object q) {
        return parse(q).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
